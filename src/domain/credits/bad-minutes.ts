// Time basis: which eligible minutes of a period were bad for an objective. A minute without data
// is good: no traffic is no downtime.

import type { BudgetObjectiveDef, ObjectiveDef, TimeSliceDef } from '../definitions.js';
import { breaks } from '../evaluation/detect-breach.js';
import { toSignificant } from '../evaluation/significant.js';
import { MINUTE_MS, type MinuteData } from '../windows/minute-data.js';
import { statisticOf } from '../windows/statistic.js';
import { eventCountsOf } from './event-counts.js';
import { ELIGIBLE, mergeMinutes, type PeriodMinutes } from './period-minutes.js';

/** 1 where the minute is eligible and bad. */
export function badMinutesOf(
  objective: ObjectiveDef,
  minutes: PeriodMinutes,
  badMinuteErrorRatio: number | undefined,
): Uint8Array {
  if (objective.kind === 'threshold') {
    return perMinute(minutes, (d) => {
      const value = statisticOf(objective.statistic, d);
      return value !== undefined && breaks(objective.comparator, value, objective.threshold);
    });
  }
  if (objective.timeSlice !== undefined) return perSlice(minutes, objective.timeSlice);
  const limit = errorShareLimitOf(objective, badMinuteErrorRatio);
  return perMinute(minutes, (d) => {
    const { good, total } = eventCountsOf(objective, d);
    return total > 0 && (total - good) / total > limit;
  });
}

/** The error share above which a minute is down; float noise is dropped from 1 − 0.999. */
export function errorShareLimitOf(
  objective: Pick<BudgetObjectiveDef, 'objectiveRatio'>,
  badMinuteErrorRatio: number | undefined,
): number {
  return badMinuteErrorRatio ?? toSignificant(1 - objective.objectiveRatio);
}

function perMinute(minutes: PeriodMinutes, isBad: (d: MinuteData) => boolean): Uint8Array {
  const bad = new Uint8Array(minutes.count);
  for (let i = 0; i < minutes.count; i++) {
    const d = minutes.data[i];
    if (minutes.status[i] === ELIGIBLE && d !== undefined && isBad(d)) bad[i] = 1;
  }
  return bad;
}

/**
 * Slices run from the period start; a slice is judged on its eligible minutes' data together,
 * and a bad slice makes each of its eligible minutes bad.
 */
function perSlice(minutes: PeriodMinutes, rule: TimeSliceDef): Uint8Array {
  const bad = new Uint8Array(minutes.count);
  const sliceMinutes = Math.max(1, Math.round(rule.sliceMs / MINUTE_MS));
  for (let start = 0; start < minutes.count; start += sliceMinutes) {
    const end = Math.min(minutes.count, start + sliceMinutes);
    let merged: MinuteData | undefined;
    for (let i = start; i < end; i++) {
      const d = minutes.data[i];
      if (minutes.status[i] !== ELIGIBLE || d === undefined) continue;
      merged = merged === undefined ? d : mergeMinutes(merged, d);
    }
    if (merged === undefined) continue;
    const value = statisticOf(rule.statistic, merged);
    if (value === undefined || !breaks(rule.comparator, value, rule.threshold)) continue;
    for (let i = start; i < end; i++) if (minutes.status[i] === ELIGIBLE) bad[i] = 1;
  }
  return bad;
}
