// Chart data for one objective, computed from the stored per-minute rollups: the SLI against its
// threshold (and warning line), and for budget objectives the budget burn-down over the current
// period. Times in the arrays are epoch seconds, as uPlot takes them.

import type { BudgetObjectiveDef, ObjectiveDef, SliDef } from '../domain/definitions.js';
import { valueAtFraction } from '../domain/evaluation/detect-early-warning.js';
import { calendarMonthOf } from '../domain/windows/calendar-month.js';
import { satisfies } from '../domain/windows/compare.js';
import { MINUTE_MS, minuteStart, type MinuteData } from '../domain/windows/minute-data.js';
import { Sketch } from '../domain/windows/sketch.js';
import { statisticOf } from '../domain/windows/statistic.js';
import { toMinuteData } from './build-runtime.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { ObjectiveRuntime } from './runtime.js';

export const CHART_RANGES = { '6h': 6, '24h': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;
export type ChartRange = keyof typeof CHART_RANGES;
/** About this many points per line: a screen's width, whatever the range. */
const POINTS = 360;

export interface Series {
  t: number[];
  v: Array<number | null>;
}

export interface ObjectiveChart {
  objectiveKey: string;
  name: string;
  kind: ObjectiveDef['kind'];
  unit: string;
  range: ChartRange;
  stepMs: number;
  /** What the SLI line shows: the statistic, or the good share for budget objectives. */
  measure: string;
  sli: Series;
  comparator: string;
  threshold: number;
  /** Where early warning starts (fraction of threshold); null when the policy has none. */
  warning: number | null;
  /** Budget objectives: the share of the error budget left, from the period's start to now. */
  burnDown: (Series & { periodStartMs: number }) | null;
}

/**
 * The last chart per objective and range, kept while the window has seen no new data and the
 * minute has not turned: the same data gives the same chart, so repeated views read nothing.
 */
interface CachedChart {
  window: ObjectiveRuntime['window'];
  version: number;
  minuteMs: number;
  chart: ObjectiveChart;
}
const chartCache = new WeakMap<ObjectiveRuntime, Map<ChartRange, CachedChart>>();

export async function readObjectiveChart(
  ctx: AppContext,
  objectiveKey: string,
  range: ChartRange,
): Promise<ObjectiveChart> {
  const o = ctx.engine.runtime?.objectives.get(objectiveKey);
  if (o === undefined) {
    throw new AppError('E_OBJECTIVE_NOT_FOUND', `No objective "${objectiveKey}".`);
  }
  const nowMs = ctx.clock.nowMs();
  o.window.advance(nowMs);
  const minuteMs = minuteStart(nowMs);
  const byRange = chartCache.get(o) ?? new Map<ChartRange, CachedChart>();
  chartCache.set(o, byRange);
  const hit = byRange.get(range);
  if (
    hit !== undefined &&
    hit.window === o.window &&
    hit.version === o.window.version &&
    hit.minuteMs === minuteMs
  ) {
    return hit.chart;
  }
  const version = o.window.version;
  const chart = await computeChart(ctx, o, range, nowMs);
  byRange.set(range, { window: o.window, version, minuteMs, chart });
  return chart;
}

async function computeChart(
  ctx: AppContext,
  o: ObjectiveRuntime,
  range: ChartRange,
  nowMs: number,
): Promise<ObjectiveChart> {
  const { def, sli, client } = o;
  const endMs = minuteStart(nowMs) + MINUTE_MS;
  const rangeMs = CHART_RANGES[range] * 3_600_000;
  const stepMs = Math.max(MINUTE_MS, Math.ceil(rangeMs / POINTS / MINUTE_MS) * MINUTE_MS);
  const periodStartMs =
    def.kind !== 'budget'
      ? undefined
      : def.period.kind === 'rolling'
        ? minuteStart(nowMs - def.period.durationMs)
        : calendarMonthOf(nowMs, client.timeZone).startMs;
  const lookbackMs = def.kind === 'threshold' ? Math.max(def.measurementWindowMs, stepMs) : stepMs;
  const fromMs = Math.min(endMs - rangeMs - lookbackMs, periodStartMs ?? Infinity);
  const minutes = (await ctx.store.readRollups(sli.id, fromMs, endMs))
    .map(toMinuteData)
    .sort((a, b) => a.minuteMs - b.minuteMs);
  const indexOf = (ms: number) => lowerBound(minutes, ms);
  const base = {
    objectiveKey: def.key,
    name: def.name,
    kind: def.kind,
    unit: sli.unit ?? '',
    range,
    stepMs,
  };
  if (def.kind === 'threshold') {
    const warning = def.earlyWarning.fractionOfThreshold;
    return {
      ...base,
      measure: def.statistic,
      sli: pointsOf(endMs - rangeMs, endMs, stepMs, (at) => {
        const window = minutes.slice(indexOf(at - lookbackMs), indexOf(at));
        return statisticOf(def.statistic, merged(window)) ?? null;
      }),
      comparator: def.comparator,
      threshold: def.threshold,
      warning: warning === undefined ? null : valueAtFraction(def, warning.enterRatio),
      burnDown: null,
    };
  }
  // Prefix sums: any span's good and total in two lookups.
  const goodUpTo = [0];
  const totalUpTo = [0];
  for (const m of minutes) {
    const c = goodAndTotal(def, sli, m);
    goodUpTo.push((goodUpTo.at(-1) ?? 0) + c.good);
    totalUpTo.push((totalUpTo.at(-1) ?? 0) + c.total);
  }
  const share = (from: number, to: number) => {
    const [i, j] = [indexOf(from), indexOf(to)];
    return {
      good: (goodUpTo[j] ?? 0) - (goodUpTo[i] ?? 0),
      total: (totalUpTo[j] ?? 0) - (totalUpTo[i] ?? 0),
    };
  };
  const allowedBad = 1 - def.objectiveRatio;
  const start = periodStartMs ?? endMs;
  const burnStep = Math.max(MINUTE_MS, Math.ceil((endMs - start) / POINTS / MINUTE_MS) * MINUTE_MS);
  return {
    ...base,
    measure: def.timeSlice === undefined ? 'good share' : 'good time slices',
    sli: pointsOf(endMs - rangeMs, endMs, stepMs, (at) => {
      const s = share(at - stepMs, at);
      return s.total > 0 ? s.good / s.total : null;
    }),
    comparator: '>=',
    threshold: def.objectiveRatio,
    warning: null,
    burnDown: {
      periodStartMs: start,
      ...pointsOf(start + burnStep, endMs, burnStep, (at) => {
        const s = share(start, at);
        return s.total > 0 ? 1 - (1 - s.good / s.total) / allowedBad : null;
      }),
    },
  };
}

function pointsOf(
  fromMs: number,
  toMs: number,
  stepMs: number,
  valueAt: (atMs: number) => number | null,
): Series {
  const t: number[] = [];
  const v: Array<number | null> = [];
  for (let at = fromMs; at <= toMs; at += stepMs) {
    t.push(Math.round(at / 1000));
    const value = valueAt(at);
    v.push(value === null ? null : Number(value.toPrecision(6)));
  }
  return { t, v };
}

/** The first index whose minute is at or after `ms`. */
function lowerBound(minutes: readonly MinuteData[], ms: number): number {
  let lo = 0;
  let hi = minutes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((minutes[mid]?.minuteMs ?? Infinity) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function merged(minutes: MinuteData[]): { good: number; total: number; sketch: Sketch | null } {
  let good = 0;
  let total = 0;
  let sketch: Sketch | null = null;
  for (const m of minutes) {
    good += m.good;
    total += m.total;
    if (m.sketch !== null) sketch = (sketch ?? new Sketch()).merge(m.sketch);
  }
  return { good, total, sketch };
}

/** A minute's good and total as the budget window counts them (events, or one time slice). */
function goodAndTotal(
  def: BudgetObjectiveDef,
  sli: SliDef,
  m: MinuteData,
): { good: number; total: number } {
  const slice = def.timeSlice;
  if (slice !== undefined) {
    const value = statisticOf(slice.statistic, m);
    if (value === undefined) return { good: 0, total: 0 };
    return { good: satisfies(slice.comparator, value, slice.threshold) ? 1 : 0, total: 1 };
  }
  if (sli.kind === 'ratio') return { good: m.good, total: m.total };
  if (m.sketch === null || m.sketch.count === 0) return { good: 0, total: 0 };
  const rule = def.goodWhen;
  return {
    good: rule === undefined ? 0 : m.sketch.countWhere(rule.comparator, rule.threshold),
    total: m.sketch.count,
  };
}
