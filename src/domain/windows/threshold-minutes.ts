// What threshold windows of one SLI with the same statistic and series length have in common: the
// minutes they keep (a MinuteRing of `seriesMinutes` slots), each minute's statistic as a series
// point, and the series itself, rebuilt only after data or a minute change. A window usually has
// its own; a replay of several objectives on one SLI lets windows that differ only in their
// measurement window share one, so each minute is stored, and its statistic taken, once.

import type { SliKind, Statistic } from '../definitions.js';
import type { SeriesPoint } from '../observation.js';
import { MINUTE_MS, type MinuteData } from './minute-data.js';
import { MinuteRing } from './minute-ring.js';
import { statisticOf } from './statistic.js';

/** A window on these minutes: told of each change before the ring moves past what it reads. */
export interface ThresholdMinutesWindow {
  /** `data` was added to `minute`, which the ring holds. */
  added(minute: number, data: MinuteData): void;
  /** The head moves on to `minute`; the ring still holds the minutes that leave. */
  rotating(minute: number): void;
  /** The clock reached nowMs (after any rotation). */
  reached(nowMs: number): void;
}

const HALF_MINUTE_MS = MINUTE_MS / 2;

export class ThresholdMinutes {
  /** Per-slot statistic (NaN: none), valid where statDirty is 0. */
  private readonly stats: Float64Array;
  private readonly statDirty: Uint8Array;
  private series: SeriesPoint[] = [];
  private seriesDirty = true;
  private nextMinuteMs: number;
  private readonly windows: ThresholdMinutesWindow[] = [];

  constructor(
    private readonly statistic: Statistic,
    readonly ring: MinuteRing,
  ) {
    this.nextMinuteMs = (ring.head + 1) * MINUTE_MS;
    this.stats = new Float64Array(ring.size);
    this.statDirty = new Uint8Array(ring.size).fill(1);
  }

  static create(statistic: Statistic, seriesMinutes: number, sliKind: SliKind, nowMs: number) {
    return new ThresholdMinutes(statistic, new MinuteRing(seriesMinutes, sliKind, nowMs));
  }

  /** Whether windows of this statistic and series length can share these minutes. */
  fits(statistic: Statistic, seriesMinutes: number): boolean {
    return statistic === this.statistic && seriesMinutes === this.ring.size;
  }

  join(window: ThresholdMinutesWindow): void {
    this.windows.push(window);
  }

  apply(data: MinuteData): void {
    const minute = Math.floor(data.minuteMs / MINUTE_MS);
    if (minute > this.ring.head) this.rotateTo(data.minuteMs);
    if (!this.ring.holds(minute)) return;
    const slot = this.ring.add(minute, data);
    this.statDirty[slot] = 1;
    this.seriesDirty = true;
    for (const w of this.windows) w.added(minute, data);
  }

  /** Rotates to nowMs and tells every window the clock reached it. */
  advance(nowMs: number): void {
    this.rotateTo(nowMs);
    for (const w of this.windows) w.reached(nowMs);
  }

  /** The series of the last `ring.size` minutes, oldest first; the same array until it changes. */
  currentSeries(): SeriesPoint[] {
    if (this.seriesDirty) {
      this.series = this.buildSeries();
      this.seriesDirty = false;
    }
    return this.series;
  }

  memoryBytes(): number {
    return (
      96 +
      this.ring.memoryBytes() +
      this.stats.byteLength +
      this.statDirty.byteLength +
      this.series.length * 48
    );
  }

  /** Moves the head to the minute of nowMs when that is a later minute (windows are told first). */
  rotateTo(nowMs: number): void {
    // Minutes only change on minute boundaries: most ticks end here without touching the ring.
    if (nowMs < this.nextMinuteMs) return;
    const minute = Math.floor(nowMs / MINUTE_MS);
    this.nextMinuteMs = (minute + 1) * MINUTE_MS;
    for (const w of this.windows) w.rotating(minute);
    for (let m = Math.max(this.ring.head + 1, minute - this.ring.size + 1); m <= minute; m++) {
      this.statDirty[this.ring.slot(m)] = 1;
    }
    this.ring.stepTo(minute);
    this.seriesDirty = true;
  }

  /**
   * A new array of new points each time (observations are shared): points made together sit
   * together in memory, which a trend check over thousands of windows reads faster than points
   * kept from minute to minute.
   */
  private buildSeries(): SeriesPoint[] {
    const series: SeriesPoint[] = [];
    const first = this.ring.head - this.ring.size + 1;
    for (let m = first, slot = this.ring.slot(first); m <= this.ring.head; m++) {
      if (this.statDirty[slot] === 1) {
        const v = this.ring.hasData(slot)
          ? statisticOf(this.statistic, this.ring.dataAt(slot))
          : undefined;
        this.stats[slot] = v ?? Number.NaN;
        this.statDirty[slot] = 0;
      }
      const value = this.stats[slot] ?? Number.NaN;
      if (!Number.isNaN(value)) series.push({ tMs: m * MINUTE_MS + HALF_MINUTE_MS, value });
      if (++slot === this.ring.size) slot = 0;
    }
    return series;
  }
}
