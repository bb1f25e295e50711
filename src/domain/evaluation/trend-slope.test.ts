import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../observation.js';
import { leastSquaresSlope } from './least-squares-slope.js';
import { TREND_MIN_POINTS, TREND_MIN_SPAN_MS, trendSlope } from './trend-slope.js';

const MINUTE_MS = 60_000;
const T0 = Date.UTC(2026, 0, 5);

/** The check as detectTrendProjection wrote it before the fit was kept: the reference. */
function reference(points: readonly SeriesPoint[], fromMs: number, toMs: number) {
  const inRange = points.filter((p) => p.tMs >= fromMs && p.tMs <= toMs);
  if (inRange.length < TREND_MIN_POINTS) return undefined;
  const times = inRange.map((p) => p.tMs);
  if (Math.max(...times) - Math.min(...times) < TREND_MIN_SPAN_MS) return undefined;
  return leastSquaresSlope(points, fromMs, toMs);
}

const series = fc.array(
  fc.record({
    tMs: fc.integer({ min: 0, max: 30 }).map((m) => T0 + m * MINUTE_MS + MINUTE_MS / 2),
    value: fc.integer({ min: 0, max: 2000 }),
  }),
  { maxLength: 20 },
);

type Call =
  | { kind: 'fit'; series: number; fromMinute: number; minutes: number }
  | { kind: 'change'; series: number; value: number };

const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({
    kind: fc.constant('fit' as const),
    series: fc.nat(2),
    fromMinute: fc.integer({ min: 0, max: 5 }),
    minutes: fc.constantFrom(10, 10, 20),
  }),
  fc.record({ kind: fc.constant('change' as const), series: fc.nat(2), value: fc.nat(2000) }),
);

describe('trendSlope', () => {
  it('fits as the trend check always did, however the calls follow each other', () => {
    fc.assert(
      fc.property(series, series, fc.array(call, { maxLength: 30 }), (a, b, calls) => {
        // The same points may come again in the same array, changed in place, or in a copy.
        const all: SeriesPoint[][] = [a, b, a.map((p) => ({ ...p }))];
        for (const k of calls) {
          const points = all[k.series]!;
          if (k.kind === 'change') {
            if (points.length > 0) points[0] = { tMs: points[0]!.tMs, value: k.value };
            if (k.value % 2 === 0) points.push({ tMs: T0 + k.value * 1000, value: k.value });
            continue;
          }
          const fromMs = T0 + k.fromMinute * MINUTE_MS;
          const toMs = fromMs + k.minutes * MINUTE_MS;
          expect(trendSlope(points, fromMs, toMs)).toBe(reference(points, fromMs, toMs));
          expect(trendSlope(points, fromMs, toMs)).toBe(reference(points, fromMs, toMs));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refits a series holding NaN rather than trusting the last fit', () => {
    const points = [0, 1, 2, 3].map((m) => ({ tMs: T0 + m * MINUTE_MS, value: Number.NaN }));
    const toMs = T0 + 3 * MINUTE_MS;
    expect(trendSlope(points, T0, toMs)).toBeNaN();
    points[1] = { tMs: T0 + MINUTE_MS, value: 5 };
    expect(trendSlope(points, T0, toMs)).toBe(reference(points, T0, toMs));
  });
});
