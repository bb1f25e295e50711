// The usual step of an objective: ok, within its objective, and no warning condition anywhere
// near. Then evaluateObjective returns the state it was given, with no transition. A replay
// evaluates every objective at every step; deciding this case directly skips the evaluator: for a
// budget objective from a few numbers (one worst bad share per observation, shared by every
// objective that reads it), for a threshold objective by running just its detectors.

import type { BudgetObjectiveDef, ThresholdObjectiveDef } from '../definitions.js';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import type { ObjectiveState } from '../objective-state.js';
import { breaks } from './detect-breach.js';
import {
  BURN_RATE_MARGIN,
  detectFractionOfThreshold,
  detectTrendProjection,
} from './detect-early-warning.js';

export interface QuietBudget {
  objectiveRatio: number;
  /** 1 − objectiveRatio, as burnsFaster computes it. */
  allowedBadRatio: number;
  /** The least rate × (1 − margin) over the rules: below it burnsFaster is false for every rule. */
  quietBelowRate: number;
}

/** Undefined when the shortcut would not be sound: no room for bad events, or a rule rate ≤ 0. */
export function quietBudgetOf(def: BudgetObjectiveDef): QuietBudget | undefined {
  const allowedBadRatio = 1 - def.objectiveRatio;
  if (!(allowedBadRatio > 0)) return undefined;
  let quietBelowRate = Number.POSITIVE_INFINITY;
  for (const rule of def.earlyWarning.burnRates ?? []) {
    if (!(rule.burnRate > 0)) return undefined;
    quietBelowRate = Math.min(quietBelowRate, rule.burnRate * (1 - BURN_RATE_MARGIN));
  }
  return { objectiveRatio: def.objectiveRatio, allowedBadRatio, quietBelowRate };
}

/**
 * The largest (total − good) / total over the observation's windows with events (0 when none;
 * NaN when a count is). Division is monotonic, so each window's burn rate, that share over the
 * allowed bad ratio, is at most this one's.
 */
export function worstBadShare(obs: BudgetObservation): number {
  let worst = 0;
  const windows = obs.windows;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i];
    if (w !== undefined && w.total > 0) worst = Math.max(worst, (w.total - w.good) / w.total);
  }
  return worst;
}

/**
 * True only when evaluateObjective(def, obs, state, any time) returns `state` itself and no
 * transition (`quiet` from quietBudgetOf(def), `worst` from worstBadShare(obs)): ok within the
 * objective, no breach (attainment ≥ objective), and no rule's long window burning faster.
 */
export function budgetStaysQuiet(
  quiet: QuietBudget,
  obs: BudgetObservation,
  state: ObjectiveState,
  worst: number,
): boolean {
  return budgetTotalsStayQuiet(quiet, state, obs.period.good, obs.period.total, worst);
}

/** budgetStaysQuiet on the observation's numbers alone (see BudgetWindow.readTotals). */
export function budgetTotalsStayQuiet(
  quiet: QuietBudget,
  state: ObjectiveState,
  periodGood: number,
  periodTotal: number,
  worst: number,
): boolean {
  if (!isQuiet(state)) return false;
  if (!(periodTotal > 0 && periodGood / periodTotal >= quiet.objectiveRatio)) return false;
  return worst / quiet.allowedBadRatio < quiet.quietBelowRate;
}

/**
 * True only when evaluateObjective(def, obs, state, nowMs) returns `state` itself and no
 * transition: a quiet state, a value within the threshold, and neither warning holding.
 */
export function thresholdStaysQuiet(
  def: ThresholdObjectiveDef,
  obs: ThresholdObservation,
  state: ObjectiveState,
  nowMs: number,
): boolean {
  if (!isQuiet(state)) return false;
  const value = obs.value;
  if (value === undefined || breaks(def.comparator, value, def.threshold)) return false;
  return (
    detectFractionOfThreshold(def, obs, false) === undefined &&
    detectTrendProjection(def, obs, nowMs) === undefined
  );
}

/** Ok and within the objective, with no recovery or clearing running. */
function isQuiet(state: ObjectiveState): boolean {
  return (
    state.status === 'ok' &&
    state.reason.kind === 'within-objective' &&
    state.withinSinceMs === undefined &&
    state.clearSinceMs === undefined
  );
}
