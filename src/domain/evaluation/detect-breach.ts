// Crossing: the objective is broken right now. No data is never a crossing.

import type { BudgetObjectiveDef, Comparator, ThresholdObjectiveDef } from '../definitions.js';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import type { Reason } from '../objective-state.js';
import { budgetRemainingRatioOf } from './burn-rate.js';
import type { ObjectiveObservation } from './objective-observation.js';

export type ThresholdCrossedReason = Extract<Reason, { kind: 'threshold-crossed' }>;
export type BudgetExhaustedReason = Extract<Reason, { kind: 'budget-exhausted' }>;
export type BreachReason = ThresholdCrossedReason | BudgetExhaustedReason;

/** Whether `value` breaks "value comparator threshold", e.g. breaks('<=', 801, 800) is true. */
export function breaks(comparator: Comparator, value: number, threshold: number): boolean {
  switch (comparator) {
    case '<=':
      return value > threshold;
    case '<':
      return value >= threshold;
    case '>=':
      return value < threshold;
    case '>':
      return value <= threshold;
  }
}

export function detectThresholdCrossed(
  def: ThresholdObjectiveDef,
  obs: ThresholdObservation,
): ThresholdCrossedReason | undefined {
  if (obs.value === undefined || !breaks(def.comparator, obs.value, def.threshold))
    return undefined;
  return {
    kind: 'threshold-crossed',
    observed: obs.value,
    threshold: def.threshold,
    comparator: def.comparator,
    measurementWindowMs: def.measurementWindowMs,
  };
}

export function detectBudgetExhausted(
  def: BudgetObjectiveDef,
  obs: BudgetObservation,
): BudgetExhaustedReason | undefined {
  const { good, total } = obs.period;
  if (total <= 0) return undefined;
  const attainmentRatio = good / total;
  if (attainmentRatio >= def.objectiveRatio) return undefined;
  return {
    kind: 'budget-exhausted',
    attainmentRatio,
    objectiveRatio: def.objectiveRatio,
    budgetRemainingRatio: budgetRemainingRatioOf(good, total, def.objectiveRatio),
  };
}

export function detectBreach(pair: ObjectiveObservation): BreachReason | undefined {
  return pair.kind === 'budget'
    ? detectBudgetExhausted(pair.def, pair.obs)
    : detectThresholdCrossed(pair.def, pair.obs);
}
