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

function computeRepresentative(index: number): number {
  return (2 * Math.exp(index * LOG_GAMMA)) / (GAMMA + 1);
}

/** Representatives of every index a value can land in, computed once (Math.exp is the cost). */
const MIN_INDEX = indexOf(SKETCH_MIN_VALUE);
const REPRESENTATIVES = Float64Array.from({ length: MAX_INDEX - MIN_INDEX + 1 }, (_, k) =>
  computeRepresentative(k + MIN_INDEX),
);

function representative(index: number): number {
  // Decoded bytes can hold indexes no value maps to; those are computed.
  return index >= MIN_INDEX && index <= MAX_INDEX
    ? (REPRESENTATIVES[index - MIN_INDEX] as number)
    : computeRepresentative(index);
}

/** The value a sketch reports for `value`: what every comparison and statistic sees. */
export function bucketValue(value: number): number {
  if (Number.isNaN(value)) throw new Error('cannot bucket NaN');
  return value < SKETCH_MIN_VALUE ? 0 : representative(indexOf(value));
}

function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new Error(`sketch counts must be whole numbers ≥ 0, got ${count}`);
  }
}

/**
 * Buckets are kept as two parallel arrays sorted by index (a sketch holds tens of buckets, a
 * minute's often one or two): merging a small sketch is a binary search per bucket, a quantile
 * reads from the top without sorting, and a clone copies two arrays.
 */
export class Sketch {
  /** Non-empty bucket indexes, ascending. */
  private indexes: number[] = [];
  /** counts[k] is the count of bucket indexes[k]; always > 0. */
  private counts: number[] = [];
  private zeroCount = 0;
  private totalCount = 0;

  get count(): number {
    return this.totalCount;
  }

  /** Sum of bucket representatives, in index order so equal sketches give equal sums. */
  get sum(): number {
    let sum = 0;
    for (let k = 0; k < this.indexes.length; k++) {
      sum += representative(this.indexAt(k)) * this.countAt(k);
    }
    return sum;
  }

  /** Number of non-empty buckets (the zero bucket included). */
  get bucketCount(): number {
    return this.indexes.length + (this.zeroCount > 0 ? 1 : 0);
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
    const n = other.indexes.length;
    if (n > MERGE_BY_SEARCH_UP_TO && n > this.indexes.length / 4) this.mergeSorted(other);
    else for (let k = 0; k < n; k++) this.addToBucket(other.indexAt(k), other.countAt(k));
    this.zeroCount += other.zeroCount;
    this.totalCount += other.totalCount;
    return this;
  }

  /** Removes what `other` added; throws when `other` holds counts this sketch does not have. */
  subtract(other: Sketch): this {
    if (other.zeroCount > this.zeroCount) throw new Error('cannot subtract: zero bucket underflow');
    const n = other.indexes.length;
    if (n === 1) {
      this.subtractBucket(other.indexAt(0), other.countAt(0));
    } else {
      this.subtractBuckets(other);
    }
    this.zeroCount -= other.zeroCount;
    this.totalCount -= other.totalCount;
    return this;
  }

  /** One bucket (a minute of one value, often): one search, and a removal only when it empties. */
  private subtractBucket(index: number, count: number): void {
    const at = this.find(index);
    if (at < 0 || this.countAt(at) < count) {
      throw new Error(`cannot subtract: bucket ${index} underflow`);
    }
    const left = this.countAt(at) - count;
    if (left > 0) {
      this.counts[at] = left;
      return;
    }
    const indexes = this.indexes;
    const counts = this.counts;
    for (let k = at + 1; k < indexes.length; k++) {
      indexes[k - 1] = indexes[k] as number;
      counts[k - 1] = counts[k] as number;
    }
    indexes.pop();
    counts.pop();
  }

  private subtractBuckets(other: Sketch): void {
    const n = other.indexes.length;
    for (let k = 0; k < n; k++) {
      const i = other.indexAt(k);
      const at = this.find(i);
      if (at < 0 || this.countAt(at) < other.countAt(k)) {
        throw new Error(`cannot subtract: bucket ${i} underflow`);
      }
    }
    let emptied = false;
    for (let k = 0; k < n; k++) {
      const at = this.find(other.indexAt(k));
      const left = this.countAt(at) - other.countAt(k);
      this.counts[at] = left;
      if (left === 0) emptied = true;
    }
    if (emptied) this.dropEmpty();
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
    let below = this.totalCount;
    for (let k = this.indexes.length - 1; k >= 0; k--) {
      below -= this.countAt(k);
      if (below < rank) return representative(this.indexAt(k));
    }
    return 0;
  }

  mean(): number | undefined {
    return this.totalCount === 0 ? undefined : this.sum / this.totalCount;
  }

  /** The representative of the highest non-empty bucket. */
  max(): number | undefined {
    if (this.totalCount === 0) return undefined;
    const top = this.indexes[this.indexes.length - 1];
    return top === undefined ? 0 : representative(top);
  }

  /** Events whose bucket representative satisfies `comparator threshold`. */
  countWhere(comparator: Comparator, threshold: number): number {
    let n = satisfies(comparator, 0, threshold) ? this.zeroCount : 0;
    for (let k = 0; k < this.indexes.length; k++) {
      if (satisfies(comparator, representative(this.indexAt(k)), threshold)) n += this.countAt(k);
    }
    return n;
  }

  /** Version, zero count, bucket count, then (index delta, count) pairs in index order. */
  encode(): Uint8Array {
    const w = new ByteWriter().byte(ENCODING_VERSION).varint(this.zeroCount);
    w.varint(this.indexes.length);
    let previous = 0;
    this.indexes.forEach((i, n) => {
      if (n === 0) w.zigzag(i);
      else w.varint(i - previous);
      w.varint(this.countAt(n));
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

  /** Empties the sketch, for a caller that refills one sketch again and again. */
  clear(): this {
    while (this.indexes.length > 0) {
      this.indexes.pop();
      this.counts.pop();
    }
    this.zeroCount = 0;
    this.totalCount = 0;
    return this;
  }

  clone(): Sketch {
    const s = new Sketch();
    s.indexes = this.indexes.slice();
    s.counts = this.counts.slice();
    s.zeroCount = this.zeroCount;
    s.totalCount = this.totalCount;
    return s;
  }

  /** Rough retained bytes (the object, its two arrays and 8 bytes per element of each). */
  memoryBytes(): number {
    return 160 + this.indexes.length * 16;
  }

  private indexAt(k: number): number {
    return this.indexes[k] as number;
  }

  private countAt(k: number): number {
    return this.counts[k] as number;
  }

  /** Position of bucket `index`, or −(insertion point) − 1 when it is empty. */
  private find(index: number): number {
    const indexes = this.indexes;
    let lo = 0;
    let hi = indexes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = indexes[mid] as number;
      if (at < index) lo = mid + 1;
      else if (at > index) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  private addToBucket(index: number, count: number): void {
    const indexes = this.indexes;
    const n = indexes.length;
    if (n === 0 || (indexes[n - 1] as number) < index) {
      indexes.push(index);
      this.counts.push(count);
      return;
    }
    const at = this.find(index);
    if (at >= 0) {
      this.counts[at] = this.countAt(at) + count;
      return;
    }
    const insert = -at - 1;
    indexes.splice(insert, 0, index);
    this.counts.splice(insert, 0, count);
  }

  /** Merges two sorted bucket lists in one pass; for sketches of many buckets. */
  private mergeSorted(other: Sketch): void {
    const indexes: number[] = [];
    const counts: number[] = [];
    const a = this.indexes.length;
    const b = other.indexes.length;
    let i = 0;
    let j = 0;
    while (i < a || j < b) {
      const x = i < a ? this.indexAt(i) : Number.POSITIVE_INFINITY;
      const y = j < b ? other.indexAt(j) : Number.POSITIVE_INFINITY;
      if (x < y) {
        indexes.push(x);
        counts.push(this.countAt(i++));
      } else if (y < x) {
        indexes.push(y);
        counts.push(other.countAt(j++));
      } else {
        indexes.push(x);
        counts.push(this.countAt(i++) + other.countAt(j++));
      }
    }
    this.indexes = indexes;
    this.counts = counts;
  }

  /** Removes the buckets whose count fell to 0. */
  private dropEmpty(): void {
    let kept = 0;
    for (let k = 0; k < this.indexes.length; k++) {
      const c = this.countAt(k);
      if (c === 0) continue;
      this.indexes[kept] = this.indexAt(k);
      this.counts[kept] = c;
      kept++;
    }
    // pop(), unlike setting length, stays on the arrays' fast path.
    while (this.indexes.length > kept) {
      this.indexes.pop();
      this.counts.pop();
    }
  }
}

/** Above this many buckets, a merge walks both sorted lists instead of searching per bucket. */
const MERGE_BY_SEARCH_UP_TO = 8;
