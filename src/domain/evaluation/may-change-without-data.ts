// Lets the tick skip an objective: with the same observation numbers (an unchanged window
// version), evaluateObjective returns its last state again unless time alone can move it.

import type { ObjectiveDef } from '../definitions.js';
import type { ObjectiveState } from '../objective-state.js';
import { detectFractionOfThreshold } from './detect-early-warning.js';

/**
 * True when evaluating `state` again, on the same observation but later, could give a different
 * state: a running clear or recovery period, or a state that one more evaluation settles (just
 * back to ok, or a trend warning that the fraction-of-threshold now holds within its hysteresis).
 * When false, the state is a fixed point of evaluateObjective for an unchanged window version, and
 * a caller may skip the objective. A trend projection needs no evaluation of its own: the points
 * it reads slide with time, but a threshold window changes its version when they do.
 */
export function mayChangeWithoutData(def: ObjectiveDef, state: ObjectiveState): boolean {
  switch (state.status) {
    case 'recovered':
      return true;
    case 'breach':
      return false;
    case 'early-warning':
      return state.clearSinceMs !== undefined || fractionTakesOver(def, state);
    case 'ok':
      return state.reason.kind !== 'within-objective' && state.reason.kind !== 'no-data';
  }
}

/**
 * A warning entered on the trend while the value sat between the fraction's hold and enter
 * levels: once warning, the fraction holds (hysteresis) and, first by priority, becomes the reason.
 * The trend reason carries the observed value, so this needs no observation.
 */
function fractionTakesOver(def: ObjectiveDef, state: ObjectiveState): boolean {
  const reason = state.reason;
  if (def.kind !== 'threshold' || reason.kind !== 'trend-projection') return false;
  const obs = { kind: 'threshold' as const, value: reason.observed, series: [] };
  return detectFractionOfThreshold(def, obs, true) !== undefined;
}
