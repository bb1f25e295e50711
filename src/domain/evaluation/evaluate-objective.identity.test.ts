// The identity contract: a tick that decides nothing new hands back `prev` itself.

import { describe, expect, it } from 'vitest';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import type { ObjectiveState } from '../objective-state.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  HOUR_MS,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { evaluateObjective, initialObjectiveState } from './evaluate-objective.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const p95 = (value: number | undefined): ThresholdObservation => ({
  kind: 'threshold',
  value,
  series: [],
});
const budget = (good: number, total: number): BudgetObservation => ({
  kind: 'budget',
  windows: [],
  period: { good, total, startMs: T0 - 30 * 24 * HOUR_MS, endMs: T0 },
});

describe('evaluateObjective hands back prev itself when nothing changed', () => {
  const threshold = aThresholdObjective({
    earlyWarning: { fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 } },
  });

  it('on a quiet ok tick', () => {
    const prev = evaluateObjective(threshold, p95(300), initialObjectiveState(T0), T0).state;
    const next = evaluateObjective(threshold, p95(300), prev, T0 + 1000);
    expect(next.state).toBe(prev);
    expect(next.transition).toBeUndefined();
  });

  it('in a warning and in a breach with the same numbers, keeping the caller’s episode start', () => {
    for (const value of [700, 900]) {
      const first = evaluateObjective(threshold, p95(value), initialObjectiveState(T0), T0);
      const prev: ObjectiveState = { ...first.state, episodeStartMs: T0 };
      const next = evaluateObjective(threshold, p95(value), prev, T0 + 1000);
      expect(next.state).toBe(prev);
    }
  });

  it('during a recovery period that has not ended', () => {
    const breach = evaluateObjective(threshold, p95(900), initialObjectiveState(T0), T0).state;
    const recovered = evaluateObjective(threshold, p95(300), breach, T0 + 1000).state;
    expect(recovered.status).toBe('recovered');
    expect(evaluateObjective(threshold, p95(300), recovered, T0 + MINUTE_MS).state).toBe(recovered);
  });

  it('but not when the numbers of the reason moved', () => {
    const prev = evaluateObjective(threshold, p95(900), initialObjectiveState(T0), T0).state;
    const next = evaluateObjective(threshold, p95(950), prev, T0 + 1000);
    expect(next.state).not.toBe(prev);
    expect(next.state).toMatchObject({ status: 'breach', sinceMs: T0, reason: { observed: 950 } });
  });

  it('but not when the reason changes from data to no data', () => {
    const def = aBudgetObjective();
    const prev = evaluateObjective(def, budget(1000, 1000), initialObjectiveState(T0), T0).state;
    const next = evaluateObjective(def, budget(0, 0), prev, T0 + 1000);
    expect(next.state).not.toBe(prev);
    expect(next.state.reason).toEqual({ kind: 'no-data' });
  });
});
