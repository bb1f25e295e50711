import { describe, expect, it } from 'vitest';
import type { ObjectiveDef } from '../definitions.js';
import type { BudgetObservation, Observation, ThresholdObservation } from '../observation.js';
import type { ObjectiveState, ObjectiveStatus, Reason } from '../objective-state.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { evaluateObjective, initialObjectiveState } from './evaluate-objective.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const at = (minute: number) => T0 + minute * MINUTE_MS;

const p95 = (value: number | undefined): ThresholdObservation => ({
  kind: 'threshold',
  value,
  series: [],
});

interface Step {
  minute: number;
  obs: Observation;
  status: ObjectiveStatus;
  /** The transition expected at this step, if any. */
  transition?: Reason['kind'];
}

/** Runs the steps from a fresh state; returns the states so tests can look at numbers. */
function play(def: ObjectiveDef, steps: Step[]): ObjectiveState[] {
  let state = initialObjectiveState(T0);
  const states: ObjectiveState[] = [];
  for (const step of steps) {
    const from = state.status;
    const result = evaluateObjective(def, step.obs, state, at(step.minute));
    const seen = `at ${step.minute} min: ${result.state.status} / ${result.transition?.reason.kind ?? 'no transition'}`;
    expect(seen).toBe(
      `at ${step.minute} min: ${step.status} / ${step.transition ?? 'no transition'}`,
    );
    if (result.transition !== undefined) {
      expect(result.transition).toMatchObject({
        objectiveKey: def.key,
        atMs: at(step.minute),
        from,
        to: step.status,
      });
      expect(result.state.sinceMs).toBe(at(step.minute));
    }
    state = result.state;
    states.push(state);
  }
  return states;
}

describe('the state machine of "p95 <= 800 ms" (warn at 80 %, clear after 5 min, recover after 10 min)', () => {
  const def = aThresholdObjective();

  it('goes ok → warning → breach → recovered → relapse → recovered → ok', () => {
    const states = play(def, [
      { minute: 0, obs: p95(500), status: 'ok' },
      { minute: 1, obs: p95(650), status: 'early-warning', transition: 'fraction-of-threshold' },
      { minute: 2, obs: p95(700), status: 'early-warning' },
      { minute: 3, obs: p95(850), status: 'breach', transition: 'threshold-crossed' },
      { minute: 4, obs: p95(900), status: 'breach' },
      { minute: 5, obs: p95(700), status: 'recovered', transition: 'recovering' },
      { minute: 8, obs: p95(820), status: 'breach', transition: 'threshold-crossed' },
      { minute: 9, obs: p95(600), status: 'recovered', transition: 'recovering' },
      { minute: 14, obs: p95(600), status: 'recovered' },
      { minute: 18.99, obs: p95(600), status: 'recovered' },
      { minute: 19, obs: p95(600), status: 'ok', transition: 'recovery-complete' },
      { minute: 20, obs: p95(600), status: 'ok' },
    ]);
    expect(states[2]!.reason).toMatchObject({ kind: 'fraction-of-threshold', observed: 700 });
    expect(states[4]!.reason).toMatchObject({ kind: 'threshold-crossed', observed: 900 });
    expect(states[9]!.reason).toEqual({
      kind: 'recovering',
      withinSinceMs: at(9),
      recoveryPeriodMs: 10 * MINUTE_MS,
    });
    expect(states[10]!.reason).toEqual({
      kind: 'recovery-complete',
      withinSinceMs: at(9),
      recoveryPeriodMs: 10 * MINUTE_MS,
    });
    expect(states[11]!.withinSinceMs).toBeUndefined();
  });

  it('clears a warning only after no condition has held for 5 minutes in a row', () => {
    const states = play(def, [
      { minute: 0, obs: p95(650), status: 'early-warning', transition: 'fraction-of-threshold' },
      { minute: 1, obs: p95(500), status: 'early-warning' },
      { minute: 3, obs: p95(620), status: 'early-warning' },
      { minute: 4, obs: p95(500), status: 'early-warning' },
      { minute: 8.99, obs: p95(500), status: 'early-warning' },
      { minute: 9, obs: p95(500), status: 'ok', transition: 'warning-cleared' },
    ]);
    expect(states[1]!.clearSinceMs).toBe(at(1));
    expect(states[1]!.reason).toMatchObject({ kind: 'fraction-of-threshold', observed: 650 });
    expect(states[2]!.clearSinceMs).toBeUndefined();
    expect(states[4]!.clearSinceMs).toBe(at(4));
    expect(states[5]!.reason).toEqual({
      kind: 'warning-cleared',
      clearSinceMs: at(4),
      clearAfterMs: 5 * MINUTE_MS,
    });
  });

  it('clears at once a warning whose data aged out while nothing was evaluating (a restart)', () => {
    const warned = play(def, [
      { minute: 0, obs: p95(700), status: 'early-warning', transition: 'fraction-of-threshold' },
    ]);
    const afterRestart = evaluateObjective(def, p95(undefined), warned[0]!, at(30));
    expect(afterRestart.transition).toMatchObject({ from: 'early-warning', to: 'ok' });
    expect(afterRestart.transition?.reason).toEqual({
      kind: 'warning-cleared',
      clearSinceMs: at(25),
      clearAfterMs: 5 * MINUTE_MS,
    });
  });

  it('does not flap on a value oscillating between 76 % and 79 % after a warning', () => {
    const values = [650, 608, 632, 610, 631, 612, 629, 608, 632, 610, 631, 612, 629];
    const steps: Step[] = values.map((v, minute) => ({
      minute,
      obs: p95(v),
      status: 'early-warning',
      ...(minute === 0 ? { transition: 'fraction-of-threshold' as const } : {}),
    }));
    play(def, steps);
  });

  it('goes straight from ok to breach on a jump over the threshold', () => {
    play(def, [{ minute: 1, obs: p95(950), status: 'breach', transition: 'threshold-crossed' }]);
  });

  it('treats a window without data as within, and says so in the reason', () => {
    const states = play(def, [
      { minute: 0, obs: p95(undefined), status: 'ok' },
      { minute: 1, obs: p95(900), status: 'breach', transition: 'threshold-crossed' },
      { minute: 2, obs: p95(undefined), status: 'recovered', transition: 'recovering' },
    ]);
    expect(states[0]!.reason).toEqual({ kind: 'no-data' });
  });
});

describe('the state machine of a 99.9 % budget objective over 30 days', () => {
  const def = aBudgetObjective();

  /** Error share in every burn-rate window, and the period so far. */
  const budget = (windowErrorShare: number, periodGood: number): BudgetObservation => ({
    kind: 'budget',
    windows: [HOUR_MS, 5 * MINUTE_MS, 6 * HOUR_MS, 30 * MINUTE_MS, 3 * DAY_MS].map((windowMs) => ({
      windowMs,
      good: 10_000 - Math.round(windowErrorShare * 10_000),
      total: 10_000,
    })),
    period: { good: periodGood, total: 1_000_000, startMs: T0 - 10 * DAY_MS, endMs: at(0) },
  });

  it('warns on the burn rate, breaches when the budget is gone, recovers when attainment is back', () => {
    const states = play(def, [
      { minute: 0, obs: budget(0, 1_000_000), status: 'ok' },
      { minute: 1, obs: budget(0.02, 999_500), status: 'early-warning', transition: 'burn-rate' },
      { minute: 2, obs: budget(0.05, 998_900), status: 'breach', transition: 'budget-exhausted' },
      { minute: 3, obs: budget(0, 999_000), status: 'recovered', transition: 'recovering' },
      { minute: 13, obs: budget(0, 999_100), status: 'ok', transition: 'recovery-complete' },
    ]);
    expect(states[1]!.reason).toMatchObject({
      severity: 'page',
      longBurnRate: 20,
      budgetRemainingRatio: 0.5,
    });
    expect(states[2]!.reason).toEqual({
      kind: 'budget-exhausted',
      attainmentRatio: 0.9989,
      objectiveRatio: 0.999,
      budgetRemainingRatio: -0.1,
    });
  });
});

describe('evaluating with an observation of the wrong kind', () => {
  it('throws, naming the objective', () => {
    const obs: BudgetObservation = {
      kind: 'budget',
      windows: [],
      period: { good: 0, total: 0, startMs: 0, endMs: 0 },
    };
    expect(() =>
      evaluateObjective(aThresholdObjective(), obs, initialObjectiveState(T0), T0),
    ).toThrow(/acme-submissions\/latency/);
  });
});
