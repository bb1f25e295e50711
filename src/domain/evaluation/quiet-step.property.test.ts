// budgetStaysQuiet and thresholdStaysQuiet may only say true where evaluateObjective returns the
// given state and no transition; observations are drawn around every rule's rate, the objective,
// the threshold and the warning levels, where rounding decides.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aThresholdObjective,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import type { BurnRateRule } from '../definitions.js';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import type { ObjectiveState, Reason } from '../objective-state.js';
import { evaluateObjective } from './evaluate-objective.js';
import {
  budgetStaysQuiet,
  quietBudgetOf,
  thresholdStaysQuiet,
  worstBadShare,
} from './quiet-step.js';

const T0 = Date.UTC(2026, 0, 5);
const WINDOWS_MS = [5 * MINUTE_MS, 30 * MINUTE_MS, HOUR_MS, 6 * HOUR_MS, 3 * DAY_MS];

const rule: fc.Arbitrary<BurnRateRule> = fc.record({
  severity: fc.constantFrom('page' as const, 'ticket' as const),
  longWindowMs: fc.constantFrom(...WINDOWS_MS),
  shortWindowMs: fc.constantFrom(...WINDOWS_MS),
  burnRate: fc.oneof(fc.constantFrom(0, 1, 6, 14.4, 3.36), fc.double({ min: 0, max: 50 })),
});

const def = fc
  .record({
    objectiveRatio: fc.constantFrom(0.9, 0.99, 0.999, 0.9995, 0.9999, 1),
    rules: fc.option(fc.array(rule, { maxLength: 4 }), { nil: undefined }),
  })
  .map(({ objectiveRatio, rules }) =>
    aBudgetObjective({
      objectiveRatio,
      earlyWarning: rules === undefined ? {} : { burnRates: rules },
    }),
  );

/** Bad counts near `rate` × allowed share of the total, or anywhere. */
const windowCounts = (allowed: number, rates: number[]) =>
  fc
    .record({
      total: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000_000 })),
      rate: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(0, 0.01, 0.1) },
        { weight: 2, arbitrary: fc.constantFrom(1, ...rates) },
      ),
      nudge: fc.integer({ min: -2, max: 2 }),
      anyBad: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.nat(5000) },
      ),
    })
    .map(({ total, rate, nudge, anyBad }) => {
      const bad = anyBad ?? Math.round(rate * allowed * total) + nudge;
      const clamped = Math.min(total, Math.max(0, bad));
      return { good: total - clamped, total };
    });

const REASONS: Reason[] = [
  { kind: 'within-objective' },
  { kind: 'no-data' },
  { kind: 'warning-cleared', clearSinceMs: T0 - MINUTE_MS, clearAfterMs: MINUTE_MS },
];

const QUIET: ObjectiveState = { status: 'ok', sinceMs: T0 - HOUR_MS, reason: REASONS[0]! };

const state: fc.Arbitrary<ObjectiveState> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(QUIET) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        status: fc.constantFrom('ok' as const, 'early-warning' as const),
        sinceMs: fc.constant(T0 - HOUR_MS),
        reason: fc.constantFrom(...REASONS),
        withinSinceMs: fc.constant(T0 - HOUR_MS),
        clearSinceMs: fc.constant(T0 - HOUR_MS),
      },
      { requiredKeys: ['status', 'sinceMs', 'reason'] },
    ),
  },
);

const scenario = def.chain((d) => {
  const allowed = 1 - d.objectiveRatio;
  const rates = (d.earlyWarning.burnRates ?? []).map((r) => r.burnRate);
  return fc.record({
    def: fc.constant(d),
    windows: fc.tuple(...WINDOWS_MS.map(() => windowCounts(allowed, rates))),
    period: windowCounts(allowed, [1]),
    state,
  });
});

describe('budgetStaysQuiet', () => {
  it('holds only where evaluateObjective returns the same state and no transition', () => {
    let quietSteps = 0;
    fc.assert(
      fc.property(scenario, ({ def: d, windows, period, state: s }) => {
        const obs: BudgetObservation = {
          kind: 'budget',
          windows: windows.map((w, i) => ({ windowMs: WINDOWS_MS[i]!, ...w })),
          period: { ...period, startMs: T0 - 30 * DAY_MS, endMs: T0 },
        };
        const quiet = quietBudgetOf(d);
        if (quiet === undefined || !budgetStaysQuiet(quiet, obs, s, worstBadShare(obs))) return;
        quietSteps++;
        const evaluated = evaluateObjective(d, obs, s, T0);
        expect(evaluated.transition).toBeUndefined();
        expect(evaluated.state).toBe(s);
      }),
      { numRuns: 20_000 },
    );
    expect(quietSteps).toBeGreaterThan(1000);
  });

  it('is not offered where a rule rate is 0 or the objective leaves no room for bad events', () => {
    const zeroRate = aBudgetObjective({
      earlyWarning: {
        burnRates: [
          { severity: 'page', longWindowMs: HOUR_MS, shortWindowMs: HOUR_MS, burnRate: 0 },
        ],
      },
    });
    expect(quietBudgetOf(zeroRate)).toBeUndefined();
    expect(quietBudgetOf(aBudgetObjective({ objectiveRatio: 1 }))).toBeUndefined();
  });
});

const thresholdScenario = fc
  .record({
    threshold: fc.constantFrom(500, 800),
    enterRatio: fc.constantFrom(0.7, 0.8),
    fraction: fc.boolean(),
    trend: fc.boolean(),
    /** The value as a share of the threshold: near the warning level, near 1, or anywhere. */
    share: fc.oneof(
      fc.constantFrom(0.7, 0.8, 1),
      fc.double({ min: 0, max: 1.2, noNaN: true }),
      fc.constant(undefined),
    ),
    slopePerMinute: fc.oneof(fc.constant(0), fc.double({ min: -50, max: 50, noNaN: true })),
    points: fc.integer({ min: 0, max: 12 }),
    state,
  })
  .map(({ threshold, enterRatio, fraction, trend, share, slopePerMinute, points, state: s }) => {
    const def = aThresholdObjective({
      threshold,
      earlyWarning: {
        ...(fraction ? { fractionOfThreshold: { enterRatio, hysteresisRatio: 0.05 } } : {}),
        ...(trend
          ? { trendProjection: { horizonMs: 30 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS } }
          : {}),
      },
    });
    const value = share === undefined ? undefined : share * threshold;
    const series = Array.from({ length: points }, (_, i) => ({
      tMs: T0 - (points - i) * MINUTE_MS + MINUTE_MS / 2,
      value: (value ?? threshold / 2) - (points - i) * slopePerMinute,
    }));
    const obs: ThresholdObservation = { kind: 'threshold', value, series };
    return { def, obs, state: s };
  });

describe('thresholdStaysQuiet', () => {
  it('holds only where evaluateObjective returns the same state and no transition', () => {
    let quietSteps = 0;
    let warnings = 0;
    fc.assert(
      fc.property(thresholdScenario, ({ def: d, obs, state: s }) => {
        const evaluated = evaluateObjective(d, obs, s, T0);
        if (evaluated.transition?.to === 'early-warning') warnings++;
        if (!thresholdStaysQuiet(d, obs, s, T0)) return;
        quietSteps++;
        expect(evaluated.transition).toBeUndefined();
        expect(evaluated.state).toBe(s);
      }),
      { numRuns: 20_000 },
    );
    expect(quietSteps).toBeGreaterThan(1000);
    expect(warnings).toBeGreaterThan(1000);
  });
});
