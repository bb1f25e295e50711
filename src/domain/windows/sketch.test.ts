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

/** The multiset a sketch stands for: bucket value → count, with every operation done naively. */
type Model = Map<number, number>;

function modelOf(xs: Array<[number, number]>): Model {
  const m: Model = new Map();
  for (const [x, c] of xs) if (c > 0) m.set(bucketValue(x), (m.get(bucketValue(x)) ?? 0) + c);
  return m;
}

function modelQuantile(m: Model, q: number): number | undefined {
  const sorted = [...m].sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((n, [, c]) => n + c, 0);
  if (count === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * count - 1e-9));
  let seen = 0;
  for (const [v, c] of sorted) if ((seen += c) >= rank) return v;
  return undefined;
}

const weighted = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 40 }),
      fc.double({ min: 0.001, max: 1e7, noNaN: true }),
    ),
    fc.nat(4),
  ),
  { maxLength: 40 },
);

type Op =
  | { kind: 'add'; xs: Array<[number, number]> }
  | { kind: 'merge' | 'merge-subtract'; xs: Array<[number, number]> }
  | { kind: 'clone' | 'round-trip' };

const op: fc.Arbitrary<Op> = fc.oneof(
  weighted.map((xs) => ({ kind: 'add' as const, xs })),
  weighted.map((xs) => ({ kind: 'merge' as const, xs })),
  weighted.map((xs) => ({ kind: 'merge-subtract' as const, xs })),
  fc.constantFrom({ kind: 'clone' as const }, { kind: 'round-trip' as const }),
);

describe('Sketch', () => {
  it('behaves as the multiset of bucket values it stands for, whatever the operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        let s = new Sketch();
        const m: Model = new Map();
        const sketchOf = (xs: Array<[number, number]>) => {
          const other = new Sketch();
          for (const [x, c] of xs) other.add(x, c);
          return other;
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            for (const [x, c] of o.xs) s.add(x, c);
            for (const [v, c] of modelOf(o.xs)) m.set(v, (m.get(v) ?? 0) + c);
          } else if (o.kind === 'merge') {
            s.merge(sketchOf(o.xs));
            for (const [v, c] of modelOf(o.xs)) m.set(v, (m.get(v) ?? 0) + c);
          } else if (o.kind === 'merge-subtract') {
            // Subtracts a sketch it holds: the counts just merged, then what was there before.
            const before = s.clone();
            s.merge(sketchOf(o.xs)).subtract(before).merge(before).subtract(sketchOf(o.xs));
          } else if (o.kind === 'clone') {
            s = s.clone();
          } else {
            s = Sketch.decode(s.encode());
          }
          const count = [...m.values()].reduce((n, c) => n + c, 0);
          expect(s.count).toBe(count);
          expect(s.bucketCount).toBe(m.size);
          for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1])
            expect(s.quantile(q)).toBe(modelQuantile(m, q));
          const top = [...m.keys()].reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
          expect(s.max()).toBe(count === 0 ? undefined : top);
          const sum = [...m].sort((a, b) => a[0] - b[0]).reduce((acc, [v, c]) => acc + v * c, 0);
          expect(s.sum).toBe(sum);
          expect(s.countWhere('<=', 20)).toBe(
            [...m].reduce((n, [v, c]) => n + (v <= 20 ? c : 0), 0),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('merges a sketch of many buckets to the same sketch as merging it bucket by bucket', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const whole = new Sketch();
        for (const x of a) whole.add(x);
        const other = new Sketch();
        for (const x of b) other.add(x, 2);
        const byBucket = whole.clone();
        for (const x of b) byBucket.merge(new Sketch().add(x, 2));
        expect(whole.merge(other).encode()).toEqual(byBucket.encode());
      }),
      { numRuns: 200 },
    );
  });

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

  it('is empty once cleared, and fills again as a new sketch would', () => {
    const s = new Sketch().add(0, 2).add(120, 3).add(900);
    expect(s.clear().count).toBe(0);
    expect(s.quantile(0.5)).toBeUndefined();
    s.add(300, 2).add(0);
    expect(s.encode()).toEqual(new Sketch().add(300, 2).add(0).encode());
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

  it('reports the representative 2γ^i/(γ+1) of the bucket, from its table or beyond it', () => {
    const gamma = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
    const formula = (i: number) => (2 * Math.exp(i * Math.log(gamma))) / (gamma + 1);
    fc.assert(
      fc.property(
        fc.double({ min: Math.log(SKETCH_MIN_VALUE), max: Math.log(1e15), noNaN: true }),
        (u) => {
          const v = Math.exp(u);
          if (v < SKETCH_MIN_VALUE || v >= SKETCH_MAX_VALUE) return;
          expect(bucketValue(v)).toBe(formula(Math.ceil(Math.log(v) / Math.log(gamma))));
        },
      ),
    );
    // Index −5000 (zigzag 9999 = 0x8f 0x4e), which no value maps to: version 1, no zeros, 1 bucket.
    const far = Sketch.decode(new Uint8Array([1, 0, 1, 0x8f, 0x4e, 1]));
    expect(far.max()).toBe(formula(-5000));
  });

  it('rejects bytes of an unknown version or with trailing garbage', () => {
    expect(() => Sketch.decode(new Uint8Array([9, 0, 0]))).toThrow(/version 9/);
    expect(() => Sketch.decode(new Uint8Array([1, 0, 0, 7]))).toThrow(/trailing/);
    expect(() => Sketch.decode(new Uint8Array([1, 0, 2, 0]))).toThrow(/truncated/);
  });
});
