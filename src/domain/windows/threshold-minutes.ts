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
  /** Per-slot series point (null: no statistic), valid where statDirty is 0. */
  private readonly points: Array<SeriesPoint | null>;
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
    this.points = new Array<SeriesPoint | null>(ring.size).fill(null);
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
    if (minute > this.ring.head) this.rotate(data.minuteMs);
    if (!this.ring.holds(minute)) return;
    const slot = this.ring.add(minute, data);
    this.statDirty[slot] = 1;
    this.seriesDirty = true;
    for (const w of this.windows) w.added(minute, data);
  }

  advance(nowMs: number): void {
    this.rotate(nowMs);
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
      this.points.length * 8 +
      this.statDirty.byteLength +
      this.series.length * 48
    );
  }

  private rotate(nowMs: number): void {
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

  /** A new array each time (observations are shared), of points kept per minute until it changes. */
  private buildSeries(): SeriesPoint[] {
    const series: SeriesPoint[] = [];
    const first = this.ring.head - this.ring.size + 1;
    for (let m = first, slot = this.ring.slot(first); m <= this.ring.head; m++) {
      if (this.statDirty[slot] === 1) {
        const value = this.ring.hasData(slot)
          ? statisticOf(this.statistic, this.ring.dataAt(slot))
          : undefined;
        this.points[slot] =
          value === undefined || Number.isNaN(value)
            ? null
            : { tMs: m * MINUTE_MS + HALF_MINUTE_MS, value };
        this.statDirty[slot] = 0;
      }
      const point = this.points[slot];
      if (point !== null && point !== undefined) series.push(point);
      if (++slot === this.ring.size) slot = 0;
    }
    return series;
  }
}
