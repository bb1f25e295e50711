import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectiveDef } from '../definitions.js';
import type { Observation } from '../observation.js';
import type { ObjectiveState, ObjectiveStatus, Reason } from '../objective-state.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { evaluateObjective } from './evaluate-objective.js';

const T0 = Date.UTC(2026, 0, 5);
const STATUSES: ObjectiveStatus[] = ['ok', 'early-warning', 'breach', 'recovered'];
const REASONS: Reason[] = [{ kind: 'within-objective' }, { kind: 'no-data' }];

const thresholdDef = aThresholdObjective({
  clearAfterMs: 2 * MINUTE_MS,
  recoveryPeriodMs: 3 * MINUTE_MS,
});
const budgetDef = aBudgetObjective({
  clearAfterMs: 2 * MINUTE_MS,
  recoveryPeriodMs: 3 * MINUTE_MS,
});

const latencyObservation = fc.record({
  kind: fc.constant('threshold' as const),
  value: fc.option(fc.integer({ min: 0, max: 1200 }), { nil: undefined }),
  series: fc.array(
    fc.record({
      tMs: fc.integer({ min: T0 - 20 * MINUTE_MS, max: T0 + 2 * HOUR_MS }),
      value: fc.integer({ min: 0, max: 1200 }),
    }),
    { maxLength: 12 },
  ),
});

const budgetObservation = fc
  .record({
    badShares: fc.array(fc.double({ min: 0, max: 0.05, noNaN: true }), {
      minLength: 5,
      maxLength: 5,
    }),
    periodBad: fc.integer({ min: 0, max: 3000 }),
    total: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map(({ badShares, periodBad, total }) => ({
    kind: 'budget' as const,
    windows: [HOUR_MS, 5 * MINUTE_MS, 6 * HOUR_MS, 30 * MINUTE_MS, 3 * DAY_MS].map(
      (windowMs, i) => ({
        windowMs,
        good: 10_000 - Math.round((badShares[i] ?? 0) * 10_000),
        total: 10_000,
      }),
    ),
    period: {
      good: Math.max(0, total - periodBad),
      total,
      startMs: T0 - 30 * DAY_MS,
      endMs: T0,
    },
  }));

const anyState: fc.Arbitrary<ObjectiveState> = fc.record(
  {
    status: fc.constantFrom(...STATUSES),
    sinceMs: fc.integer({ min: T0 - HOUR_MS, max: T0 }),
    reason: fc.constantFrom(...REASONS),
    withinSinceMs: fc.integer({ min: T0 - HOUR_MS, max: T0 }),
    clearSinceMs: fc.integer({ min: T0 - HOUR_MS, max: T0 }),
  },
  { requiredKeys: ['status', 'sinceMs', 'reason'] },
);

/** A run of observations a few seconds to a few minutes apart. */
const timeline = <T extends Observation>(observation: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(fc.integer({ min: 1000, max: 4 * MINUTE_MS }), observation), {
    minLength: 1,
    maxLength: 40,
  });

function checkRun(def: ObjectiveDef, start: ObjectiveState, steps: Array<[number, Observation]>) {
  let state = start;
  let nowMs = T0;
  for (const [gapMs, obs] of steps) {
    nowMs += gapMs;
    const { state: next, transition } = evaluateObjective(def, obs, state, nowMs);
    if (transition === undefined) {
      expect(next.status).toBe(state.status);
      expect(next.sinceMs).toBe(state.sinceMs);
    } else {
      expect(transition.from).not.toBe(transition.to);
      expect(transition.from).toBe(state.status);
      expect(transition.to).toBe(next.status);
      expect(transition.atMs).toBe(nowMs);
      expect(next.sinceMs).toBe(nowMs);
    }
    state = next;
  }
}

describe('every evaluation', () => {
  it('emits a transition only for a real status change, from the previous status (threshold)', () => {
    fc.assert(
      fc.property(anyState, timeline(latencyObservation), (start, steps) =>
        checkRun(thresholdDef, start, steps),
      ),
    );
  });

  it('emits a transition only for a real status change, from the previous status (budget)', () => {
    fc.assert(
      fc.property(anyState, timeline(budgetObservation), (start, steps) =>
        checkRun(budgetDef, start, steps),
      ),
    );
  });
});
