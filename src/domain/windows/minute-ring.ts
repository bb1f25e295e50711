// The last `size` minutes of one SLI's data, one slot per minute: good/total counts, and for
// distribution SLIs a Sketch of the minute's values. Windows that must re-read a minute (time-slice
// verdicts, threshold measurement and series) keep their recent data here.

import type { SliKind } from '../definitions.js';
import type { ByteReader, ByteWriter } from './byte-codec.js';
import { MINUTE_MS, type MinuteData } from './minute-data.js';
import { Sketch } from './sketch.js';

export class MinuteRing {
  readonly good: Float64Array;
  readonly total: Float64Array;
  readonly sketches: Array<Sketch | null> | null;
  /** Absolute minute number (⌊ms / 60 000⌋) of the current minute. */
  head: number;

  constructor(
    readonly size: number,
    sliKind: SliKind,
    headMs: number,
  ) {
    this.good = new Float64Array(size);
    this.total = new Float64Array(size);
    this.sketches = sliKind === 'distribution' ? new Array<Sketch | null>(size).fill(null) : null;
    this.head = Math.floor(headMs / MINUTE_MS);
  }

  slot(minute: number): number {
    // Minute numbers are doubles to V8, whose % on doubles is a slow library call; as int32 it is
    // one instruction. Minutes since 1970 fit until the year 4052; beyond, the general formula.
    if (minute >= 0 && minute <= 0x7fffffff) return (minute | 0) % this.size;
    return ((minute % this.size) + this.size) % this.size;
  }

  holds(minute: number): boolean {
    return minute <= this.head && minute > this.head - this.size;
  }

  /** Adds the delta into its minute's slot (the caller checked `holds`); copies the sketch. */
  add(minute: number, data: MinuteData): number {
    const s = this.slot(minute);
    this.good[s] = (this.good[s] ?? 0) + data.good;
    this.total[s] = (this.total[s] ?? 0) + data.total;
    if (this.sketches !== null && data.sketch !== null && data.sketch.count > 0) {
      const mine = this.sketches[s];
      if (mine === null || mine === undefined) this.sketches[s] = data.sketch.clone();
      else mine.merge(data.sketch);
    }
    return s;
  }

  /** The data of a slot, shaped for statisticOf. */
  dataAt(slot: number): { good: number; total: number; sketch: Sketch | null } {
    return {
      good: this.good[slot] ?? 0,
      total: this.total[slot] ?? 0,
      sketch: this.sketches?.[slot] ?? null,
    };
  }

  hasData(slot: number): boolean {
    return (this.total[slot] ?? 0) > 0 || (this.sketches?.[slot]?.count ?? 0) > 0;
  }

  /** Moves the head to `minute`, clearing the slots that leave. */
  stepTo(minute: number): void {
    if (minute - this.head >= this.size) {
      this.good.fill(0);
      this.total.fill(0);
      this.sketches?.fill(null);
      this.head = minute;
      return;
    }
    while (this.head < minute) {
      this.head++;
      const s = this.slot(this.head);
      this.good[s] = 0;
      this.total[s] = 0;
      if (this.sketches !== null) this.sketches[s] = null;
    }
  }

  /** Head, then each minute oldest first: good, total, and the encoded sketch (length-prefixed). */
  write(w: ByteWriter): void {
    w.f64(this.head).varint(this.size);
    for (let m = this.head - this.size + 1; m <= this.head; m++) {
      const s = this.slot(m);
      w.f64(this.good[s] ?? 0).f64(this.total[s] ?? 0);
      if (this.sketches === null) continue;
      const bytes = this.sketches[s]?.encode();
      w.varint(bytes === undefined ? 0 : bytes.length);
      if (bytes !== undefined) w.raw(bytes);
    }
  }

  static read(size: number, sliKind: SliKind, r: ByteReader): MinuteRing {
    const head = r.f64();
    const ring = new MinuteRing(size, sliKind, head * MINUTE_MS);
    const stored = r.varint();
    if (stored !== size) throw new Error(`snapshot holds ${stored} minutes, expected ${size}`);
    for (let m = ring.head - size + 1; m <= ring.head; m++) {
      const s = ring.slot(m);
      ring.good[s] = r.f64();
      ring.total[s] = r.f64();
      if (ring.sketches === null) continue;
      const length = r.varint();
      ring.sketches[s] = length === 0 ? null : Sketch.decode(r.raw(length));
    }
    return ring;
  }

  memoryBytes(): number {
    let bytes = 96 + this.good.byteLength + this.total.byteLength;
    if (this.sketches !== null) {
      bytes += 16 + this.sketches.length * 8;
      for (const s of this.sketches) bytes += s?.memoryBytes() ?? 0;
    }
    return bytes;
  }
}
