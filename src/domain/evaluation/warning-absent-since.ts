// When a warning's conditions stopped holding, as far as the observation can tell. Usually that
// is now, but after a restart the data can prove it was earlier: a change that became due while
// the process was down is then decided at once (TARGETS R3).

import type { ObjectiveObservation } from './objective-observation.js';

/**
 * An empty measurement window and an empty series mean the newest datum is older than the series
 * span (at least the trend lookback and the measurement window), so the value, which every
 * threshold warning needs, has been missing since at least `span − measurementWindowMs` ago.
 */
export function warningAbsentSinceMs(pair: ObjectiveObservation, nowMs: number): number {
  if (pair.kind !== 'threshold' || pair.obs.value !== undefined) return nowMs;
  const { def, obs } = pair;
  const spanMs = Math.max(
    def.earlyWarning.trendProjection?.lookbackMs ?? 0,
    def.measurementWindowMs,
  );
  const anyRecent = obs.series.some((p) => p.tMs >= nowMs - spanMs && p.tMs <= nowMs);
  return anyRecent ? nowMs : nowMs - (spanMs - def.measurementWindowMs);
}
