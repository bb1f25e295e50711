// A mergeable log-bucketed quantile sketch (DDSketch, Masson et al., VLDB 2019): bucket i holds the
// values in (γ^(i-1), γ^i] with γ = (1+α)/(1-α), and reports 2γ^i/(γ+1), which is within α of every
// value in the bucket. Counts are integers, so merge and subtract are exact inverses.

import type { Comparator } from '../definitions.js';
import { ByteReader, ByteWriter } from './byte-codec.js';
import { satisfies } from './compare.js';

/** Every reported quantile, mean and max is within 1 % of the true value (values ≥ MIN_VALUE). */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** Values below this land in the zero bucket and are reported as 0. */
export const SKETCH_MIN_VALUE = 1e-9;
/** Larger values (and +Infinity) are clamped into the bucket of this value. */
export const SKETCH_MAX_VALUE = 1e15;

const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MAX_INDEX = Math.ceil(Math.log(SKETCH_MAX_VALUE) / LOG_GAMMA);
const ENCODING_VERSION = 1;

function indexOf(value: number): number {
  if (value >= SKETCH_MAX_VALUE) return MAX_INDEX;
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

function representative(index: number): number {
  return (2 * Math.exp(index * LOG_GAMMA)) / (GAMMA + 1);
}

/** The value a sketch reports for `value`: what every comparison and statistic sees. */
export function bucketValue(value: number): number {
  if (Number.isNaN(value)) throw new Error('cannot bucket NaN');
  return value < SKETCH_MIN_VALUE ? 0 : representative(indexOf(value));
}

const EMPTY_INDEXES = new Int32Array(0);

function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new Error(`sketch counts must be whole numbers ≥ 0, got ${count}`);
  }
}

export class Sketch {
  private readonly buckets = new Map<number, number>();
  private zeroCount = 0;
  private totalCount = 0;
  /** Bucket indexes ascending; rebuilt lazily after a bucket appears or disappears. */
  private sortedCache: Int32Array | null = EMPTY_INDEXES;

  get count(): number {
    return this.totalCount;
  }

  /** Sum of bucket representatives, in index order so equal sketches give equal sums. */
  get sum(): number {
    let sum = 0;
    for (const i of this.sortedIndexes()) sum += representative(i) * (this.buckets.get(i) ?? 0);
    return sum;
  }

  /** Number of non-empty buckets (the zero bucket included). */
  get bucketCount(): number {
    return this.buckets.size + (this.zeroCount > 0 ? 1 : 0);
  }

  add(value: number, count = 1): this {
    if (Number.isNaN(value)) throw new Error('cannot add NaN to a sketch');
    checkCount(count);
    if (count === 0) return this;
    if (value < SKETCH_MIN_VALUE) this.zeroCount += count;
    else this.addToBucket(indexOf(value), count);
    this.totalCount += count;
    return this;
  }

  merge(other: Sketch): this {
    for (const [i, c] of other.buckets) this.addToBucket(i, c);
    this.zeroCount += other.zeroCount;
    this.totalCount += other.totalCount;
    return this;
  }

  /** Removes what `other` added; throws when `other` holds counts this sketch does not have. */
  subtract(other: Sketch): this {
    if (other.zeroCount > this.zeroCount) throw new Error('cannot subtract: zero bucket underflow');
    for (const [i, c] of other.buckets) {
      if ((this.buckets.get(i) ?? 0) < c) throw new Error(`cannot subtract: bucket ${i} underflow`);
    }
    for (const [i, c] of other.buckets) {
      const left = (this.buckets.get(i) ?? 0) - c;
      if (left === 0) {
        this.buckets.delete(i);
        this.sortedCache = null;
      } else {
        this.buckets.set(i, left);
      }
    }
    this.zeroCount -= other.zeroCount;
    this.totalCount -= other.totalCount;
    return this;
  }

  /** Nearest-rank quantile: the representative of the ⌈q·count⌉-th smallest value. */
  quantile(q: number): number | undefined {
    if (!(q >= 0 && q <= 1)) throw new Error(`quantile must be within [0, 1], got ${q}`);
    if (this.totalCount === 0) return undefined;
    // The epsilon keeps 0.95 × 20 at rank 19 despite floating-point products like 19.000000000004.
    const rank = Math.max(1, Math.ceil(q * this.totalCount - 1e-9));
    if (this.zeroCount >= rank) return 0;
    // From the top: the objectives' quantiles (p90–p99) sit a few buckets below it. The answer is
    // the highest bucket with fewer than `rank` values below it.
    const sorted = this.sortedIndexes();
    let below = this.totalCount;
    for (let k = sorted.length - 1; k >= 0; k--) {
      const i = sorted[k] ?? 0;
      below -= this.buckets.get(i) ?? 0;
      if (below < rank) return representative(i);
    }
    return 0;
  }

  mean(): number | undefined {
    return this.totalCount === 0 ? undefined : this.sum / this.totalCount;
  }

  /** The representative of the highest non-empty bucket. */
  max(): number | undefined {
    if (this.totalCount === 0) return undefined;
    const sorted = this.sortedIndexes();
    const top = sorted[sorted.length - 1];
    return top === undefined ? 0 : representative(top);
  }

  /** Events whose bucket representative satisfies `comparator threshold`. */
  countWhere(comparator: Comparator, threshold: number): number {
    let n = satisfies(comparator, 0, threshold) ? this.zeroCount : 0;
    for (const [i, c] of this.buckets)
      if (satisfies(comparator, representative(i), threshold)) n += c;
    return n;
  }

  /** Version, zero count, bucket count, then (index delta, count) pairs in index order. */
  encode(): Uint8Array {
    const w = new ByteWriter().byte(ENCODING_VERSION).varint(this.zeroCount);
    const sorted = this.sortedIndexes();
    w.varint(sorted.length);
    let previous = 0;
    sorted.forEach((i, n) => {
      if (n === 0) w.zigzag(i);
      else w.varint(i - previous);
      w.varint(this.buckets.get(i) ?? 0);
      previous = i;
    });
    return w.finish();
  }

  static decode(bytes: Uint8Array): Sketch {
    const r = new ByteReader(bytes);
    const version = r.byte();
    if (version !== ENCODING_VERSION) throw new Error(`unknown sketch encoding version ${version}`);
    const s = new Sketch();
    s.zeroCount = r.varint();
    s.totalCount = s.zeroCount;
    const n = r.varint();
    let index = 0;
    for (let k = 0; k < n; k++) {
      index = k === 0 ? r.zigzag() : index + r.varint();
      const c = r.varint();
      if (c === 0 || index > MAX_INDEX) throw new Error(`corrupt sketch bucket ${index}`);
      s.addToBucket(index, c);
      s.totalCount += c;
    }
    r.expectEnd();
    return s;
  }

  clone(): Sketch {
    return new Sketch().merge(this);
  }

  /** Rough retained bytes (V8 Map entries, the index cache, the object itself). */
  memoryBytes(): number {
    return 96 + this.buckets.size * 40;
  }

  private addToBucket(index: number, count: number): void {
    const before = this.buckets.get(index);
    if (before === undefined) this.sortedCache = null;
    this.buckets.set(index, (before ?? 0) + count);
  }

  private sortedIndexes(): Int32Array {
    // A typed array sorts numerically without a comparator call per pair.
    if (this.sortedCache === null) this.sortedCache = Int32Array.from(this.buckets.keys()).sort();
    return this.sortedCache;
  }
}
