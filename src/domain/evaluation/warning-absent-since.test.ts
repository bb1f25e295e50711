import { describe, expect, it } from 'vitest';
import type { SeriesPoint, ThresholdObservation } from '../observation.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { warningAbsentSinceMs } from './warning-absent-since.js';

const NOW = Date.UTC(2026, 0, 5, 12, 0);

const latency = (value: number | undefined, series: SeriesPoint[]): ThresholdObservation => ({
  kind: 'threshold',
  value,
  series,
});

describe('since when the warning conditions have been absent', () => {
  // The builder's objective: 5-minute measurement window, 10-minute trend lookback.
  const def = aThresholdObjective();

  it('is now while the measurement window holds a value', () => {
    const obs = latency(500, [{ tMs: NOW - MINUTE_MS, value: 500 }]);
    expect(warningAbsentSinceMs({ kind: 'threshold', def, obs }, NOW)).toBe(NOW);
  });

  it('is now when the window is empty but the series still shows recent data', () => {
    const obs = latency(undefined, [{ tMs: NOW - 7 * MINUTE_MS, value: 700 }]);
    expect(warningAbsentSinceMs({ kind: 'threshold', def, obs }, NOW)).toBe(NOW);
  });

  it('goes back to when the newest datum must have left the window once the whole lookback is empty', () => {
    const obs = latency(undefined, [{ tMs: NOW - 30 * MINUTE_MS, value: 700 }]);
    expect(warningAbsentSinceMs({ kind: 'threshold', def, obs }, NOW)).toBe(NOW - 5 * MINUTE_MS);
  });

  it('cannot go back without a trend lookback longer than the measurement window', () => {
    const noTrend = aThresholdObjective({ earlyWarning: {} });
    const obs = latency(undefined, []);
    expect(warningAbsentSinceMs({ kind: 'threshold', def: noTrend, obs }, NOW)).toBe(NOW);
  });

  it('is now for a budget objective', () => {
    const obs = {
      kind: 'budget' as const,
      windows: [],
      period: { good: 0, total: 0, startMs: 0, endMs: NOW },
    };
    expect(warningAbsentSinceMs({ kind: 'budget', def: aBudgetObjective(), obs }, NOW)).toBe(NOW);
  });
});
