import type { SeriesPoint } from '../observation.js';

/** Ordinary least-squares slope of value over time, in value units per ms; undefined when flat in time. */
export function leastSquaresSlope(points: readonly SeriesPoint[]): number | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  let meanT = 0;
  let meanV = 0;
  for (const p of points) {
    meanT += p.tMs / n;
    meanV += p.value / n;
  }
  let covariance = 0;
  let varianceT = 0;
  for (const p of points) {
    const dt = p.tMs - meanT;
    covariance += dt * (p.value - meanV);
    varianceT += dt * dt;
  }
  return varianceT === 0 ? undefined : covariance / varianceT;
}
