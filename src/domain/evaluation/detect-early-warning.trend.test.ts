import { describe, expect, it } from 'vitest';
import type { Comparator } from '../definitions.js';
import type { SeriesPoint, ThresholdObservation } from '../observation.js';
import { aThresholdObjective, MINUTE_MS } from '../../../test/support/builders.js';
import { detectEarlyWarning, detectTrendProjection } from './detect-early-warning.js';

const NOW = Date.UTC(2026, 0, 5, 12, 0);

/** Ten per-minute points ending now at `current`, changing by `perMinute` each minute. */
function creeping(current: number, perMinute: number, minutes = 10): ThresholdObservation {
  const series: SeriesPoint[] = [];
  for (let k = minutes - 1; k >= 0; k--) {
    series.push({ tMs: NOW - k * MINUTE_MS, value: current - perMinute * k });
  }
  return { kind: 'threshold', value: current, series };
}

const latencyWithHorizon = (horizonMinutes: number, comparator: Comparator = '<=') =>
  aThresholdObjective({
    comparator,
    earlyWarning: {
      trendProjection: { horizonMs: horizonMinutes * MINUTE_MS, lookbackMs: 10 * MINUTE_MS },
    },
  });

describe('trend-projection early warning on "p95 <= 800 ms"', () => {
  it('projects 600 ms rising 20 ms/min to cross 800 ms in 10 minutes, and fires with a 15-minute horizon', () => {
    expect(detectTrendProjection(latencyWithHorizon(15), creeping(600, 20), NOW)).toEqual({
      kind: 'trend-projection',
      observed: 600,
      threshold: 800,
      slopePerMinute: 20,
      projectedCrossingInMs: 10 * MINUTE_MS,
      horizonMs: 15 * MINUTE_MS,
    });
  });

  it('does not fire on the same creep with a 5-minute horizon', () => {
    expect(detectTrendProjection(latencyWithHorizon(5), creeping(600, 20), NOW)).toBeUndefined();
  });

  it.each([
    { case: 'the value falls away from the threshold', obs: creeping(600, -20) },
    { case: 'the value is flat', obs: creeping(600, 0) },
    { case: 'the threshold is already crossed', obs: creeping(820, 20) },
    { case: 'there are only two points', obs: creeping(780, 20, 2) },
    {
      case: 'three points span less than two minutes',
      obs: {
        kind: 'threshold' as const,
        value: 780,
        series: [0, 50_000, 100_000].map((d, i) => ({
          tMs: NOW - 100_000 + d,
          value: 760 + 10 * i,
        })),
      },
    },
    { case: 'the window holds no data', obs: { ...creeping(600, 20), value: undefined } },
  ])('does not fire when $case', ({ obs }) => {
    expect(detectTrendProjection(latencyWithHorizon(15), obs, NOW)).toBeUndefined();
  });

  it('fits only the points within the lookback', () => {
    const old: SeriesPoint[] = [0, 1, 2].map((k) => ({
      tMs: NOW - (30 - k) * MINUTE_MS,
      value: 100,
    }));
    const recent = creeping(700, 20, 4);
    const obs = { ...recent, series: [...old, ...recent.series] };
    expect(detectTrendProjection(latencyWithHorizon(15), obs, NOW)).toMatchObject({
      slopePerMinute: 20,
      projectedCrossingInMs: 5 * MINUTE_MS,
    });
  });

  it('fires on a good ratio falling toward a ">= 0.99" threshold', () => {
    const def = aThresholdObjective({
      statistic: 'good-ratio',
      comparator: '>=',
      threshold: 0.99,
      earlyWarning: { trendProjection: { horizonMs: 15 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS } },
    });
    const r = detectTrendProjection(def, creeping(0.995, -0.001), NOW);
    expect(r?.slopePerMinute).toBeCloseTo(-0.001, 9);
    expect(r?.projectedCrossingInMs).toBeCloseTo(5 * MINUTE_MS, 0);
    expect(detectTrendProjection(def, creeping(0.995, 0.001), NOW)).toBeUndefined();
  });
});

describe('which early warning is reported when several hold', () => {
  it('reports the fraction of threshold before the trend', () => {
    const def = aThresholdObjective();
    const obs = creeping(700, 20);
    expect(detectEarlyWarning({ kind: 'threshold', def, obs }, false, NOW)?.kind).toBe(
      'fraction-of-threshold',
    );
  });

  it('reports the trend when the value is still below the fraction', () => {
    const def = aThresholdObjective();
    const obs = creeping(600, 20);
    expect(detectEarlyWarning({ kind: 'threshold', def, obs }, false, NOW)?.kind).toBe(
      'trend-projection',
    );
  });
});
