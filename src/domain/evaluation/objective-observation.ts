// An objective with the observation of its own kind, so each detector sees matching types.

import type { BudgetObjectiveDef, ObjectiveDef, ThresholdObjectiveDef } from '../definitions.js';
import type { BudgetObservation, Observation, ThresholdObservation } from '../observation.js';

export type ObjectiveObservation =
  | { kind: 'budget'; def: BudgetObjectiveDef; obs: BudgetObservation }
  | { kind: 'threshold'; def: ThresholdObjectiveDef; obs: ThresholdObservation };

/** Throws on a mismatch: windows are built from their definition, so it is a wiring bug. */
export function pairObservation(def: ObjectiveDef, obs: Observation): ObjectiveObservation {
  if (def.kind === 'budget' && obs.kind === 'budget') return { kind: 'budget', def, obs };
  if (def.kind === 'threshold' && obs.kind === 'threshold') return { kind: 'threshold', def, obs };
  throw new Error(
    `objective ${def.key} is a ${def.kind} objective but got a ${obs.kind} observation`,
  );
}

export function hasData(pair: ObjectiveObservation): boolean {
  return pair.kind === 'budget' ? pair.obs.period.total > 0 : pair.obs.value !== undefined;
}
