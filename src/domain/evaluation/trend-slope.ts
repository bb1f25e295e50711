// The slope the trend check projects with: the least-squares fit of the series points within
// [fromMs, toMs], when there are enough of them over a long enough span to be more than noise.
// In a replay, objectives whose windows share their minutes read the same series array at the
// same instant, one after another: the last fit is kept with a copy of its input and reused when
// the next input is that array again, unchanged point for point.

import type { SeriesPoint } from '../observation.js';
import { leastSquaresSlope } from './least-squares-slope.js';

const MINUTE_MS = 60_000;
/** A slope fitted on fewer points or a shorter span is mostly noise. */
export const TREND_MIN_POINTS = 3;
export const TREND_MIN_SPAN_MS = 2 * MINUTE_MS;

/**
 * The last input: the array (only the same array is checked, so other series cost no compare),
 * a copy of its points as [tMs, value] pairs (what it held then), its range, and the slope.
 */
let lastPoints: readonly SeriesPoint[] | null = null;
let lastInput = new Float64Array(128);
let lastLength = -1;
let lastFromMs = Number.NaN;
let lastToMs = Number.NaN;
let lastSlope: number | undefined;

/** Value units per ms; undefined when the points are too few, too close in time, or flat in time. */
export function trendSlope(
  points: readonly SeriesPoint[],
  fromMs: number,
  toMs: number,
): number | undefined {
  if (
    points === lastPoints &&
    fromMs === lastFromMs &&
    toMs === lastToMs &&
    sameAsLastInput(points)
  ) {
    return lastSlope;
  }
  const slope = fitAndCopy(points, fromMs, toMs);
  lastPoints = points;
  lastLength = points.length;
  lastFromMs = fromMs;
  lastToMs = toMs;
  lastSlope = slope;
  return slope;
}

/** Same length, and every point's time and value equal (NaN never is: such input is refitted). */
function sameAsLastInput(points: readonly SeriesPoint[]): boolean {
  if (points.length !== lastLength) return false;
  const input = lastInput;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as SeriesPoint;
    if (p.tMs !== input[2 * i] || p.value !== input[2 * i + 1]) return false;
  }
  return true;
}

/** The fit; its pass over the points also copies them into lastInput. */
function fitAndCopy(
  points: readonly SeriesPoint[],
  fromMs: number,
  toMs: number,
): number | undefined {
  if (2 * points.length > lastInput.length) lastInput = new Float64Array(4 * points.length);
  const input = lastInput;
  let count = 0;
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as SeriesPoint;
    input[2 * i] = p.tMs;
    input[2 * i + 1] = p.value;
    if (p.tMs < fromMs || p.tMs > toMs) continue;
    count++;
    if (p.tMs < firstMs) firstMs = p.tMs;
    if (p.tMs > lastMs) lastMs = p.tMs;
  }
  if (count < TREND_MIN_POINTS) return undefined;
  if (lastMs - firstMs < TREND_MIN_SPAN_MS) return undefined;
  return leastSquaresSlope(points, fromMs, toMs);
}
