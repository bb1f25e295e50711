// The per-objective state machine, decided every second from the latest observation:
// ok → early-warning → breach → recovered → ok, with relapse (recovered → breach) and "breach
// avoided" (early-warning → ok). One transition per status change; hysteresis and the clear and
// recovery periods keep a value near a boundary from flapping.

import type { ObjectiveDef } from '../definitions.js';
import type { Observation } from '../observation.js';
import type { ObjectiveState, ObjectiveStatus, Reason, Transition } from '../objective-state.js';
import { detectBreach, type BreachReason } from './detect-breach.js';
import { detectEarlyWarning } from './detect-early-warning.js';
import { hasData, pairObservation, type ObjectiveObservation } from './objective-observation.js';
import { warningAbsentSinceMs } from './warning-absent-since.js';

export interface Evaluation {
  state: ObjectiveState;
  /** Present exactly when the status changed. */
  transition?: Transition;
}

export function initialObjectiveState(nowMs: number): ObjectiveState {
  return { status: 'ok', sinceMs: nowMs, reason: { kind: 'within-objective' } };
}

export function evaluateObjective(
  def: ObjectiveDef,
  obs: Observation,
  prev: ObjectiveState,
  nowMs: number,
): Evaluation {
  const pair = pairObservation(def, obs);
  const crossed = detectBreach(pair);
  const step: Step = { def, pair, prev, nowMs };
  switch (prev.status) {
    case 'ok':
      return fromOk(step, crossed);
    case 'early-warning':
      return fromEarlyWarning(step, crossed);
    case 'breach':
      return fromBreach(step, crossed);
    case 'recovered':
      return fromRecovered(step, crossed);
  }
}

interface Step {
  def: ObjectiveDef;
  pair: ObjectiveObservation;
  prev: ObjectiveState;
  nowMs: number;
}

type Memory = Pick<ObjectiveState, 'withinSinceMs' | 'clearSinceMs'>;

function fromOk(step: Step, crossed: BreachReason | undefined): Evaluation {
  if (crossed !== undefined) return move(step, 'breach', crossed);
  const warning = detectEarlyWarning(step.pair, false, step.nowMs);
  if (warning !== undefined) return move(step, 'early-warning', warning);
  return stay(step, quietReason(step.pair));
}

function fromEarlyWarning(step: Step, crossed: BreachReason | undefined): Evaluation {
  if (crossed !== undefined) return move(step, 'breach', crossed);
  const warning = detectEarlyWarning(step.pair, true, step.nowMs);
  if (warning !== undefined) return stay(step, warning);
  const { def, prev, nowMs } = step;
  const clearSinceMs =
    prev.clearSinceMs ?? Math.max(prev.sinceMs, warningAbsentSinceMs(step.pair, nowMs));
  if (nowMs - clearSinceMs >= def.clearAfterMs) {
    return move(step, 'ok', {
      kind: 'warning-cleared',
      clearSinceMs,
      clearAfterMs: def.clearAfterMs,
    });
  }
  // The last warning's numbers stay: they are why the objective is still watched.
  return stay(step, prev.reason, { clearSinceMs });
}

function fromBreach(step: Step, crossed: BreachReason | undefined): Evaluation {
  if (crossed !== undefined) return stay(step, crossed);
  const withinSinceMs = step.nowMs;
  return move(step, 'recovered', recovering(step, withinSinceMs), { withinSinceMs });
}

function fromRecovered(step: Step, crossed: BreachReason | undefined): Evaluation {
  if (crossed !== undefined) return move(step, 'breach', crossed);
  const { def, prev, nowMs } = step;
  const withinSinceMs = prev.withinSinceMs ?? nowMs;
  if (nowMs - withinSinceMs >= def.recoveryPeriodMs) {
    return move(step, 'ok', {
      kind: 'recovery-complete',
      withinSinceMs,
      recoveryPeriodMs: def.recoveryPeriodMs,
    });
  }
  return stay(step, recovering(step, withinSinceMs), { withinSinceMs });
}

function recovering(step: Step, withinSinceMs: number): Reason {
  return { kind: 'recovering', withinSinceMs, recoveryPeriodMs: step.def.recoveryPeriodMs };
}

function quietReason(pair: ObjectiveObservation): Reason {
  return hasData(pair) ? { kind: 'within-objective' } : { kind: 'no-data' };
}

function stay(step: Step, reason: Reason, memory: Memory = {}): Evaluation {
  return { state: { status: step.prev.status, sinceMs: step.prev.sinceMs, reason, ...memory } };
}

function move(step: Step, to: ObjectiveStatus, reason: Reason, memory: Memory = {}): Evaluation {
  const { def, prev, nowMs } = step;
  return {
    state: { status: to, sinceMs: nowMs, reason, ...memory },
    transition: { objectiveKey: def.key, atMs: nowMs, from: prev.status, to, reason },
  };
}
