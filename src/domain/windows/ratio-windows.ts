// Good/total counts in minute, 5-minute and hour ring buffers, with a running sum per requested
// window so a tick costs O(windows), not O(buckets). A window of W ms is summed at the finest
// resolution r whose ring holds ⌈W/r⌉ + 1 buckets: the current (partial) bucket plus ⌈W/r⌉ before it.
// Sums and rings share one Float64Array, so a tick touches little memory.

import type { ByteReader, ByteWriter } from './byte-codec.js';
import { HOUR_MS, MINUTE_MS } from './minute-data.js';

export interface RatioTotals {
  good: number;
  total: number;
}

/** Minutes for windows up to 1 h, 5-minute buckets up to 6 h; hours as long as the longest needs. */
const BUCKET_MS = [MINUTE_MS, 5 * MINUTE_MS, HOUR_MS] as const;
const FIXED_BUCKETS = [61, 73] as const;
const HOURS = 2;

/** Hour buckets a calendar month needs: 31 days, a DST hour and the bucket holding its start. */
export const CALENDAR_MONTH_HOURS = 32 * 24 + 1;

/** Where things live in a RatioWindows buffer; shared by every window of the same shape. */
interface Layout {
  sizes: number[];
  offsets: number[];
  length: number;
  windowIndex: Map<number, number>;
  windowRing: number[];
  /** Buckets in each window, the current one included. */
  windowBuckets: number[];
}

/** The buffer starts with each ring's head bucket, then the [good, total] of each window. */
const SUMS = 3;
const layouts = new Map<string, Layout>();

function layoutFor(windowsMs: readonly number[], minHourBuckets: number): Layout {
  const key = `${windowsMs.join(',')}|${minHourBuckets}`;
  let layout = layouts.get(key);
  if (layout !== undefined) return layout;
  const longestMs = Math.max(0, ...windowsMs);
  const hourBuckets = Math.max(1, minHourBuckets, Math.ceil(longestMs / HOUR_MS) + 1);
  const sizes = [...FIXED_BUCKETS, hourBuckets];
  layout = {
    sizes,
    offsets: [],
    length: 0,
    windowIndex: new Map(),
    windowRing: [],
    windowBuckets: [],
  };
  for (const windowMs of windowsMs) {
    if (layout.windowIndex.has(windowMs)) continue;
    const { ring, buckets } = placement(sizes, windowMs);
    layout.windowIndex.set(windowMs, layout.windowRing.length);
    layout.windowRing.push(ring);
    layout.windowBuckets.push(buckets);
  }
  let offset = SUMS + 2 * layout.windowRing.length;
  layout.offsets = sizes.map((size) => (offset += 2 * size) - 2 * size);
  layout.length = offset;
  layouts.set(key, layout);
  return layout;
}

function placement(sizes: number[], windowMs: number): { ring: number; buckets: number } {
  for (let ring = 0; ring < 3; ring++) {
    const buckets = Math.ceil(windowMs / (BUCKET_MS[ring] as number)) + 1;
    if (buckets <= (sizes[ring] as number)) return { ring, buckets };
  }
  throw new Error(`window of ${windowMs} ms is longer than the ${sizes[HOURS]} hours kept`);
}

export class RatioWindows {
  /** Ring heads (absolute bucket numbers), window sums, then each ring's [good, total] per slot. */
  private readonly buf: Float64Array;
  private readonly layout: Layout;
  private head: number;
  private nextRotationMs: number;
  /** Running sum of hour buckets from anchorStart (the calendar month); NaN when unused. */
  private anchorStart = Number.NaN;
  private anchorGood = 0;
  private anchorTotal = 0;

  /** `minHourBuckets`: hour buckets to keep for totalsSince (CALENDAR_MONTH_HOURS for a month). */
  constructor(windowsMs: readonly number[], headMs: number, minHourBuckets = 0) {
    this.layout = layoutFor(windowsMs, minHourBuckets);
    this.buf = new Float64Array(this.layout.length);
    for (let k = 0; k < 3; k++) this.buf[k] = Math.floor(headMs / (BUCKET_MS[k] as number));
    this.head = headMs;
    this.nextRotationMs = (Math.floor(headMs / MINUTE_MS) + 1) * MINUTE_MS;
  }

  get headMs(): number {
    return this.head;
  }

  /** The bucket length a window is summed at. */
  resolutionMs(windowMs: number): number {
    return BUCKET_MS[placement(this.layout.sizes, windowMs).ring] as number;
  }

  /** Adds a (possibly negative) delta to the minute; ignored where a ring no longer holds it. */
  add(minuteMs: number, good: number, total: number): void {
    if (minuteMs > this.head) this.advance(minuteMs);
    const buf = this.buf;
    for (let k = 0; k < 3; k++) {
      const b = Math.floor(minuteMs / (BUCKET_MS[k] as number));
      if (b <= this.headOf(k) - this.sizeOf(k)) continue;
      const i = this.slot(k, b);
      buf[i] = (buf[i] ?? 0) + good;
      buf[i + 1] = (buf[i + 1] ?? 0) + total;
      if (k === HOURS && b >= this.anchorStart) {
        this.anchorGood += good;
        this.anchorTotal += total;
      }
    }
    for (let w = 0; w < this.layout.windowRing.length; w++) {
      const k = this.layout.windowRing[w] as number;
      const b = Math.floor(minuteMs / (BUCKET_MS[k] as number));
      if (b > this.headOf(k) - (this.layout.windowBuckets[w] as number)) {
        buf[SUMS + 2 * w] = (buf[SUMS + 2 * w] ?? 0) + good;
        buf[SUMS + 2 * w + 1] = (buf[SUMS + 2 * w + 1] ?? 0) + total;
      }
    }
  }

  /** Moves the head to nowMs, rotating buckets; returns whether any rotated. Never goes back. */
  advance(nowMs: number): boolean {
    if (nowMs <= this.head) return false;
    this.head = nowMs;
    if (nowMs < this.nextRotationMs) return false;
    this.nextRotationMs = (Math.floor(nowMs / MINUTE_MS) + 1) * MINUTE_MS;
    for (let k = 0; k < 3; k++) {
      const target = Math.floor(nowMs / (BUCKET_MS[k] as number));
      if (target - this.headOf(k) >= this.sizeOf(k)) this.clear(k, target);
      else while (this.headOf(k) < target) this.step(k);
    }
    return true;
  }

  /** Index of a window given to the constructor, for goodAt/totalAt on the hot path. */
  indexOf(windowMs: number): number {
    const w = this.layout.windowIndex.get(windowMs);
    if (w === undefined) throw new Error(`window of ${windowMs} ms has no running sum`);
    return w;
  }

  goodAt(index: number): number {
    return this.buf[SUMS + 2 * index] ?? 0;
  }

  totalAt(index: number): number {
    return this.buf[SUMS + 2 * index + 1] ?? 0;
  }

  /** Totals over the window ending at the head; O(1) for windows given to the constructor. */
  totals(windowMs: number): RatioTotals {
    const w = this.layout.windowIndex.get(windowMs);
    if (w !== undefined)
      return { good: this.buf[SUMS + 2 * w] ?? 0, total: this.buf[SUMS + 2 * w + 1] ?? 0 };
    const { ring, buckets } = placement(this.layout.sizes, windowMs);
    return this.sumFrom(ring, this.headOf(ring) - buckets + 1);
  }

  /** Totals of the hour buckets from the one holding startMs to the head (calendar month). */
  totalsSince(startMs: number): RatioTotals {
    const startBucket = Math.floor(startMs / HOUR_MS);
    if (this.anchorStart !== startBucket) {
      const t = this.sumFrom(HOURS, startBucket);
      this.anchorStart = startBucket;
      this.anchorGood = t.good;
      this.anchorTotal = t.total;
    }
    return { good: this.anchorGood, total: this.anchorTotal };
  }

  /** Head, then each ring's buckets oldest first (varints when all counts are whole, else f64). */
  write(w: ByteWriter): void {
    w.f64(this.head);
    for (let k = 0; k < 3; k++) {
      const values: number[] = [];
      for (let b = this.headOf(k) - this.sizeOf(k) + 1; b <= this.headOf(k); b++) {
        const i = this.slot(k, b);
        values.push(this.buf[i] ?? 0, this.buf[i + 1] ?? 0);
      }
      const whole = values.every((c) => Number.isSafeInteger(c) && c >= 0);
      w.varint(this.sizeOf(k)).byte(whole ? 0 : 1);
      for (const c of values) {
        if (whole) w.varint(c);
        else w.f64(c);
      }
    }
  }

  static read(windowsMs: readonly number[], minHourBuckets: number, r: ByteReader): RatioWindows {
    const windows = new RatioWindows(windowsMs, r.f64(), minHourBuckets);
    const buf = windows.buf;
    for (let k = 0; k < 3; k++) {
      const size = r.varint();
      if (size !== windows.sizeOf(k)) {
        throw new Error(
          `snapshot ring of ${size} buckets does not fit ${windows.sizeOf(k)} expected`,
        );
      }
      const whole = r.byte() === 0;
      for (let b = windows.headOf(k) - size + 1; b <= windows.headOf(k); b++) {
        const i = windows.slot(k, b);
        buf[i] = whole ? r.varint() : r.f64();
        buf[i + 1] = whole ? r.varint() : r.f64();
      }
    }
    windows.layout.windowRing.forEach((k, w) => {
      const t = windows.sumFrom(
        k,
        windows.headOf(k) - (windows.layout.windowBuckets[w] as number) + 1,
      );
      buf[SUMS + 2 * w] = t.good;
      buf[SUMS + 2 * w + 1] = t.total;
    });
    return windows;
  }

  memoryBytes(): number {
    // The layout is shared by every window of the same shape, so it is not counted here.
    return 160 + this.buf.byteLength;
  }

  private headOf(k: number): number {
    return this.buf[k] as number;
  }

  private sizeOf(k: number): number {
    return this.layout.sizes[k] as number;
  }

  private slot(k: number, bucket: number): number {
    const size = this.sizeOf(k);
    // As in MinuteRing.slot: an int32 remainder is one instruction, a double one a library call.
    const at =
      bucket >= 0 && bucket <= 0x7fffffff ? (bucket | 0) % size : ((bucket % size) + size) % size;
    return (this.layout.offsets[k] as number) + at * 2;
  }

  /** Sum of ring k's buckets from..head that it still holds. */
  private sumFrom(k: number, from: number): RatioTotals {
    let good = 0;
    let total = 0;
    for (let b = Math.max(from, this.headOf(k) - this.sizeOf(k) + 1); b <= this.headOf(k); b++) {
      const i = this.slot(k, b);
      good += this.buf[i] ?? 0;
      total += this.buf[i + 1] ?? 0;
    }
    return { good, total };
  }

  /** Moves ring k one bucket on: what leaves each running sum is subtracted, the slot cleared. */
  private step(k: number): void {
    const buf = this.buf;
    const next = this.headOf(k) + 1;
    for (let w = 0; w < this.layout.windowRing.length; w++) {
      if (this.layout.windowRing[w] !== k) continue;
      const i = this.slot(k, next - (this.layout.windowBuckets[w] as number));
      buf[SUMS + 2 * w] = (buf[SUMS + 2 * w] ?? 0) - (buf[i] ?? 0);
      buf[SUMS + 2 * w + 1] = (buf[SUMS + 2 * w + 1] ?? 0) - (buf[i + 1] ?? 0);
    }
    const i = this.slot(k, next);
    if (k === HOURS && next - this.sizeOf(k) >= this.anchorStart) {
      this.anchorGood -= buf[i] ?? 0;
      this.anchorTotal -= buf[i + 1] ?? 0;
    }
    buf[i] = 0;
    buf[i + 1] = 0;
    this.buf[k] = next;
  }

  private clear(k: number, target: number): void {
    const offset = this.layout.offsets[k] as number;
    this.buf.fill(0, offset, offset + 2 * this.sizeOf(k));
    this.buf[k] = target;
    for (let w = 0; w < this.layout.windowRing.length; w++) {
      if (this.layout.windowRing[w] === k) this.buf[SUMS + 2 * w] = this.buf[SUMS + 2 * w + 1] = 0;
    }
    if (k === HOURS) this.anchorGood = this.anchorTotal = 0;
  }
}
