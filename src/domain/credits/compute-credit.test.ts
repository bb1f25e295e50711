import { describe, expect, it } from 'vitest';
import { aBudgetObjective } from '../windows/test-support/objective-defs.js';
import type { MinuteData } from '../windows/minute-data.js';
import { billingPeriodContaining } from './billing-period.js';
import { computeCredit } from './compute-credit.js';
import type { CreditTerms } from './credit-terms.js';
import { at, creditTerms, overlay, ratioMinutes } from './test-support/credit-data.js';

const SEPTEMBER_UTC = billingPeriodContaining(at('2026-09-10T00:00:00Z'), 'UTC');
const availability = aBudgetObjective({ objectiveRatio: 0.999, sliId: 'requests' });
const sla = (objectives = [availability]) => ({ id: 'acme-api', objectives });
const withFee = (o: Partial<CreditTerms> = {}) =>
  creditTerms({ monthlyFee: { amount: 2000, currency: 'EUR' }, ...o });
const requestsSli = (minutes: MinuteData[]) => new Map([['requests', minutes]]);
const outage = (iso: string, minutes: number) => ratioMinutes(at(iso), minutes, 0, 1000);

describe('computeCredit against the public-cloud tiers', () => {
  // Requests basis, one busy interval: n failed of 1,000 gives exactly 100 − n/10 %.
  const creditFor = (failed: number) =>
    computeCredit(
      sla(),
      SEPTEMBER_UTC,
      withFee({ basis: 'requests' }),
      requestsSli(ratioMinutes(at('2026-09-07T10:00:00Z'), 1, 1000 - failed, 1000)),
    );

  it.each([
    [0, 100],
    [1, 99.9],
  ])('with %s of 1,000 requests failed, attainment %s %% earns no credit', (failed, attainment) => {
    const s = creditFor(failed);
    expect(s.lines[0]).toMatchObject({
      attainmentPercent: attainment,
      tier: null,
      creditPercent: 0,
    });
    expect(s.totalMinor).toBe(0);
  });

  it.each([
    [2, 99.8, 99.9, 10, 20_000],
    [10, 99, 99.9, 10, 20_000],
    [11, 98.9, 99, 25, 50_000],
    [50, 95, 99, 25, 50_000],
    [51, 94.9, 95, 100, 200_000],
    [1000, 0, 95, 100, 200_000],
  ])(
    'with %s of 1,000 requests failed, attainment %s %% is below %s and earns %s %% = %s cents',
    (failed, attainment, below, percent, amountMinor) => {
      const s = creditFor(failed);
      expect(s.lines[0]).toMatchObject({
        attainmentPercent: attainment,
        tier: { belowPercent: below, creditPercent: percent },
        amountMinor,
      });
      expect(s.totalMinor).toBe(amountMinor);
    },
  );

  it('states the period, key, currency, objective and the numbers behind the attainment', () => {
    const s = computeCredit(
      sla(),
      SEPTEMBER_UTC,
      withFee(),
      requestsSli(outage('2026-09-07T10:00:00Z', 211)),
    );
    expect(s).toMatchObject({
      key: 'acme-api|2026-09',
      slaId: 'acme-api',
      period: { label: '2026-09' },
      currency: 'EUR',
      fee: { currency: 'EUR', monthlyMinor: 200_000, proratedMinor: 200_000 },
      proration: { ratio: 1 },
      capApplied: false,
      totalMinor: 20_000,
      totalPercent: 10,
      notes: [],
    });
    expect(s.lines).toEqual([
      expect.objectContaining({
        objectiveKey: 'acme-api/availability',
        objectiveName: 'Availability',
        objectivePercent: 99.9,
        attainmentPercent: 99.512, // (43,200 − 211) / 43,200 = 99.51157… %
        tier: { belowPercent: 99.9, creditPercent: 10 },
        attainment: expect.objectContaining({ basis: 'time', badMinutes: 211 }),
      }),
    ]);
  });

  it('gives percentages only, amounts 0, and says so when the contract has no fee', () => {
    const s = computeCredit(
      sla(),
      SEPTEMBER_UTC,
      creditTerms(),
      requestsSli(outage('2026-09-07T10:00:00Z', 211)),
    );
    expect(s).toMatchObject({
      fee: null,
      currency: null,
      totalMinor: 0,
      totalPercent: 10,
      lines: [expect.objectContaining({ creditPercent: 10, amountMinor: 0 })],
      notes: ['No monthly fee in the contract: credits are percentages of the fee, amounts 0.'],
    });
  });

  it('notes an objective measured on time basis under a requests-basis contract', () => {
    const sliced = aBudgetObjective({
      name: 'Good minutes',
      timeSlice: { sliceMs: 60_000, statistic: 'good-ratio', comparator: '>=', threshold: 0.99 },
    });
    const s = computeCredit(
      sla([sliced]),
      SEPTEMBER_UTC,
      withFee({ basis: 'requests' }),
      new Map(),
    );
    expect(s.notes).toEqual([
      'Good minutes was measured on time basis: a time-slice objective judges time, not requests.',
    ]);
  });
});

describe('computeCredit caps the total at the fee', () => {
  const three = [
    aBudgetObjective({ key: 'acme-api/a', localId: 'a', name: 'A' }),
    aBudgetObjective({ key: 'acme-api/b', localId: 'b', name: 'B' }),
    aBudgetObjective({ key: 'acme-api/c', localId: 'c', name: 'C' }),
  ];
  /** Ten days down: 66.667 % attainment, the 100 % tier for each objective. */
  const tenDaysDown = requestsSli(outage('2026-09-01T00:00:00Z', 10 * 1440));

  it('totals exactly the fee when three objectives each earn 100 %', () => {
    const s = computeCredit(sla(three), SEPTEMBER_UTC, withFee(), tenDaysDown);
    expect(s.lines.map((l) => [l.creditPercent, l.amountMinor])).toEqual([
      [100, 200_000],
      [100, 200_000],
      [100, 200_000],
    ]);
    expect(s).toMatchObject({
      uncappedMinor: 600_000,
      uncappedPercent: 300,
      capApplied: true,
      totalMinor: 200_000,
      totalPercent: 100,
    });
  });

  it('totals exactly the pro-rated fee to the cent in a partial month', () => {
    // Active for the last 20 of 30 days: EUR 100.00 × 2/3 = 66.666… → 66.67.
    const s = computeCredit(
      sla(three),
      SEPTEMBER_UTC,
      withFee({
        monthlyFee: { amount: 100, currency: 'EUR' },
        activeFromMs: at('2026-09-11T00:00:00Z'),
      }),
      requestsSli(outage('2026-09-11T00:00:00Z', 10 * 1440)),
    );
    expect(s.fee?.proratedMinor).toBe(6667);
    expect(s.lines.map((l) => l.amountMinor)).toEqual([6667, 6667, 6667]);
    expect(s).toMatchObject({ capApplied: true, totalMinor: 6667 });
  });

  it('leaves the total alone when the lines stay under the fee', () => {
    const s = computeCredit(
      sla(three.slice(0, 2)),
      SEPTEMBER_UTC,
      withFee(),
      requestsSli(outage('2026-09-07T10:00:00Z', 211)),
    );
    expect(s).toMatchObject({ uncappedMinor: 40_000, capApplied: false, totalMinor: 40_000 });
  });
});

describe('computeCredit in a partial month', () => {
  const berlinSeptember = billingPeriodContaining(at('2026-09-20T00:00:00Z'), 'Europe/Berlin');

  it('pro-rates the fee by half for a contract starting on the 16th of a 30-day month', () => {
    const minutes = overlay(
      outage('2026-09-05T10:00:00Z', 3000), // before the contract: not counted
      outage('2026-09-20T10:00:00Z', 60),
    );
    const s = computeCredit(
      sla(),
      berlinSeptember,
      withFee({ activeFromMs: at('2026-09-15T22:00:00Z') }),
      requestsSli(minutes),
    );
    expect(s).toMatchObject({
      key: 'acme-api|2026-09',
      proration: { ratio: 0.5, activeFromMs: at('2026-09-15T22:00:00Z') },
      fee: { monthlyMinor: 200_000, proratedMinor: 100_000 },
      lines: [
        expect.objectContaining({
          attainmentPercent: 99.722, // (21,600 − 60) / 21,600
          creditPercent: 10,
          amountMinor: 10_000,
        }),
      ],
      totalMinor: 10_000,
    });
  });

  it('counts October’s extra DST hour in Berlin when pro-rating', () => {
    const berlinOctober = billingPeriodContaining(at('2026-10-10T00:00:00Z'), 'Europe/Berlin');
    const s = computeCredit(
      sla(),
      berlinOctober,
      withFee({ activeFromMs: at('2026-10-15T22:00:00Z') }), // 16 October 00:00 CEST
      requestsSli(outage('2026-10-20T10:00:00Z', 600)),
    );
    // 16 days and the hour gained on 25 October: 385 of the month's 745 hours.
    expect(s.proration.ratio).toBeCloseTo(385 / 745, 12);
    // EUR 2,000.00 × 385 / 745 = 1,033.5570… → EUR 1,033.56.
    expect(s.fee?.proratedMinor).toBe(103_356);
    // 600 of 23,100 minutes down: 97.403 % → 25 % of EUR 1,033.5570… = 258.389… → EUR 258.39.
    expect(s.lines[0]).toMatchObject({ attainmentPercent: 97.403, amountMinor: 25_839 });
  });

  it('owes nothing for a month the contract did not cover', () => {
    const s = computeCredit(
      sla(),
      SEPTEMBER_UTC,
      withFee({ activeFromMs: at('2026-11-01T00:00:00Z') }),
      requestsSli(outage('2026-09-07T10:00:00Z', 600)),
    );
    expect(s).toMatchObject({
      proration: { ratio: 0, activeMs: 0 },
      fee: { proratedMinor: 0 },
      lines: [expect.objectContaining({ attainmentPercent: 100, creditPercent: 0 })],
      totalMinor: 0,
    });
  });
});

describe('computeCredit rounds minor units half up', () => {
  it.each([
    [10.1, 25, 253], // 252.5 cents
    [33.33, 10, 333], // 333.3 cents
    [19.995, 10, 200], // the fee itself rounds to 20.00 first
    [0.05, 10, 1], // 0.5 cents
    [0.04, 10, 0], // 0.4 cents
  ])('EUR %s at %s %% credits %s cents', (fee, percent, cents) => {
    const s = computeCredit(
      sla(),
      SEPTEMBER_UTC,
      creditTerms({
        tiers: [{ belowPercent: 99.9, creditPercent: percent }],
        monthlyFee: { amount: fee, currency: 'EUR' },
      }),
      requestsSli(outage('2026-09-07T10:00:00Z', 211)),
    );
    expect(s.totalMinor).toBe(cents);
  });
});
