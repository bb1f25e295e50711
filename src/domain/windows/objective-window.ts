// The in-memory window state of one objective: fed minute data (live or replayed, in any order,
// deltas adding up), advanced by the clock, and observed by the evaluator every second.

import type { ClientDef, ObjectiveDef, SliDef } from '../definitions.js';
import type { Observation } from '../observation.js';
import { BudgetWindow } from './budget-window.js';
import { ThresholdWindow } from './threshold-window.js';

export type { MinuteData } from './minute-data.js';
import type { MinuteData } from './minute-data.js';

/**
 * Windows end at the head: the latest of the creation time, every advance() and every applied
 * minute. Data newer than the head moves it; data older than what a window keeps is ignored.
 */
export interface ObjectiveWindow {
  apply(data: MinuteData): void;
  advance(nowMs: number): void;
  /**
   * Advances to nowMs, then reports; the returned arrays are shared and must not be changed. What
   * the evaluator reads (totals, value, series) changes only together with `version`; a budget
   * observation's period start and end follow the head.
   */
  observe(nowMs: number): Observation;
  /**
   * Changes on every apply(), on every advance() that rotates minutes and, for a threshold window
   * with a trend projection, on every advance() after which another first or last minute midpoint
   * lies in [now − lookback, now]. A caller that saw the same version at its last evaluation knows
   * the observation's numbers, and the series points the trend check reads, are unchanged (see
   * mayChangeWithoutData in src/domain/evaluation for when that is enough to skip one).
   */
  readonly version: number;
  serialize(): Uint8Array;
  /** Estimate of the bytes this window keeps alive. */
  memoryBytes(): number;
}

export function createObjectiveWindow(
  def: ObjectiveDef,
  sli: SliDef,
  client: ClientDef,
  nowMs: number,
): ObjectiveWindow {
  return def.kind === 'budget'
    ? BudgetWindow.create(def, sli, client, nowMs)
    : ThresholdWindow.create(def, sli, client, nowMs);
}

/** Rebuilds a window from serialize(); throws a clear Error when the bytes do not fit `def`. */
export function restoreObjectiveWindow(
  def: ObjectiveDef,
  sli: SliDef,
  client: ClientDef,
  bytes: Uint8Array,
): ObjectiveWindow {
  return def.kind === 'budget'
    ? BudgetWindow.restore(def, sli, client, bytes)
    : ThresholdWindow.restore(def, sli, client, bytes);
}
