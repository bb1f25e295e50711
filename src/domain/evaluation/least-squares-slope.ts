import type { SeriesPoint } from '../observation.js';

/**
 * Ordinary least-squares slope of value over time, in value units per ms, of the points with
 * fromMs ≤ tMs ≤ toMs (all by default); undefined when flat in time. Filters in place, so a
 * tick's trend check allocates nothing.
 */
export function leastSquaresSlope(
  points: readonly SeriesPoint[],
  fromMs = Number.NEGATIVE_INFINITY,
  toMs = Number.POSITIVE_INFINITY,
): number | undefined {
  let n = 0;
  for (const p of points) if (p.tMs >= fromMs && p.tMs <= toMs) n++;
  if (n < 2) return undefined;
  let meanT = 0;
  let meanV = 0;
  for (const p of points) {
    if (p.tMs < fromMs || p.tMs > toMs) continue;
    meanT += p.tMs / n;
    meanV += p.value / n;
  }
  let covariance = 0;
  let varianceT = 0;
  for (const p of points) {
    if (p.tMs < fromMs || p.tMs > toMs) continue;
    const dt = p.tMs - meanT;
    covariance += dt * (p.value - meanV);
    varianceT += dt * dt;
  }
  return varianceT === 0 ? undefined : covariance / varianceT;
}
