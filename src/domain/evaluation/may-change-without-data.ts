// Lets the tick skip an objective: with the same observation numbers (an unchanged window
// version), evaluateObjective returns its last state again unless time alone can move it.

import type { ObjectiveDef } from '../definitions.js';
import type { ObjectiveState } from '../objective-state.js';

/**
 * True when evaluating `state` again, on the same observation but later, could give a different
 * state: a running clear or recovery period, a state that one more evaluation settles (just back
 * to ok), or a trend projection, whose lookback slides over the series as time passes. When
 * false, the state is a fixed point of evaluateObjective for an unchanged window version, and a
 * caller may skip the objective.
 */
export function mayChangeWithoutData(def: ObjectiveDef, state: ObjectiveState): boolean {
  switch (state.status) {
    case 'recovered':
      return true;
    case 'breach':
      return false;
    case 'early-warning':
      return state.clearSinceMs !== undefined || hasTrendProjection(def);
    case 'ok': {
      const kind = state.reason.kind;
      if (kind === 'no-data') return false; // no value: no warning, no trend, whatever the time
      return kind !== 'within-objective' || hasTrendProjection(def);
    }
  }
}

function hasTrendProjection(def: ObjectiveDef): boolean {
  return def.kind === 'threshold' && def.earlyWarning.trendProjection !== undefined;
}
