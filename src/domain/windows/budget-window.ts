// Budget objectives: good/total (or good/all time slices) in multi-resolution ring buffers, with
// the burn-rate table's windows and the period kept as running sums.

import type { BudgetObjectiveDef, ClientDef, SliDef } from '../definitions.js';
import type { BudgetObservation, WindowTotals } from '../observation.js';
import { calendarMonthOf, type MonthSpan } from './calendar-month.js';
import type { MinuteData } from './minute-data.js';
import { MINUTE_MS } from './minute-data.js';
import type { ObjectiveWindow } from './objective-window.js';
import { CALENDAR_MONTH_HOURS, RatioWindows } from './ratio-windows.js';
import { SliceVerdicts } from './slice-verdicts.js';
import { openSnapshot, startSnapshot, type WindowKind } from './window-snapshot.js';

/** What BudgetWindow.readTotals reports: the numbers a quiet step is decided on. */
export interface BudgetTotals {
  periodGood: number;
  periodTotal: number;
  worstBadShare: number;
}

export class BudgetWindow implements ObjectiveWindow {
  /** Whether data or a rotation changed the totals since they were last read. */
  private dirty = true;
  private windows: WindowTotals[] = [];
  private periodGood = 0;
  private periodTotal = 0;
  private month: MonthSpan | null = null;
  private changes = 0;
  private cached: BudgetObservation | null = null;

  private constructor(
    private readonly def: BudgetObjectiveDef,
    private readonly sli: SliDef,
    private readonly client: ClientDef,
    private readonly burnWindowsMs: readonly number[],
    private readonly ratio: RatioWindows,
    private readonly slices: SliceVerdicts | null,
  ) {
    this.burnIndexes = burnWindowsMs.map((ms) => ratio.indexOf(ms));
    this.rollingMs = def.period.kind === 'rolling' ? def.period.durationMs : null;
    this.rollingIndex = this.rollingMs === null ? -1 : ratio.indexOf(this.rollingMs);
  }

  /** The rolling period's running sum in `ratio`; -1 for a calendar month. */
  private readonly rollingIndex: number;

  private readonly burnIndexes: number[];
  /** The rolling period, copied here so a tick need not read the definition; null: calendar. */
  private readonly rollingMs: number | null;

  static create(def: BudgetObjectiveDef, sli: SliDef, client: ClientDef, nowMs: number) {
    const shape = shapeOf(def, sli);
    const ratio = new RatioWindows(shape.ratioWindowsMs, nowMs, shape.minHourBuckets);
    const slices =
      def.timeSlice === undefined ? null : SliceVerdicts.create(def.timeSlice, sli.kind, nowMs);
    return new BudgetWindow(def, sli, client, shape.burnWindowsMs, ratio, slices);
  }

  static restore(def: BudgetObjectiveDef, sli: SliDef, client: ClientDef, bytes: Uint8Array) {
    const shape = shapeOf(def, sli);
    const r = openSnapshot(bytes, { kind: shape.kind, sliKind: sli.kind, objectiveKey: def.key });
    const ratio = RatioWindows.read(shape.ratioWindowsMs, shape.minHourBuckets, r);
    const slices =
      def.timeSlice === undefined ? null : SliceVerdicts.read(def.timeSlice, sli.kind, r);
    r.expectEnd();
    return new BudgetWindow(def, sli, client, shape.burnWindowsMs, ratio, slices);
  }

  get version(): number {
    return this.changes;
  }

  apply(data: MinuteData): void {
    if (data.minuteMs > this.ratio.headMs) this.advance(data.minuteMs);
    this.dirty = true;
    this.changes++;
    if (this.slices !== null) {
      const delta = this.slices.apply(data);
      if (delta !== undefined) this.ratio.add(data.minuteMs, delta.goodSlices, delta.slices);
    } else if (this.sli.kind === 'ratio') {
      this.ratio.add(data.minuteMs, data.good, data.total);
    } else if (data.sketch !== null && data.sketch.count > 0) {
      const rule = this.def.goodWhen;
      const good = rule === undefined ? 0 : data.sketch.countWhere(rule.comparator, rule.threshold);
      this.ratio.add(data.minuteMs, good, data.sketch.count);
    }
  }

  advance(nowMs: number): void {
    // Buckets only rotate on minute boundaries: most ticks end at the first check inside. Local
    // midnight, where a calendar month turns, is a minute boundary too, so it bumps the version.
    if (this.ratio.advance(nowMs)) {
      this.dirty = true;
      this.changes++;
      this.slices?.advance(nowMs);
    }
  }

  observe(nowMs: number): BudgetObservation {
    this.advance(nowMs);
    const endMs = this.ratio.headMs;
    const rollingMs = this.rollingMs;
    if (rollingMs !== null) {
      if (this.dirty) {
        this.refresh(this.ratio.goodAt(this.rollingIndex), this.ratio.totalAt(this.rollingIndex));
      }
      return this.observation(endMs - rollingMs, endMs);
    }
    // Summed from the hour bucket holding local midnight: exact to the hour, which in zones with
    // a half-hour offset means up to 30 min before the month starts are counted too.
    const startMs = this.monthAt(endMs).startMs;
    if (this.dirty) {
      const t = this.ratio.totalsSince(startMs);
      this.refresh(t.good, t.total);
    }
    return this.observation(startMs, endMs);
  }

  /**
   * The period's good and total and the worst (total − good) / total of the burn-rate windows with
   * events (0 when none), as observe(nowMs) would report them, without building the observation.
   */
  readTotals(nowMs: number, into: BudgetTotals): void {
    this.advance(nowMs);
    if (this.rollingMs !== null) {
      into.periodGood = this.ratio.goodAt(this.rollingIndex);
      into.periodTotal = this.ratio.totalAt(this.rollingIndex);
    } else {
      const t = this.ratio.totalsSince(this.monthAt(this.ratio.headMs).startMs);
      into.periodGood = t.good;
      into.periodTotal = t.total;
    }
    let worst = 0;
    for (let i = 0; i < this.burnIndexes.length; i++) {
      const w = this.burnIndexes[i] as number;
      const good = this.ratio.goodAt(w);
      const total = this.ratio.totalAt(w);
      if (total > 0) worst = Math.max(worst, (total - good) / total);
    }
    into.worstBadShare = worst;
  }

  /** The calendar month holding endMs; a new one marks the totals for re-reading. */
  private monthAt(endMs: number): MonthSpan {
    if (this.month === null || endMs < this.month.startMs || endMs >= this.month.endMs) {
      this.month = calendarMonthOf(endMs, this.client.timeZone);
      this.dirty = true;
    }
    return this.month;
  }

  private refresh(periodGood: number, periodTotal: number): void {
    const windows: WindowTotals[] = [];
    for (let i = 0; i < this.burnIndexes.length; i++) {
      const w = this.burnIndexes[i] as number;
      windows.push({
        windowMs: this.burnWindowsMs[i] as number,
        good: this.ratio.goodAt(w),
        total: this.ratio.totalAt(w),
      });
    }
    this.windows = windows;
    this.periodGood = periodGood;
    this.periodTotal = periodTotal;
    this.dirty = false;
  }

  /** The last observation again when nothing in it changed (same totals, same head). */
  private observation(startMs: number, endMs: number): BudgetObservation {
    const last = this.cached;
    if (
      last !== null &&
      last.windows === this.windows &&
      last.period.startMs === startMs &&
      last.period.endMs === endMs &&
      last.period.good === this.periodGood &&
      last.period.total === this.periodTotal
    ) {
      return last;
    }
    this.cached = {
      kind: 'budget',
      windows: this.windows,
      period: { good: this.periodGood, total: this.periodTotal, startMs, endMs },
    };
    return this.cached;
  }

  serialize(): Uint8Array {
    const w = startSnapshot(
      this.slices === null ? 'budget-events' : 'budget-slices',
      this.sli.kind,
    );
    this.ratio.write(w);
    this.slices?.write(w);
    return w.finish();
  }

  memoryBytes(): number {
    return 200 + this.ratio.memoryBytes() + (this.slices?.memoryBytes() ?? 0);
  }
}

/** The windows the burn-rate table reads, each once, in the order an observation lists them. */
export function burnWindowsOf(def: BudgetObjectiveDef): number[] {
  return [
    ...new Set(
      (def.earlyWarning.burnRates ?? []).flatMap((r) => [r.longWindowMs, r.shortWindowMs]),
    ),
  ];
}

function shapeOf(def: BudgetObjectiveDef, sli: SliDef) {
  if (def.timeSlice !== undefined && def.timeSlice.sliceMs !== MINUTE_MS) {
    throw new Error(
      `objective ${def.key}: time slices of ${def.timeSlice.sliceMs} ms are not supported; ` +
        `expected ${MINUTE_MS} ms (one minute)`,
    );
  }
  if (def.timeSlice === undefined && sli.kind === 'distribution' && def.goodWhen === undefined) {
    throw new Error(
      `objective ${def.key}: a budget objective on distribution SLI ${sli.id} needs goodWhen ` +
        `or timeSlice to tell good events from bad`,
    );
  }
  const burnWindowsMs = burnWindowsOf(def);
  const period = def.period;
  const kind: WindowKind = def.timeSlice === undefined ? 'budget-events' : 'budget-slices';
  return {
    kind,
    burnWindowsMs,
    ratioWindowsMs:
      period.kind === 'rolling' ? [...burnWindowsMs, period.durationMs] : burnWindowsMs,
    minHourBuckets: period.kind === 'rolling' ? 0 : CALENDAR_MONTH_HOURS,
  };
}
