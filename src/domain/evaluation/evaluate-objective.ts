// The per-objective state machine, decided every second from the latest observation:
// ok → early-warning → breach → recovered → ok, with relapse (recovered → breach) and "breach
// avoided" (early-warning → ok). One transition per status change; hysteresis and the clear and
// recovery periods keep a value near a boundary from flapping.

import type { ObjectiveDef } from '../definitions.js';
import type { Observation } from '../observation.js';
import type { ObjectiveState, ObjectiveStatus, Reason, Transition } from '../objective-state.js';
import {
  detectBudgetExhausted,
  detectThresholdCrossed,
  type BreachReason,
} from './detect-breach.js';
import {
  detectBurnRate,
  detectFractionOfThreshold,
  detectTrendProjection,
  type EarlyWarningReason,
} from './detect-early-warning.js';
import { pairObservation } from './objective-observation.js';
import { sameReason } from './same-reason.js';
import { warningAbsentSinceMs } from './warning-absent-since.js';

export interface Evaluation {
  /**
   * `prev` itself (the same object) when nothing the evaluator decides changed: status, sinceMs,
   * reason (field by field), withinSinceMs and clearSinceMs. Callers rely on `state === prev` to
   * know there is nothing to store or tell; the caller-owned episodeStartMs then stays as it was.
   */
  state: ObjectiveState;
  /** Present exactly when the status changed. */
  transition?: Transition;
}

const WITHIN_OBJECTIVE: Reason = Object.freeze({ kind: 'within-objective' });
const NO_DATA: Reason = Object.freeze({ kind: 'no-data' });

export function initialObjectiveState(nowMs: number): ObjectiveState {
  return { status: 'ok', sinceMs: nowMs, reason: WITHIN_OBJECTIVE };
}

/**
 * Decides the objective's next state. A quiet tick (same decision, same numbers) allocates only
 * the returned Evaluation: detectors compare numbers and build reasons only when they hold.
 */
export function evaluateObjective(
  def: ObjectiveDef,
  obs: Observation,
  prev: ObjectiveState,
  nowMs: number,
): Evaluation {
  if (def.kind !== obs.kind) pairObservation(def, obs); // throws the wiring error
  const crossed = breachOf(def, obs);
  switch (prev.status) {
    case 'ok':
      return fromOk(def, obs, prev, nowMs, crossed);
    case 'early-warning':
      return fromEarlyWarning(def, obs, prev, nowMs, crossed);
    case 'breach':
      return fromBreach(def, prev, nowMs, crossed);
    case 'recovered':
      return fromRecovered(def, prev, nowMs, crossed);
  }
}

function fromOk(
  def: ObjectiveDef,
  obs: Observation,
  prev: ObjectiveState,
  nowMs: number,
  crossed: BreachReason | undefined,
): Evaluation {
  if (crossed !== undefined) return move(def, prev, nowMs, 'breach', crossed);
  const warning = warningOf(def, obs, false, nowMs);
  if (warning !== undefined) return move(def, prev, nowMs, 'early-warning', warning);
  return stay(prev, quietReason(obs));
}

function fromEarlyWarning(
  def: ObjectiveDef,
  obs: Observation,
  prev: ObjectiveState,
  nowMs: number,
  crossed: BreachReason | undefined,
): Evaluation {
  if (crossed !== undefined) return move(def, prev, nowMs, 'breach', crossed);
  const warning = warningOf(def, obs, true, nowMs);
  if (warning !== undefined) return stay(prev, warning);
  const clearSinceMs =
    prev.clearSinceMs ??
    Math.max(prev.sinceMs, warningAbsentSinceMs(pairObservation(def, obs), nowMs));
  if (nowMs - clearSinceMs >= def.clearAfterMs) {
    return move(def, prev, nowMs, 'ok', {
      kind: 'warning-cleared',
      clearSinceMs,
      clearAfterMs: def.clearAfterMs,
    });
  }
  // The last warning's numbers stay: they are why the objective is still watched.
  return stay(prev, prev.reason, undefined, clearSinceMs);
}

function fromBreach(
  def: ObjectiveDef,
  prev: ObjectiveState,
  nowMs: number,
  crossed: BreachReason | undefined,
): Evaluation {
  if (crossed !== undefined) return stay(prev, crossed);
  const withinSinceMs = nowMs;
  return move(def, prev, nowMs, 'recovered', recovering(def, prev, withinSinceMs), withinSinceMs);
}

function fromRecovered(
  def: ObjectiveDef,
  prev: ObjectiveState,
  nowMs: number,
  crossed: BreachReason | undefined,
): Evaluation {
  if (crossed !== undefined) return move(def, prev, nowMs, 'breach', crossed);
  const withinSinceMs = prev.withinSinceMs ?? nowMs;
  if (nowMs - withinSinceMs >= def.recoveryPeriodMs) {
    return move(def, prev, nowMs, 'ok', {
      kind: 'recovery-complete',
      withinSinceMs,
      recoveryPeriodMs: def.recoveryPeriodMs,
    });
  }
  return stay(prev, recovering(def, prev, withinSinceMs), withinSinceMs);
}

function breachOf(def: ObjectiveDef, obs: Observation): BreachReason | undefined {
  if (def.kind === 'budget') {
    return obs.kind === 'budget' ? detectBudgetExhausted(def, obs) : undefined;
  }
  return obs.kind === 'threshold' ? detectThresholdCrossed(def, obs) : undefined;
}

/** The first warning condition that holds, by priority (as detectEarlyWarning, without a pair). */
function warningOf(
  def: ObjectiveDef,
  obs: Observation,
  alreadyWarning: boolean,
  nowMs: number,
): EarlyWarningReason | undefined {
  if (def.kind === 'budget') return obs.kind === 'budget' ? detectBurnRate(def, obs) : undefined;
  if (obs.kind !== 'threshold') return undefined;
  return (
    detectFractionOfThreshold(def, obs, alreadyWarning) ?? detectTrendProjection(def, obs, nowMs)
  );
}

/** The previous reason when it already says this, so a quiet recovery builds nothing. */
function recovering(def: ObjectiveDef, prev: ObjectiveState, withinSinceMs: number): Reason {
  const r = prev.reason;
  if (
    r.kind === 'recovering' &&
    r.withinSinceMs === withinSinceMs &&
    r.recoveryPeriodMs === def.recoveryPeriodMs
  ) {
    return r;
  }
  return { kind: 'recovering', withinSinceMs, recoveryPeriodMs: def.recoveryPeriodMs };
}

function quietReason(obs: Observation): Reason {
  const hasData = obs.kind === 'budget' ? obs.period.total > 0 : obs.value !== undefined;
  return hasData ? WITHIN_OBJECTIVE : NO_DATA;
}

function stay(
  prev: ObjectiveState,
  reason: Reason,
  withinSinceMs?: number,
  clearSinceMs?: number,
): Evaluation {
  if (
    prev.withinSinceMs === withinSinceMs &&
    prev.clearSinceMs === clearSinceMs &&
    sameReason(prev.reason, reason)
  ) {
    return { state: prev };
  }
  const state: ObjectiveState = { status: prev.status, sinceMs: prev.sinceMs, reason };
  if (withinSinceMs !== undefined) state.withinSinceMs = withinSinceMs;
  if (clearSinceMs !== undefined) state.clearSinceMs = clearSinceMs;
  return { state };
}

function move(
  def: ObjectiveDef,
  prev: ObjectiveState,
  nowMs: number,
  to: ObjectiveStatus,
  reason: Reason,
  withinSinceMs?: number,
): Evaluation {
  const state: ObjectiveState = { status: to, sinceMs: nowMs, reason };
  if (withinSinceMs !== undefined) state.withinSinceMs = withinSinceMs;
  return {
    state,
    transition: { objectiveKey: def.key, atMs: nowMs, from: prev.status, to, reason },
  };
}
