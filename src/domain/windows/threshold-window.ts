// Threshold objectives: the statistic over the measurement window (the current minute plus the
// ⌈window/1 min⌉ minutes before it), kept as running sums and a running merged sketch, and the
// per-minute statistic over the trend lookback (ThresholdMinutes, which windows that differ only in
// their measurement window may share), both recomputed only when their data changed.
// The version also moves when a minute's midpoint enters or leaves the trend lookback, so that the
// points the trend check reads are a function of the data and the version alone.

import type { ClientDef, SliDef, ThresholdObjectiveDef } from '../definitions.js';
import type { SeriesPoint, ThresholdObservation } from '../observation.js';
import { MINUTE_MS, type MinuteData } from './minute-data.js';
import { MinuteRing } from './minute-ring.js';
import type { ObjectiveWindow } from './objective-window.js';
import { Sketch } from './sketch.js';
import { statisticOf } from './statistic.js';
import { ThresholdMinutes, type ThresholdMinutesWindow } from './threshold-minutes.js';
import { openSnapshot, startSnapshot } from './window-snapshot.js';

export class ThresholdWindow implements ObjectiveWindow, ThresholdMinutesWindow {
  private good = 0;
  private total = 0;
  private merged: Sketch | null;
  private value: number | undefined;
  private valueDirty = true;
  private changes = 0;
  private cached: ThresholdObservation | null = null;
  /** First and last minute whose midpoint lies in [now − lookback, now] at the last advance. */
  private lookbackFirstMinute = Number.NaN;
  private lookbackLastMinute = Number.NaN;
  private readonly trendLookbackMs: number | undefined;
  private readonly ring: MinuteRing;
  /**
   * Mirrors of the minutes' next rotation and of whether their series changed since this window
   * last read it (both kept through added and rotating): the usual tick reads this object only.
   */
  private nextMinuteMs: number;
  private seriesDirty = true;
  private series: SeriesPoint[] = [];

  private constructor(
    private readonly def: ThresholdObjectiveDef,
    private readonly sli: SliDef,
    /** Minutes in the measurement window, the current one included. */
    private readonly measureMinutes: number,
    /** The minutes and series, this window's own or shared with others (see ThresholdMinutes). */
    private readonly minutes: ThresholdMinutes,
  ) {
    this.merged = sli.kind === 'distribution' ? new Sketch() : null;
    this.trendLookbackMs = def.earlyWarning.trendProjection?.lookbackMs;
    this.ring = minutes.ring;
    this.nextMinuteMs = (this.ring.head + 1) * MINUTE_MS;
    minutes.join(this);
  }

  static create(def: ThresholdObjectiveDef, sli: SliDef, _client: ClientDef, nowMs: number) {
    const s = shapeOf(def);
    const minutes = ThresholdMinutes.create(def.statistic, s.series, sli.kind, nowMs);
    const w = new ThresholdWindow(def, sli, s.measure, minutes);
    w.advance(nowMs); // places the trend lookback
    return w;
  }

  /**
   * A window on minutes other windows already keep, when they fit (sharedMinutesFit): fed and
   * advanced through any of them, or through `minutes` itself, it observes what a window of its
   * own would. Its measurement starts from the minutes already kept.
   */
  static sharing(
    def: ThresholdObjectiveDef,
    sli: SliDef,
    minutes: ThresholdMinutes,
    nowMs: number,
  ): ThresholdWindow {
    const s = shapeOf(def);
    if (!minutes.fits(def.statistic, s.series)) {
      throw new Error(`objective ${def.key}: its threshold window cannot share these minutes`);
    }
    const w = new ThresholdWindow(def, sli, s.measure, minutes);
    w.fillFromRing();
    w.advance(nowMs);
    return w;
  }

  static restore(def: ThresholdObjectiveDef, sli: SliDef, _client: ClientDef, bytes: Uint8Array) {
    const s = shapeOf(def);
    const r = openSnapshot(bytes, { kind: 'threshold', sliKind: sli.kind, objectiveKey: def.key });
    const ring = MinuteRing.read(s.series, sli.kind, r);
    r.expectEnd();
    const w = new ThresholdWindow(def, sli, s.measure, new ThresholdMinutes(def.statistic, ring));
    w.fillFromRing();
    return w;
  }

  /** The minutes this window reads; windows for which sharedMinutesFit is true may share them. */
  get sharedMinutes(): ThresholdMinutes {
    return this.minutes;
  }

  get version(): number {
    return this.changes;
  }

  apply(data: MinuteData): void {
    this.minutes.apply(data);
  }

  advance(nowMs: number): void {
    if (nowMs >= this.nextMinuteMs) this.minutes.rotateTo(nowMs);
    this.reached(nowMs);
  }

  added(minute: number, data: MinuteData): void {
    this.changes++;
    this.seriesDirty = true;
    if (minute > this.ring.head - this.measureMinutes) {
      this.good += data.good;
      this.total += data.total;
      if (this.merged !== null && data.sketch !== null) this.merged.merge(data.sketch);
      this.valueDirty = true;
    }
  }

  rotating(minute: number): void {
    this.nextMinuteMs = (minute + 1) * MINUTE_MS;
    this.seriesDirty = true;
    if (minute - this.ring.head >= this.measureMinutes) {
      this.good = this.total = 0;
      if (this.merged !== null) this.merged = new Sketch();
    } else {
      for (let m = this.ring.head + 1; m <= minute; m++) {
        this.addToRunning(this.ring.slot(m - this.measureMinutes), -1);
      }
    }
    this.valueDirty = true;
    this.changes++;
  }

  reached(nowMs: number): void {
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

  observe(nowMs: number): ThresholdObservation {
    this.advance(nowMs);
    if (this.cached !== null && !this.valueDirty && !this.seriesDirty) return this.cached;
    if (this.seriesDirty) {
      this.series = this.minutes.currentSeries();
      this.seriesDirty = false;
    }
    if (this.valueDirty) {
      this.value = statisticOf(this.def.statistic, {
        good: this.good,
        total: this.total,
        sketch: this.merged,
      });
      this.valueDirty = false;
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
    return 144 + this.minutes.memoryBytes() + (this.merged?.memoryBytes() ?? 0);
  }

  /** The running sums of the measurement window, from the minutes the ring holds. */
  private fillFromRing(): void {
    for (let m = this.ring.head - this.measureMinutes + 1; m <= this.ring.head; m++) {
      this.addToRunning(this.ring.slot(m), 1);
    }
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
}

const HALF_MINUTE_MS = MINUTE_MS / 2;

/** Whether threshold windows of `a` and `b` can share their minutes (same statistic and series). */
export function sharedMinutesFit(a: ThresholdObjectiveDef, b: ThresholdObjectiveDef): boolean {
  return a.statistic === b.statistic && shapeOf(a).series === shapeOf(b).series;
}

/** Minutes measured and minutes in the series (the current one included); the ring keeps the latter. */
function shapeOf(def: ThresholdObjectiveDef) {
  const lookbackMs = Math.max(
    def.earlyWarning.trendProjection?.lookbackMs ?? 0,
    def.measurementWindowMs,
  );
  const measure = Math.ceil(def.measurementWindowMs / MINUTE_MS) + 1;
  // At least `measure`, since the lookback here is at least the measurement window.
  const series = Math.ceil(lookbackMs / MINUTE_MS) + 1;
  return { measure, series };
}
