import type { Sketch } from './sketch.js';

/**
 * One SLI's data for one UTC minute, or a delta to add to it (deltas of the same minute add up).
 * Ratio SLIs fill good/total; distribution SLIs fill `sketch` and leave good/total at 0.
 * Windows never keep or change the given sketch; they copy what they need.
 */
export interface MinuteData {
  /** Start of the UTC minute. */
  minuteMs: number;
  good: number;
  total: number;
  sketch: Sketch | null;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Start of the minute holding `ms`. */
export function minuteStart(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
