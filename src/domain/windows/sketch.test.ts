import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketValue,
  Sketch,
  SKETCH_MAX_VALUE,
  SKETCH_MIN_VALUE,
  SKETCH_RELATIVE_ACCURACY,
} from './sketch.js';

const values = fc.array(fc.double({ min: 0.001, max: 1e7, noNaN: true }), {
  minLength: 1,
  maxLength: 300,
});

function exactQuantile(sorted: number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length - 1e-9));
  return sorted[rank - 1] as number;
}

const within = (reported: number, exact: number) =>
  Math.abs(reported - exact) <= SKETCH_RELATIVE_ACCURACY * exact * (1 + 1e-9);

describe('Sketch', () => {
  it('reports every quantile within 1 % of the exact nearest-rank quantile', () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const s = new Sketch();
        for (const x of xs) s.add(x);
        const exact = exactQuantile(
          [...xs].sort((a, b) => a - b),
          q,
        );
        expect(within(s.quantile(q) as number, exact)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reports mean and max within 1 %', () => {
    fc.assert(
      fc.property(values, (xs) => {
        const s = new Sketch();
        for (const x of xs) s.add(x);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(within(s.mean() as number, mean)).toBe(true);
        expect(within(s.max() as number, Math.max(...xs))).toBe(true);
        expect(s.count).toBe(xs.length);
      }),
      { numRuns: 200 },
    );
  });

  it('returns the original after merging a sketch and subtracting it again', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const s = new Sketch();
        for (const x of a) s.add(x);
        const before = s.encode();
        const other = new Sketch();
        for (const x of b) other.add(x, 2);
        s.merge(other).subtract(other);
        expect(s.encode()).toEqual(before);
        expect(s.count).toBe(a.length);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses to subtract counts it does not hold', () => {
    const s = new Sketch().add(10);
    expect(() => s.subtract(new Sketch().add(10, 2))).toThrow(/underflow/);
    expect(s.count).toBe(1);
  });

  it('decodes its own encoding to an equal sketch', () => {
    fc.assert(
      fc.property(values, fc.nat(5), (xs, zeros) => {
        const s = new Sketch().add(0, zeros);
        for (const x of xs) s.add(x, 3);
        const back = Sketch.decode(s.encode());
        expect(back.encode()).toEqual(s.encode());
        expect(back.count).toBe(s.count);
        expect(back.quantile(0.99)).toBe(s.quantile(0.99));
        expect(back.sum).toBe(s.sum);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes a small sketch to the same bytes every time (golden)', () => {
    const s = new Sketch().add(0).add(1, 2).add(100).add(800, 5);
    // version 1, zero count 1, 3 buckets: index 0 (zigzag 0) ×2, +231 ×1, +104 ×5.
    expect(Array.from(s.encode())).toEqual([1, 1, 3, 0, 2, 231, 1, 1, 104, 5]);
  });

  it('puts values below the minimum in the zero bucket and clamps huge ones', () => {
    const s = new Sketch()
      .add(0)
      .add(SKETCH_MIN_VALUE / 2)
      .add(Number.POSITIVE_INFINITY);
    expect(s.quantile(0)).toBe(0);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.max()).toBe(bucketValue(SKETCH_MAX_VALUE));
    expect(bucketValue(1e30)).toBe(bucketValue(SKETCH_MAX_VALUE));
  });

  it('reports nothing for an empty sketch', () => {
    const s = new Sketch();
    expect([s.quantile(0.5), s.mean(), s.max(), s.count]).toEqual([
      undefined,
      undefined,
      undefined,
      0,
    ]);
  });

  it('refuses NaN, negative or fractional counts and quantiles outside [0, 1]', () => {
    expect(() => new Sketch().add(Number.NaN)).toThrow(/NaN/);
    expect(() => new Sketch().add(1, 1.5)).toThrow(/whole numbers/);
    expect(() => new Sketch().add(1, -1)).toThrow(/whole numbers/);
    expect(() => new Sketch().add(1).quantile(1.5)).toThrow(/within \[0, 1\]/);
  });

  it('counts events by their bucket representative, as bucketValue reports it', () => {
    const s = new Sketch().add(790, 3).add(800, 2).add(810, 4).add(0, 1);
    const rep800 = bucketValue(800);
    expect(s.countWhere('<=', rep800)).toBe(
      [790, 790, 790, 800, 800, 810, 810, 810, 810, 0].filter((v) => bucketValue(v) <= rep800)
        .length,
    );
    expect(s.countWhere('>', 1e9)).toBe(0);
    expect(s.countWhere('>=', 0)).toBe(10);
    expect(s.countWhere('<', 1)).toBe(1);
  });

  it('keeps bucketValue within the relative accuracy of the value', () => {
    fc.assert(
      fc.property(fc.double({ min: SKETCH_MIN_VALUE, max: 1e12, noNaN: true }), (v) => {
        expect(within(bucketValue(v), v)).toBe(true);
      }),
    );
  });

  it('rejects bytes of an unknown version or with trailing garbage', () => {
    expect(() => Sketch.decode(new Uint8Array([9, 0, 0]))).toThrow(/version 9/);
    expect(() => Sketch.decode(new Uint8Array([1, 0, 0, 7]))).toThrow(/trailing/);
    expect(() => Sketch.decode(new Uint8Array([1, 0, 2, 0]))).toThrow(/truncated/);
  });
});
