// readTotals reports the numbers observe would, without building the observation: the period's
// good and total, and the worst bad share of the burn-rate windows.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BudgetObservation } from '../observation.js';
import { BudgetWindow, type BudgetTotals } from './budget-window.js';
import { DAY_MS, MINUTE_MS } from './minute-data.js';
import * as build from './test-support/objective-defs.js';
import { sketchOf } from './test-support/recompute-observation.js';

const T0 = Date.UTC(2026, 9, 31, 21, 17, 23);

const step = fc.oneof(
  fc.record({
    kind: fc.constant('apply' as const),
    minuteOffset: fc.integer({ min: -90, max: 2 }),
    good: fc.nat(20),
    bad: fc.nat(5),
    values: fc.array(fc.integer({ min: 50, max: 2000 }), { maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('read' as const),
    stepMs: fc.oneof(
      fc.integer({ min: 0, max: 2 * MINUTE_MS }),
      fc.integer({ min: 0, max: DAY_MS }),
    ),
  }),
);

const def = fc
  .record({
    period: fc.constantFrom(
      { kind: 'rolling' as const, durationMs: DAY_MS },
      { kind: 'calendar-month' as const },
    ),
    distribution: fc.boolean(),
    slices: fc.boolean(),
  })
  .map(({ period, distribution, slices }) => ({
    sli: distribution ? build.aLatencySli() : build.aRatioSli(),
    def: build.aBudgetObjective({
      period,
      ...(distribution ? { goodWhen: { comparator: '<=' as const, threshold: 800 } } : {}),
      ...(slices
        ? {
            timeSlice: {
              sliceMs: MINUTE_MS,
              statistic: distribution ? ('p95' as const) : ('good-ratio' as const),
              comparator: distribution ? ('<=' as const) : ('>=' as const),
              threshold: distribution ? 800 : 0.9,
            },
          }
        : {}),
    }),
  }));

function expected(obs: BudgetObservation): BudgetTotals {
  let worstBadShare = 0;
  for (const w of obs.windows) {
    if (w.total > 0) worstBadShare = Math.max(worstBadShare, (w.total - w.good) / w.total);
  }
  return { periodGood: obs.period.good, periodTotal: obs.period.total, worstBadShare };
}

describe('BudgetWindow.readTotals', () => {
  it('reports the period totals and worst bad share that observe reports', () => {
    fc.assert(
      fc.property(def, fc.array(step, { maxLength: 60 }), ({ sli, def: d }, steps) => {
        const client = build.aClient({ timeZone: 'Europe/Berlin' });
        const window = BudgetWindow.create(d, sli, client, T0);
        let nowMs = T0;
        const read: BudgetTotals = { periodGood: 0, periodTotal: 0, worstBadShare: 0 };
        for (const s of steps) {
          if (s.kind === 'apply') {
            window.apply({
              minuteMs: nowMs - (nowMs % MINUTE_MS) + s.minuteOffset * MINUTE_MS,
              good: sli.kind === 'ratio' ? s.good : 0,
              total: sli.kind === 'ratio' ? s.good + s.bad : 0,
              sketch: sli.kind === 'ratio' ? null : sketchOf(s.values),
            });
            continue;
          }
          nowMs += s.stepMs;
          window.readTotals(nowMs, read);
          expect(read).toEqual(expected(window.observe(nowMs)));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
