// Threshold objectives: the statistic over the measurement window (the current minute plus the
// ⌈window/1 min⌉ minutes before it), kept as running sums and a running merged sketch, and the
// per-minute statistic over the trend lookback, both recomputed only when their data changed.
// The version also moves when a minute's midpoint enters or leaves the trend lookback, so that the
// points the trend check reads are a function of the data and the version alone.

import type { ClientDef, SliDef, ThresholdObjectiveDef } from '../definitions.js';
import type { SeriesPoint, ThresholdObservation } from '../observation.js';
import { MINUTE_MS, type MinuteData } from './minute-data.js';
import { MinuteRing } from './minute-ring.js';
import type { ObjectiveWindow } from './objective-window.js';
import { Sketch } from './sketch.js';
import { statisticOf } from './statistic.js';
import { openSnapshot, startSnapshot } from './window-snapshot.js';

export class ThresholdWindow implements ObjectiveWindow {
  private good = 0;
  private total = 0;
  private merged: Sketch | null;
  private value: number | undefined;
  private valueDirty = true;
  /** Per-slot series point (null: no statistic), valid where statDirty is 0. */
  private readonly points: Array<SeriesPoint | null>;
  private readonly statDirty: Uint8Array;
  private series: SeriesPoint[] = [];
  private seriesDirty = true;
  private nextMinuteMs: number;
  private changes = 0;
  private cached: ThresholdObservation | null = null;
  /** First and last minute whose midpoint lies in [now − lookback, now] at the last advance. */
  private lookbackFirstMinute = Number.NaN;
  private lookbackLastMinute = Number.NaN;
  private readonly trendLookbackMs: number | undefined;

  private constructor(
    private readonly def: ThresholdObjectiveDef,
    private readonly sli: SliDef,
    /** Minutes in the measurement window, the current one included. */
    private readonly measureMinutes: number,
    /** Minutes in the series, the current one included. */
    private readonly seriesMinutes: number,
    private readonly ring: MinuteRing,
  ) {
    this.merged = sli.kind === 'distribution' ? new Sketch() : null;
    this.nextMinuteMs = (ring.head + 1) * MINUTE_MS;
    this.points = new Array<SeriesPoint | null>(ring.size).fill(null);
    this.statDirty = new Uint8Array(ring.size).fill(1);
    this.trendLookbackMs = def.earlyWarning.trendProjection?.lookbackMs;
  }

  static create(def: ThresholdObjectiveDef, sli: SliDef, _client: ClientDef, nowMs: number) {
    const s = shapeOf(def);
    const ring = new MinuteRing(s.kept, sli.kind, nowMs);
    const w = new ThresholdWindow(def, sli, s.measure, s.series, ring);
    w.advance(nowMs); // places the trend lookback
    return w;
  }

  static restore(def: ThresholdObjectiveDef, sli: SliDef, _client: ClientDef, bytes: Uint8Array) {
    const s = shapeOf(def);
    const r = openSnapshot(bytes, { kind: 'threshold', sliKind: sli.kind, objectiveKey: def.key });
    const ring = MinuteRing.read(s.kept, sli.kind, r);
    r.expectEnd();
    const w = new ThresholdWindow(def, sli, s.measure, s.series, ring);
    for (let m = ring.head - s.measure + 1; m <= ring.head; m++) w.addToRunning(ring.slot(m), 1);
    return w;
  }

  get version(): number {
    return this.changes;
  }

  apply(data: MinuteData): void {
    const minute = Math.floor(data.minuteMs / MINUTE_MS);
    if (minute > this.ring.head) this.rotate(data.minuteMs);
    if (!this.ring.holds(minute)) return;
    this.changes++;
    const slot = this.ring.add(minute, data);
    this.statDirty[slot] = 1;
    this.seriesDirty = true;
    if (minute > this.ring.head - this.measureMinutes) {
      this.good += data.good;
      this.total += data.total;
      if (this.merged !== null && data.sketch !== null) this.merged.merge(data.sketch);
      this.valueDirty = true;
    }
  }

  advance(nowMs: number): void {
    this.rotate(nowMs);
    if (this.trendLookbackMs !== undefined) this.slideLookback(nowMs, this.trendLookbackMs);
  }

  /**
   * Series points sit at minute midpoints and the trend check reads those in [now − lookback,
   * now] (detectTrendProjection), so which points it reads changes only when the first or the
   * last minute of that range does: at most twice a minute.
   */
  private slideLookback(nowMs: number, lookbackMs: number): void {
    const last = Math.floor((nowMs - HALF_MINUTE_MS) / MINUTE_MS);
    const first = Math.ceil((nowMs - lookbackMs - HALF_MINUTE_MS) / MINUTE_MS);
    if (last === this.lookbackLastMinute && first === this.lookbackFirstMinute) return;
    this.lookbackLastMinute = last;
    this.lookbackFirstMinute = first;
    this.changes++;
  }

  private rotate(nowMs: number): void {
    // Minutes only change on minute boundaries: most ticks end here without touching the ring.
    if (nowMs < this.nextMinuteMs) return;
    const minute = Math.floor(nowMs / MINUTE_MS);
    this.nextMinuteMs = (minute + 1) * MINUTE_MS;
    if (minute - this.ring.head >= this.measureMinutes) {
      this.good = this.total = 0;
      if (this.merged !== null) this.merged = new Sketch();
    } else {
      for (let m = this.ring.head + 1; m <= minute; m++) {
        this.addToRunning(this.ring.slot(m - this.measureMinutes), -1);
      }
    }
    for (let m = Math.max(this.ring.head + 1, minute - this.ring.size + 1); m <= minute; m++) {
      this.statDirty[this.ring.slot(m)] = 1;
    }
    this.ring.stepTo(minute);
    this.valueDirty = this.seriesDirty = true;
    this.changes++;
  }

  observe(nowMs: number): ThresholdObservation {
    this.advance(nowMs);
    if (this.cached !== null && !this.valueDirty && !this.seriesDirty) return this.cached;
    if (this.valueDirty) {
      this.value = statisticOf(this.def.statistic, {
        good: this.good,
        total: this.total,
        sketch: this.merged,
      });
      this.valueDirty = false;
    }
    if (this.seriesDirty) {
      this.series = this.buildSeries();
      this.seriesDirty = false;
    }
    this.cached = { kind: 'threshold', value: this.value, series: this.series };
    return this.cached;
  }

  serialize(): Uint8Array {
    const w = startSnapshot('threshold', this.sli.kind);
    this.ring.write(w);
    return w.finish();
  }

  memoryBytes(): number {
    return (
      240 +
      this.ring.memoryBytes() +
      this.points.length * 8 +
      this.statDirty.byteLength +
      (this.merged?.memoryBytes() ?? 0) +
      this.series.length * 48
    );
  }

  private addToRunning(slot: number, sign: 1 | -1): void {
    this.good += sign * (this.ring.good[slot] ?? 0);
    this.total += sign * (this.ring.total[slot] ?? 0);
    const sketch = this.ring.sketches?.[slot];
    if (this.merged !== null && sketch !== null && sketch !== undefined) {
      if (sign === 1) this.merged.merge(sketch);
      else this.merged.subtract(sketch);
    }
  }

  /** A new array each time (observations are shared), of points kept per minute until it changes. */
  private buildSeries(): SeriesPoint[] {
    const series: SeriesPoint[] = [];
    const first = this.ring.head - this.seriesMinutes + 1;
    for (let m = first, slot = this.ring.slot(first); m <= this.ring.head; m++) {
      if (this.statDirty[slot] === 1) {
        const value = this.ring.hasData(slot)
          ? statisticOf(this.def.statistic, this.ring.dataAt(slot))
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

const HALF_MINUTE_MS = MINUTE_MS / 2;

function shapeOf(def: ThresholdObjectiveDef) {
  const lookbackMs = Math.max(
    def.earlyWarning.trendProjection?.lookbackMs ?? 0,
    def.measurementWindowMs,
  );
  const measure = Math.ceil(def.measurementWindowMs / MINUTE_MS) + 1;
  const series = Math.ceil(lookbackMs / MINUTE_MS) + 1;
  return { measure, series, kept: Math.max(measure, series) };
}
