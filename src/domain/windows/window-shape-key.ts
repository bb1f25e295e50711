// Which objectives' windows hold the same numbers: two windows of the same shape key, created at
// the same instant and fed the same minute data and clock, observe the same thing at every step.
// A replay of many objectives on one SLI keeps one window per key (src/backtest).

import type { ClientDef, ObjectiveDef, SliDef } from '../definitions.js';
import { burnWindowsOf } from './budget-window.js';

/**
 * Every definition field a window reads, and nothing the evaluator alone reads (objective ratio,
 * threshold, comparator, burn rates, clear and recovery periods).
 */
export function windowShapeKey(def: ObjectiveDef, sli: SliDef, client: ClientDef): string {
  const sliPart = `${sli.id}|${sli.kind}`;
  if (def.kind === 'threshold') {
    const lookbackMs = def.earlyWarning.trendProjection?.lookbackMs ?? 'none';
    return `threshold|${sliPart}|${def.statistic}|${def.measurementWindowMs}|${lookbackMs}`;
  }
  const period =
    def.period.kind === 'rolling' ? `rolling:${def.period.durationMs}` : 'calendar-month';
  const slice =
    def.timeSlice === undefined
      ? 'events'
      : `slices:${def.timeSlice.sliceMs}:${def.timeSlice.statistic}:` +
        `${def.timeSlice.comparator}:${def.timeSlice.threshold}`;
  const goodWhen =
    def.goodWhen === undefined ? 'none' : `${def.goodWhen.comparator}:${def.goodWhen.threshold}`;
  return (
    `budget|${sliPart}|${period}|${slice}|${goodWhen}|${burnWindowsOf(def).join(',')}|` +
    client.timeZone
  );
}
