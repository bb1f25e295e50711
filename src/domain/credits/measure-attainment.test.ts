import { describe, expect, it } from 'vitest';
import { aBudgetObjective, aThresholdObjective } from '../windows/test-support/objective-defs.js';
import { HOUR_MS, MINUTE_MS } from '../windows/minute-data.js';
import { billingPeriodContaining } from './billing-period.js';
import { measureAttainment } from './measure-attainment.js';
import {
  at,
  creditTerms,
  distributionMinutes,
  overlay,
  ratioMinutes,
} from './test-support/credit-data.js';

// September 2026 in UTC: 30 days, 43,200 minutes.
const SEPTEMBER = billingPeriodContaining(at('2026-09-10T00:00:00Z'), 'UTC');
const MINUTES = 43_200;
const availability = aBudgetObjective({ objectiveRatio: 0.999 });
/** Every minute of September serves 1,000 requests without error. */
const healthy = () => ratioMinutes(SEPTEMBER.fromMs, MINUTES, 1000, 1000);
const outage = (iso: string, minutes: number) => ratioMinutes(at(iso), minutes, 0, 1000);

describe('measureAttainment on time basis', () => {
  it('counts a 4-minute blip under a 5-minute minimum downtime as good', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), outage('2026-09-10T12:00:00Z', 4)),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({
      basis: 'time',
      attainmentPercent: 100,
      badMinutes: 0,
      shortBadMinutes: 4,
      downtimePeriods: [],
      eligibleMinutes: MINUTES,
    });
  });

  it('counts a 6-minute outage as 6 bad minutes in one downtime period', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), outage('2026-09-10T12:00:00Z', 6)),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({
      basis: 'time',
      badMinutes: 6,
      shortBadMinutes: 0,
      downtimePeriods: [{ fromMs: at('2026-09-10T12:00:00Z'), toMs: at('2026-09-10T12:06:00Z') }],
    });
    expect(a.attainmentPercent).toBeCloseTo(((MINUTES - 6) / MINUTES) * 100, 12);
  });

  it('counts minutes without data as good', () => {
    const sparse = overlay(
      ratioMinutes(at('2026-09-01T00:00:00Z'), 10, 1000, 1000),
      outage('2026-09-01T00:10:00Z', 2),
      ratioMinutes(at('2026-09-20T00:00:00Z'), 10, 1000, 1000),
    );
    const a = measureAttainment(availability, sparse, SEPTEMBER, creditTerms());
    expect(a).toMatchObject({ attainmentPercent: 100, minutesWithData: 22, shortBadMinutes: 2 });
  });

  it('gives 100 % when the SLI sent nothing all month', () => {
    expect(measureAttainment(availability, [], SEPTEMBER, creditTerms())).toMatchObject({
      attainmentPercent: 100,
      minutesWithData: 0,
      badMinutes: 0,
    });
  });

  it('marks a minute down when its error share exceeds the error budget, not when it equals it', () => {
    const a = measureAttainment(
      availability,
      overlay(
        healthy(),
        ratioMinutes(at('2026-09-05T00:00:00Z'), 5, 999, 1000), // 0.1 %: at the budget
        ratioMinutes(at('2026-09-06T00:00:00Z'), 5, 998, 1000), // 0.2 %: over it
      ),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({ badMinuteErrorRatio: 0.001, badMinutes: 5 });
  });

  it('uses the contract’s own bad-minute error share when it sets one', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), ratioMinutes(at('2026-09-06T00:00:00Z'), 30, 980, 1000)), // 2 % errors
      SEPTEMBER,
      creditTerms({ badMinuteErrorRatio: 0.05 }),
    );
    expect(a).toMatchObject({ badMinuteErrorRatio: 0.05, badMinutes: 0, attainmentPercent: 100 });
  });

  it('counts a run that reaches the end of the period', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), outage('2026-09-30T23:50:00Z', 10)),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({
      badMinutes: 10,
      downtimePeriods: [{ fromMs: at('2026-09-30T23:50:00Z'), toMs: SEPTEMBER.toMs }],
    });
  });

  it('adds up several deltas of the same minute before judging it', () => {
    const minute = at('2026-09-03T00:00:00Z');
    const deltas = [0, 1, 2, 3, 4, 5].flatMap((k) => [
      { minuteMs: minute + k * MINUTE_MS, good: 500, total: 500, sketch: null },
      { minuteMs: minute + k * MINUTE_MS, good: 0, total: 500, sketch: null },
    ]);
    expect(measureAttainment(availability, deltas, SEPTEMBER, creditTerms())).toMatchObject({
      badMinutes: 6,
    });
  });
});

describe('measureAttainment on requests basis', () => {
  it('averages per-interval error rates, which differ from the pooled ratio when traffic is uneven', () => {
    // 00:00–00:05: 10,000 requests, 10 failed (0.1 %). 00:05–00:10: 10 requests, 5 failed (50 %).
    const minutes = [
      ...ratioMinutes(at('2026-09-01T00:00:00Z'), 5, 1998, 2000),
      ...ratioMinutes(at('2026-09-01T00:05:00Z'), 1, 5, 10),
    ];
    const a = measureAttainment(
      availability,
      minutes,
      SEPTEMBER,
      creditTerms({ basis: 'requests' }),
    );
    expect(a).toMatchObject({
      basis: 'requests',
      intervalMs: 5 * MINUTE_MS,
      intervalsWithTraffic: 2,
      goodEvents: 10_000 - 10 + 5,
      totalEvents: 10_010,
    });
    if (a.basis !== 'requests') throw new Error('expected the requests basis');
    // Mean of (0.001, 0.5) = 25.05 % errors → 74.95 %; pooled 15 / 10,010 = 0.150 % → 99.850 %.
    expect(a.meanErrorRate).toBeCloseTo(0.2505, 12);
    expect(a.attainmentPercent).toBeCloseTo(74.95, 9);
    expect(a.pooledErrorRate).toBeCloseTo(15 / 10_010, 12);
    expect(100 - 100 * a.pooledErrorRate).toBeCloseTo(99.85015, 5);
  });

  it('gives 100 % with no traffic at all', () => {
    expect(
      measureAttainment(availability, [], SEPTEMBER, creditTerms({ basis: 'requests' })),
    ).toMatchObject({ basis: 'requests', attainmentPercent: 100, intervalsWithTraffic: 0 });
  });

  it('takes intervals from the period start, whatever the interval length', () => {
    const minutes = ratioMinutes(at('2026-09-01T00:00:00Z'), 60, 900, 1000);
    const a = measureAttainment(
      availability,
      minutes,
      SEPTEMBER,
      creditTerms({ basis: 'requests', intervalMs: HOUR_MS }),
    );
    expect(a).toMatchObject({ intervalsWithTraffic: 1 });
    expect(a.attainmentPercent).toBeCloseTo(90, 12);
  });

  it('falls back to time basis for a threshold objective, and says so', () => {
    const a = measureAttainment(
      aThresholdObjective(),
      [],
      SEPTEMBER,
      creditTerms({ basis: 'requests' }),
    );
    expect(a).toMatchObject({
      basis: 'time',
      fallback: { from: 'requests', reason: 'threshold-objective' },
    });
  });

  it('falls back to time basis for a time-slice objective, and says so', () => {
    const sliced = aBudgetObjective({
      timeSlice: { sliceMs: MINUTE_MS, statistic: 'good-ratio', comparator: '>=', threshold: 0.99 },
    });
    const a = measureAttainment(sliced, [], SEPTEMBER, creditTerms({ basis: 'requests' }));
    expect(a).toMatchObject({
      basis: 'time',
      fallback: { from: 'requests', reason: 'time-slice-objective' },
    });
  });
});

describe('measureAttainment of distribution objectives', () => {
  const fast = Array.from({ length: 20 }, () => 100);
  /** 18 of 20 requests fast, 2 over 800 ms: 10 % bad. */
  const slowish = [...fast.slice(2), 2000, 2000];
  const latency = aBudgetObjective({
    key: 'acme-api/latency',
    sliId: 'latency',
    objectiveRatio: 0.99,
    goodWhen: { comparator: '<=', threshold: 800 },
  });
  const month = (...overrides: ReturnType<typeof distributionMinutes>[]) =>
    overlay(distributionMinutes(SEPTEMBER.fromMs, MINUTES, fast), ...overrides);

  it('classifies the sketch’s values with goodWhen and marks minutes over the error budget down', () => {
    const a = measureAttainment(
      latency,
      month(distributionMinutes(at('2026-09-12T08:00:00Z'), 7, slowish)),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({ basis: 'time', badMinuteErrorRatio: 0.01, badMinutes: 7 });
  });

  it('counts goodWhen events per interval on requests basis', () => {
    const a = measureAttainment(
      latency,
      distributionMinutes(at('2026-09-12T08:00:00Z'), 5, slowish),
      SEPTEMBER,
      creditTerms({ basis: 'requests' }),
    );
    expect(a).toMatchObject({ basis: 'requests', goodEvents: 90, totalEvents: 100 });
    expect(a.attainmentPercent).toBeCloseTo(90, 12);
  });

  it('judges one-minute time slices by their statistic', () => {
    const p95Slices = aBudgetObjective({
      sliId: 'latency',
      timeSlice: { sliceMs: MINUTE_MS, statistic: 'p95', comparator: '<=', threshold: 800 },
    });
    const a = measureAttainment(
      p95Slices,
      month(distributionMinutes(at('2026-09-12T08:00:00Z'), 7, slowish)),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({ basis: 'time', badMinutes: 7 });
    expect(a).not.toHaveProperty('badMinuteErrorRatio');
  });

  it('judges a 10-minute slice on its minutes merged, so one slow minute can spoil ten', () => {
    const p95Slices = aBudgetObjective({
      sliId: 'latency',
      timeSlice: { sliceMs: 10 * MINUTE_MS, statistic: 'p95', comparator: '<=', threshold: 800 },
    });
    // One minute of 20 slow requests among 200: 10 % slow, so the slice's p95 is slow.
    const a = measureAttainment(
      p95Slices,
      month(distributionMinutes(at('2026-09-12T08:03:00Z'), 1, [2000])),
      SEPTEMBER,
      creditTerms(),
    );
    expect(a).toMatchObject({ badMinutes: 0, shortBadMinutes: 0 });
    const spoiled = measureAttainment(
      p95Slices,
      month(
        distributionMinutes(
          at('2026-09-12T08:03:00Z'),
          1,
          fast.map(() => 2000),
        ),
      ),
      SEPTEMBER,
      creditTerms(),
    );
    expect(spoiled).toMatchObject({
      badMinutes: 10,
      downtimePeriods: [{ fromMs: at('2026-09-12T08:00:00Z'), toMs: at('2026-09-12T08:10:00Z') }],
    });
  });

  it('judges a threshold objective by each minute’s statistic, a minute without data being good', () => {
    const p95 = aThresholdObjective({ statistic: 'p95', comparator: '<=', threshold: 800 });
    const minutes = overlay(
      distributionMinutes(
        at('2026-09-12T08:00:00Z'),
        8,
        fast.map(() => 900),
      ),
      distributionMinutes(
        at('2026-09-12T08:09:00Z'),
        8,
        fast.map(() => 900),
      ),
    );
    // 08:08 has no data: it is good and splits the slow minutes into two 8-minute runs.
    const a = measureAttainment(p95, minutes, SEPTEMBER, creditTerms());
    expect(a).toMatchObject({
      basis: 'time',
      badMinutes: 16,
      downtimePeriods: [
        { fromMs: at('2026-09-12T08:00:00Z'), toMs: at('2026-09-12T08:08:00Z') },
        { fromMs: at('2026-09-12T08:09:00Z'), toMs: at('2026-09-12T08:17:00Z') },
      ],
    });
  });
});

describe('measureAttainment with maintenance windows', () => {
  const window = {
    name: 'database upgrade',
    fromMs: at('2026-09-13T01:00:00Z'),
    toMs: at('2026-09-13T03:00:00Z'),
  };

  it('gives 100 % for an outage entirely inside a maintenance window', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), outage('2026-09-13T01:30:00Z', 60)),
      SEPTEMBER,
      creditTerms({ exclusions: [window] }),
    );
    expect(a).toMatchObject({
      attainmentPercent: 100,
      excludedMinutes: 120,
      eligibleMinutes: MINUTES - 120,
      badMinutes: 0,
    });
  });

  it('counts only the part of an outage outside the window', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), outage('2026-09-13T02:30:00Z', 50)),
      SEPTEMBER,
      creditTerms({ exclusions: [window] }),
    );
    expect(a).toMatchObject({
      badMinutes: 20,
      downtimePeriods: [{ fromMs: at('2026-09-13T03:00:00Z'), toMs: at('2026-09-13T03:20:00Z') }],
    });
    expect(a.attainmentPercent).toBeCloseTo(((MINUTES - 120 - 20) / (MINUTES - 120)) * 100, 12);
  });

  it('leaves maintenance minutes out of the intervals on requests basis', () => {
    const a = measureAttainment(
      availability,
      overlay(healthy(), outage('2026-09-13T01:30:00Z', 60)),
      SEPTEMBER,
      creditTerms({ basis: 'requests', exclusions: [window] }),
    );
    expect(a).toMatchObject({ attainmentPercent: 100, intervalsWithTraffic: (MINUTES - 120) / 5 });
  });

  it('excludes a whole minute that a window only touches', () => {
    const partial = {
      name: 'blip',
      fromMs: at('2026-09-13T01:00:30Z'),
      toMs: at('2026-09-13T01:01:30Z'),
    };
    expect(
      measureAttainment(availability, [], SEPTEMBER, creditTerms({ exclusions: [partial] })),
    ).toMatchObject({ excludedMinutes: 2 });
  });
});

describe('measureAttainment in a partial month', () => {
  const berlinSeptember = billingPeriodContaining(at('2026-09-20T00:00:00Z'), 'Europe/Berlin');
  const startsOn16th = at('2026-09-15T22:00:00Z'); // 16 September 00:00 in Berlin

  it('measures only the part of the month under contract', () => {
    const minutes = overlay(
      ratioMinutes(berlinSeptember.fromMs, MINUTES, 1000, 1000),
      outage('2026-09-10T10:00:00Z', 600), // before the contract: not counted
      outage('2026-09-20T10:00:00Z', 60),
    );
    const a = measureAttainment(
      availability,
      minutes,
      berlinSeptember,
      creditTerms({ activeFromMs: startsOn16th }),
    );
    expect(a).toMatchObject({
      periodMinutes: MINUTES,
      inactiveMinutes: MINUTES / 2,
      eligibleMinutes: MINUTES / 2,
      badMinutes: 60,
    });
    expect(a.attainmentPercent).toBeCloseTo(((21_600 - 60) / 21_600) * 100, 12);
  });

  it('stops at the contract’s end', () => {
    const a = measureAttainment(
      availability,
      outage('2026-09-25T00:00:00Z', 60),
      berlinSeptember,
      creditTerms({ activeUntilMs: at('2026-09-24T22:00:00Z') }),
    );
    expect(a).toMatchObject({ badMinutes: 0, eligibleMinutes: 24 * 1440, attainmentPercent: 100 });
  });

  it('follows the client’s month: an outage at 23:30 Berlin time on 30 September is not October’s', () => {
    const berlinOctober = billingPeriodContaining(at('2026-10-10T00:00:00Z'), 'Europe/Berlin');
    const a = measureAttainment(
      availability,
      outage('2026-09-30T21:30:00Z', 30),
      berlinOctober,
      creditTerms(),
    );
    expect(a).toMatchObject({ periodMinutes: (31 * 24 + 1) * 60, badMinutes: 0 });
    const lastNight = measureAttainment(
      availability,
      outage('2026-10-31T22:30:00Z', 30), // 23:30–00:00 CET on 31 October: still October
      berlinOctober,
      creditTerms(),
    );
    expect(lastNight).toMatchObject({ badMinutes: 30 });
  });
});
