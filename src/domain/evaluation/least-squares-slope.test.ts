import { describe, expect, it } from 'vitest';
import { leastSquaresSlope } from './least-squares-slope.js';

const T0 = Date.UTC(2026, 0, 1);

describe('least-squares slope', () => {
  it.each([
    { case: 'is exact on a straight line', values: [10, 12, 14, 16], slopePerMs: 2 / 1000 },
    { case: 'is zero on a flat series', values: [5, 5, 5], slopePerMs: 0 },
    { case: 'is negative on a falling series', values: [9, 6, 3], slopePerMs: -3 / 1000 },
    { case: 'fits through noise', values: [0, 2, 1, 3], slopePerMs: 0.8 / 1000 },
  ])('$case', ({ values, slopePerMs }) => {
    const points = values.map((value, i) => ({ tMs: T0 + i * 1000, value }));
    expect(leastSquaresSlope(points)).toBeCloseTo(slopePerMs, 12);
  });

  it('is undefined with fewer than two points or all points at one instant', () => {
    expect(leastSquaresSlope([{ tMs: T0, value: 1 }])).toBeUndefined();
    expect(
      leastSquaresSlope([
        { tMs: T0, value: 1 },
        { tMs: T0, value: 2 },
      ]),
    ).toBeUndefined();
  });
});

describe('least-squares slope within a time range', () => {
  it('fits only the points inside the range, ends included', () => {
    const points = [0, 100, 10, 12, 14, 100].map((value, i) => ({ tMs: T0 + i * 1000, value }));
    expect(leastSquaresSlope(points, T0 + 2000, T0 + 4000)).toBeCloseTo(2 / 1000, 12);
  });

  it('equals the slope of the filtered copy', () => {
    const points = [3, 8, 1, 9, 4, 7, 2].map((value, i) => ({ tMs: T0 + i * 997, value }));
    const inside = points.filter((p) => p.tMs >= T0 + 900 && p.tMs <= T0 + 5000);
    expect(leastSquaresSlope(points, T0 + 900, T0 + 5000)).toBe(leastSquaresSlope(inside));
  });
});
