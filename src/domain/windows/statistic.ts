import type { Statistic } from '../definitions.js';
import type { Sketch } from './sketch.js';

const QUANTILES: Record<Exclude<Statistic, 'good-ratio' | 'mean' | 'max'>, number> = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p999: 0.999,
};

/**
 * The statistic of some SLI data; undefined when there is nothing to measure (no events, or a
 * distribution statistic asked of a ratio SLI).
 */
export function statisticOf(
  statistic: Statistic,
  data: { good: number; total: number; sketch: Sketch | null },
): number | undefined {
  if (statistic === 'good-ratio') return data.total > 0 ? data.good / data.total : undefined;
  const sketch = data.sketch;
  if (sketch === null || sketch.count === 0) return undefined;
  if (statistic === 'mean') return sketch.mean();
  if (statistic === 'max') return sketch.max();
  return sketch.quantile(QUANTILES[statistic]);
}
