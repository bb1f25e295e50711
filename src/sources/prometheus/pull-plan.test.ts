import { describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  DAY_MS,
  MINUTE_MS,
  someDefinitions,
} from '../../../test/support/builders.js';
import type { PrometheusSliQuery } from '../../domain/sources.js';
import type { PrometheusSeries } from './prometheus-api-client.js';
import {
  alignDown,
  alignUp,
  convertPoints,
  longestObjectiveWindowMs,
  planBackfill,
  withWindow,
} from './pull-plan.js';

const ratio: PrometheusSliQuery = {
  sliId: 'requests',
  kind: 'ratio',
  goodQuery: 'good',
  totalQuery: 'total',
};
const value: PrometheusSliQuery = { sliId: 'latency', kind: 'value', valueQuery: 'p95' };
const one = (points: Array<[number, number]>, labels = {}): PrometheusSeries[] => [
  { labels, points: points.map(([timeMs, v]) => ({ timeMs, value: v })) },
];

describe('interval alignment', () => {
  it.each([
    [61_000, 15_000, 60_000, 75_000],
    [60_000, 15_000, 60_000, 60_000],
    [59_999, 60_000, 0, 60_000],
  ])('aligns %i to %i ms intervals: down %i, up %i', (ms, interval, down, up) => {
    expect(alignDown(ms, interval)).toBe(down);
    expect(alignUp(ms, interval)).toBe(up);
  });
});

describe('withWindow', () => {
  it('replaces every {{.window}} with the interval as a Prometheus duration', () => {
    const q = 'sum(increase(a[{{.window}}])) / sum(increase(b[{{.window}}]))';
    expect(withWindow(q, 60_000)).toBe('sum(increase(a[1m])) / sum(increase(b[1m]))');
    expect(withWindow('rate(a[{{.window}}])', 90_000)).toBe('rate(a[1m30s])');
  });
});

describe('the back-fill', () => {
  const defs = someDefinitions({
    slas: [
      anSla([
        aThresholdObjective({ measurementWindowMs: 5 * MINUTE_MS }),
        aBudgetObjective({ period: { kind: 'rolling', durationMs: 7 * DAY_MS } }),
      ]),
    ],
  });

  it('wants the longest window of the objectives the pulled SLIs feed', () => {
    expect(longestObjectiveWindowMs(defs, ['requests'])).toBe(7 * DAY_MS);
    // The threshold objective's trend lookback (10 min) is longer than its 5 min window.
    expect(longestObjectiveWindowMs(defs, ['latency'])).toBe(10 * MINUTE_MS);
    expect(longestObjectiveWindowMs(defs, ['nothing'])).toBe(0);
  });

  it('reads a calendar-month objective as 31 days', () => {
    const monthly = someDefinitions({
      slas: [anSla([aBudgetObjective({ period: { kind: 'calendar-month' } })])],
    });
    expect(longestObjectiveWindowMs(monthly, ['requests'])).toBe(31 * DAY_MS);
  });

  it('fetches the whole window wanted, capped only at the longest history stored', () => {
    expect(planBackfill(30 * DAY_MS, 400 * DAY_MS)).toEqual({
      wantedMs: 30 * DAY_MS,
      effectiveMs: 30 * DAY_MS,
      capped: false,
    });
    expect(planBackfill(500 * DAY_MS, 400 * DAY_MS)).toEqual({
      wantedMs: 500 * DAY_MS,
      effectiveMs: 400 * DAY_MS,
      capped: true,
    });
    expect(planBackfill(10 * MINUTE_MS, 400 * DAY_MS)).toEqual({
      wantedMs: 10 * MINUTE_MS,
      effectiveMs: 10 * MINUTE_MS,
      capped: false,
    });
  });
});

describe('convertPoints', () => {
  it('stamps each ratio sample at the start of the interval its point ends', () => {
    const out = convertPoints(ratio, 15_000, {
      good: one([
        [30_000, 98.4],
        [45_000, 100],
      ]),
      total: one([
        [30_000, 100.2],
        [45_000, 100],
      ]),
    });
    expect(out).toEqual({
      items: [
        { sli: 'requests', ts: 15_000, good: 98, total: 100 },
        { sli: 'requests', ts: 30_000, good: 100, total: 100 },
      ],
      skipped: [],
    });
  });

  it('counts a missing good point as no good event, and leaves out intervals without traffic', () => {
    const out = convertPoints(ratio, 15_000, {
      good: [],
      total: one([
        [30_000, 12],
        [45_000, 0],
        [60_000, 0.4],
      ]),
    });
    expect(out.items).toEqual([{ sli: 'requests', ts: 15_000, good: 0, total: 12 }]);
    expect(out.skipped).toEqual([]);
  });

  it('never gives more good than total when rounding or the two queries disagree', () => {
    const out = convertPoints(ratio, 15_000, {
      good: one([[30_000, 10.6]]),
      total: one([[30_000, 10.4]]),
    });
    expect(out.items).toEqual([{ sli: 'requests', ts: 15_000, good: 10, total: 10 }]);
  });

  it('skips ratio intervals whose counts are not finite, with the reason', () => {
    const out = convertPoints(ratio, 15_000, {
      good: one([[30_000, Number.NaN]]),
      total: one([[30_000, 10]]),
    });
    expect(out.items).toEqual([]);
    expect(out.skipped).toEqual([
      { ts: 15_000, reason: 'good NaN / total 10 is not a pair of finite counts' },
    ]);
  });

  it('gives one value per interval, skipping NaN and +Inf with their reasons', () => {
    const out = convertPoints(value, 60_000, {
      value: one([
        [120_000, 312.5],
        [180_000, Number.NaN],
        [240_000, Number.POSITIVE_INFINITY],
      ]),
    });
    expect(out.items).toEqual([{ sli: 'latency', ts: 60_000, value: 312.5 }]);
    expect(out.skipped.map((s) => s.ts)).toEqual([120_000, 180_000]);
    expect(out.skipped[0]!.reason).toContain('NaN (no data in the interval)');
    expect(out.skipped[1]!.reason).toContain('+Inf');
  });

  it('refuses a query giving several series and asks for an aggregation', () => {
    const series: PrometheusSeries[] = [
      { labels: { code: '200' }, points: [{ timeMs: 30_000, value: 1 }] },
      { labels: { code: '500' }, points: [{ timeMs: 30_000, value: 1 }] },
    ];
    expect(() => convertPoints(ratio, 15_000, { good: series, total: [] })).toThrow(
      'goodQuery gave 2 series ({"code":"200"}, {"code":"500"}); aggregate them into one, e.g. with sum(…)',
    );
  });
});
