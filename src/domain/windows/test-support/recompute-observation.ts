// The reference for the property test: an obviously-correct observation recomputed from every
// delta a window was given, by scanning them all. Slow on purpose; tests only.

import type { ObjectiveDef, SliDef } from '../../definitions.js';
import type { Observation, SeriesPoint, WindowTotals } from '../../observation.js';
import { calendarMonthOf } from '../calendar-month.js';
import { satisfies } from '../compare.js';
import { HOUR_MS, MINUTE_MS } from '../minute-data.js';
import { bucketValue, Sketch } from '../sketch.js';
import { statisticOf } from '../statistic.js';

export interface Delta {
  minuteMs: number;
  good: number;
  total: number;
  values: number[];
}

export const sketchOf = (values: number[]) => {
  const s = new Sketch();
  for (const v of values) s.add(v);
  return s;
};

function inWindow(minuteMs: number, headMs: number, windowMs: number): boolean {
  const r = windowMs <= HOUR_MS ? MINUTE_MS : windowMs <= 6 * HOUR_MS ? 5 * MINUTE_MS : HOUR_MS;
  const b = Math.floor(minuteMs / r);
  return b >= Math.floor(headMs / r) - Math.ceil(windowMs / r);
}

/** Each minute's merged data: what the SLI reported for that minute. */
function byMinute(deltas: Delta[], sli: SliDef) {
  const minutes = new Map<number, { good: number; total: number; values: number[] }>();
  for (const d of deltas) {
    const m = minutes.get(d.minuteMs) ?? { good: 0, total: 0, values: [] };
    if (sli.kind === 'ratio') {
      m.good += d.good;
      m.total += d.total;
    } else {
      m.values.push(...d.values);
    }
    minutes.set(d.minuteMs, m);
  }
  return [...minutes].map(([minuteMs, m]) => ({
    minuteMs,
    good: m.good,
    total: m.total,
    sketch: sli.kind === 'ratio' ? null : sketchOf(m.values),
  }));
}

/** What a window given `deltas` should observe with its head at headMs. */
export function expected(
  def: ObjectiveDef,
  sli: SliDef,
  tz: string,
  deltas: Delta[],
  headMs: number,
): Observation {
  if (def.kind === 'threshold') {
    const headMinute = headMs - (headMs % MINUTE_MS);
    const measured = deltas.filter(
      (d) =>
        d.minuteMs > headMinute - MINUTE_MS * (Math.ceil(def.measurementWindowMs / MINUTE_MS) + 1),
    );
    const all = measured.flatMap((d) => d.values);
    const lookbackMs = Math.max(
      def.earlyWarning.trendProjection?.lookbackMs ?? 0,
      def.measurementWindowMs,
    );
    const series: SeriesPoint[] = byMinute(deltas, sli)
      .filter((m) => m.minuteMs >= headMinute - MINUTE_MS * Math.ceil(lookbackMs / MINUTE_MS))
      .sort((a, b) => a.minuteMs - b.minuteMs)
      .map((m) => ({ tMs: m.minuteMs + 30_000, value: statisticOf(def.statistic, m) }))
      .filter((p): p is SeriesPoint => p.value !== undefined);
    const value = statisticOf(def.statistic, {
      good: sli.kind === 'ratio' ? measured.reduce((s, d) => s + d.good, 0) : 0,
      total: sli.kind === 'ratio' ? measured.reduce((s, d) => s + d.total, 0) : 0,
      sketch: sli.kind === 'ratio' ? null : sketchOf(all),
    });
    return { kind: 'threshold', value, series };
  }
  // Budget: (good, total) per minute, as events or as one time slice per minute with data.
  const rule = def.timeSlice;
  const counted = rule
    ? byMinute(deltas, sli).map((m) => {
        const v = statisticOf(rule.statistic, m);
        const slice = v !== undefined && (m.total > 0 || (m.sketch?.count ?? 0) > 0);
        const good = slice && satisfies(rule.comparator, v, rule.threshold);
        return { minuteMs: m.minuteMs, good: good ? 1 : 0, total: slice ? 1 : 0 };
      })
    : deltas.map((d) =>
        sli.kind === 'ratio'
          ? d
          : {
              minuteMs: d.minuteMs,
              good: d.values.filter((v) =>
                satisfies(def.goodWhen!.comparator, bucketValue(v), def.goodWhen!.threshold),
              ).length,
              total: d.values.length,
            },
      );
  const sum = (keep: (minuteMs: number) => boolean) => {
    const kept = counted.filter((c) => keep(c.minuteMs));
    return {
      good: kept.reduce((s, c) => s + c.good, 0),
      total: kept.reduce((s, c) => s + c.total, 0),
    };
  };
  const burnWindows = [
    ...new Set(
      (def.earlyWarning.burnRates ?? []).flatMap((r) => [r.longWindowMs, r.shortWindowMs]),
    ),
  ];
  const windows: WindowTotals[] = burnWindows.map((windowMs) => ({
    windowMs,
    ...sum((m) => inWindow(m, headMs, windowMs)),
  }));
  const p = def.period;
  const startMs =
    p.kind === 'rolling' ? headMs - p.durationMs : calendarMonthOf(headMs, tz).startMs;
  const period =
    p.kind === 'rolling'
      ? sum((m) => inWindow(m, headMs, p.durationMs))
      : sum((m) => Math.floor(m / HOUR_MS) >= Math.floor(startMs / HOUR_MS));
  return { kind: 'budget', windows, period: { ...period, startMs, endMs: headMs } };
}
