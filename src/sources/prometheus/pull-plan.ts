// What the Prometheus puller asks for and what it ingests: interval alignment, the back-fill
// range, and query results turned into push-format samples. Pure, so it is tested on tables.

import type { Definitions } from '../../domain/definitions.js';
import type { PrometheusSliQuery } from '../../domain/sources.js';
import { WINDOW_PLACEHOLDER } from '../../domain/sources.js';
import type { PrometheusSeries } from './prometheus-api-client.js';
import { formatPrometheusDuration } from './prometheus-duration.js';

const DAY_MS = 86_400_000;
/** The longest calendar month: a calendar-month objective reads at most this far back. */
const CALENDAR_MONTH_MS = 31 * DAY_MS;
/** Prometheus refuses a range query with more than 11,000 points per series. */
export const MAX_RANGE_STEPS = 10_000;

export function alignDown(ms: number, intervalMs: number): number {
  return ms - (((ms % intervalMs) + intervalMs) % intervalMs);
}

export function alignUp(ms: number, intervalMs: number): number {
  const down = alignDown(ms, intervalMs);
  return down === ms ? ms : down + intervalMs;
}

/** `rate(x[{{.window}}])` → `rate(x[1m])` for a 60 s interval. Every occurrence is replaced. */
export function withWindow(query: string, intervalMs: number): string {
  return query.split(WINDOW_PLACEHOLDER).join(formatPrometheusDuration(intervalMs));
}

/**
 * The longest window of the objectives these SLIs feed (rolling period, calendar month,
 * measurement window, trend lookback): how much history their windows can use. 0 without any.
 */
export function longestObjectiveWindowMs(definitions: Definitions, sliIds: string[]): number {
  const wanted = new Set(sliIds);
  let longest = 0;
  for (const sla of definitions.slas) {
    for (const o of sla.objectives) {
      if (!wanted.has(o.sliId)) continue;
      const windowMs =
        o.kind === 'threshold'
          ? Math.max(o.measurementWindowMs, o.earlyWarning.trendProjection?.lookbackMs ?? 0)
          : o.period.kind === 'rolling'
            ? o.period.durationMs
            : CALENDAR_MONTH_MS;
      longest = Math.max(longest, windowMs);
    }
  }
  return longest;
}

export interface BackfillPlan {
  /** What the definitions ask for: the source's backfillMs, else the longest objective window. */
  wantedMs: number;
  /** What will be fetched: wantedMs, capped at the longest history a back-fill stores. */
  effectiveMs: number;
  capped: boolean;
}

export function planBackfill(wantedMs: number, maxBackfillMs: number): BackfillPlan {
  const effectiveMs = Math.max(0, Math.min(wantedMs, maxBackfillMs));
  return { wantedMs, effectiveMs, capped: wantedMs > effectiveMs };
}

/** One push-format item (see parse-sample.ts) and the aligned interval start it stands for. */
export type PulledItem =
  | { sli: string; ts: number; good: number; total: number }
  | { sli: string; ts: number; value: number };

export interface ConvertedPoints {
  items: PulledItem[];
  /** Intervals given no sample, and why (no traffic is not among them: it is simply absent). */
  skipped: Array<{ ts: number; reason: string }>;
}

/**
 * Query results (each point at an interval's end) → samples stamped at the interval's start.
 * Ratio: good/total counts rounded to whole events (`increase()` extrapolates to fractions);
 * an interval with no total is absent, a missing good is 0 (no good event). Value: one value;
 * NaN (no data in the window) and ±Inf are skipped with their reason.
 */
export function convertPoints(
  query: PrometheusSliQuery,
  intervalMs: number,
  results: { good?: PrometheusSeries[]; total?: PrometheusSeries[]; value?: PrometheusSeries[] },
): ConvertedPoints {
  const out: ConvertedPoints = { items: [], skipped: [] };
  if (query.kind === 'value') {
    for (const p of onlySeries(results.value ?? [], 'valueQuery')) {
      const ts = p.timeMs - intervalMs;
      if (Number.isNaN(p.value)) {
        out.skipped.push({ ts, reason: 'the value query gave NaN (no data in the interval)' });
      } else if (!Number.isFinite(p.value)) {
        out.skipped.push({
          ts,
          reason: `the value query gave ${p.value > 0 ? '+Inf' : '-Inf'} (for histogram_quantile: the quantile is above the largest finite bucket)`,
        });
      } else if (p.value < 0) {
        out.skipped.push({ ts, reason: `the value query gave ${p.value}, below 0` });
      } else {
        out.items.push({ sli: query.sliId, ts, value: p.value });
      }
    }
    return out;
  }
  const goodByTime = new Map<number, number>();
  for (const p of onlySeries(results.good ?? [], 'goodQuery')) goodByTime.set(p.timeMs, p.value);
  for (const p of onlySeries(results.total ?? [], 'totalQuery')) {
    const ts = p.timeMs - intervalMs;
    const goodRaw = goodByTime.get(p.timeMs) ?? 0;
    if (!Number.isFinite(p.value) || !Number.isFinite(goodRaw)) {
      out.skipped.push({
        ts,
        reason: `good ${goodRaw} / total ${p.value} is not a pair of finite counts`,
      });
      continue;
    }
    if (p.value < 0 || goodRaw < 0) {
      out.skipped.push({ ts, reason: `good ${goodRaw} / total ${p.value}: a count below 0` });
      continue;
    }
    const total = Math.round(p.value);
    if (total === 0) continue;
    // Rounded separately, good can pass total by a fraction of an event (or the queries disagree).
    const good = Math.min(total, Math.round(goodRaw));
    out.items.push({ sli: query.sliId, ts, good, total });
  }
  return out;
}

/** The points of a query's one series; more than one series cannot be one SLI's number. */
function onlySeries(series: PrometheusSeries[], field: string) {
  if (series.length > 1) {
    const labels = series
      .slice(0, 3)
      .map((s) => JSON.stringify(s.labels))
      .join(', ');
    throw new RangeError(
      `${field} gave ${series.length} series (${labels}${series.length > 3 ? ', …' : ''}); aggregate them into one, e.g. with sum(…)`,
    );
  }
  return series[0]?.points ?? [];
}
