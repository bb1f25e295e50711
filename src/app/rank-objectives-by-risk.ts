// The dashboard overview: every objective of every SLA (or one client's) with what it risks —
// state, budget left, burn rate, time to threshold — and its open watch or incident, most at
// risk first. One pass over the in-memory windows and two store reads, whatever the SLA count.

import { describeReason } from '../domain/describe-reason.js';
import type { ObjectiveStatus } from '../domain/objective-state.js';
import { summarizeObjective, type ObjectiveSummary } from '../domain/objective-summary.js';
import { calendarMonthOf } from '../domain/windows/calendar-month.js';
import type { AppContext } from './context.js';
import { getSlaStatus } from './get-sla-status.js';
import { listIncidents, listWatches, MAX_PROTOCOL_PAGE } from './incident-views.js';
import type { ObjectiveRuntime, Runtime } from './runtime.js';

/** The burn rate shown: the SRE Workbook's fast-burn page window (1 h) when the table has one. */
export const SHOWN_BURN_WINDOW_MS = 3_600_000;

export interface RiskRow {
  clientId: string;
  clientName: string;
  slaId: string;
  slaName: string;
  objectiveKey: string;
  objectiveName: string;
  kind: 'budget' | 'threshold';
  status: ObjectiveStatus;
  sinceMs: number;
  reasonText: string;
  budgetLeftRatio: number | null;
  burnRate: number | null;
  burnWindowMs: number | null;
  /** 0 in breach; null when nothing projects a crossing. */
  timeToThresholdMs: number | null;
  observed: number | null;
  threshold: number | null;
  unit: string;
  incidentId: string | null;
  watchId: string | null;
}

const STATUS_RANK: Record<ObjectiveStatus, number> = {
  breach: 0,
  'early-warning': 1,
  recovered: 2,
  ok: 3,
};

/**
 * Each objective's row without links, as last computed, with what it was computed from. A row is
 * a function of the window's numbers (which change only with its version), the state and the
 * definitions, so most rows are reused: the overview of 10,000 objectives re-reads only the ones
 * that changed (TARGETS P8). The numbers are getSlaStatus's: advance, observe, summarizeObjective.
 */
interface CachedRow {
  window: ObjectiveRuntime['window'];
  version: number;
  state: ObjectiveRuntime['state'];
  row: RiskRow;
}
const rowCache = new WeakMap<ObjectiveRuntime, CachedRow>();

function cachedRow(
  ctx: AppContext,
  o: ObjectiveRuntime,
  nowMs: number,
): { row: RiskRow; fresh: boolean } {
  o.window.advance(nowMs);
  const hit = rowCache.get(o);
  if (
    hit !== undefined &&
    hit.window === o.window &&
    hit.version === o.window.version &&
    hit.state === o.state
  ) {
    return { row: hit.row, fresh: false };
  }
  const summary = summarizeObjective(o.def, o.window.observe(nowMs), o.state);
  const row = riskRow(summary, {
    clientId: o.client.id,
    clientName: o.client.name,
    slaId: o.sla.id,
    slaName: o.sla.name,
    unit: o.sli.unit ?? '',
    periodMs: periodLengthMs(ctx, summary, o.client.timeZone),
    incidentId: null,
    watchId: null,
  });
  rowCache.set(o, { window: o.window, version: o.window.version, state: o.state, row });
  return { row, fresh: true };
}

/** The last sorted rows per runtime and client filter: reused while no row changed. */
const sortedCache = new WeakMap<Runtime, Map<string, RiskRow[]>>();

export async function rankObjectivesByRisk(
  ctx: AppContext,
  filter: { clientId?: string } = {},
): Promise<RiskRow[]> {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) return [];
  const [incidents, watches] = await Promise.all([
    listIncidents(ctx, { status: 'open', ...filter, limit: MAX_PROTOCOL_PAGE }),
    listWatches(ctx, { status: 'open', ...filter, limit: MAX_PROTOCOL_PAGE }),
  ]);
  const nowMs = ctx.clock.nowMs();
  const base: RiskRow[] = [];
  let changed = false;
  for (const o of runtime.objectives.values()) {
    if (filter.clientId !== undefined && o.sla.clientId !== filter.clientId) continue;
    const { row, fresh } = cachedRow(ctx, o, nowMs);
    changed ||= fresh;
    base.push(row);
  }
  const byFilter = sortedCache.get(runtime) ?? new Map<string, RiskRow[]>();
  sortedCache.set(runtime, byFilter);
  const filterKey = filter.clientId ?? '';
  const last = byFilter.get(filterKey);
  const sorted =
    !changed && last !== undefined && last.length === base.length ? last : base.sort(compareRisk);
  byFilter.set(filterKey, sorted);
  if (incidents.length === 0 && watches.length === 0) return [...sorted];
  const incidentOf = new Map<string, string>();
  for (const i of incidents) for (const o of i.objectives) incidentOf.set(o.objectiveKey, i.id);
  const watchOf = new Map(watches.map((w) => [w.objectiveKey, w.id]));
  return sorted.map((row) => {
    const incidentId = incidentOf.get(row.objectiveKey) ?? null;
    const watchId = watchOf.get(row.objectiveKey) ?? null;
    return incidentId === null && watchId === null ? row : { ...row, incidentId, watchId };
  });
}

/**
 * One objective's row now, for live updates; its open watch or incident as given (the caller
 * knows them from a protocol event, or leaves them null after a bare transition).
 */
export function riskRowOf(
  ctx: AppContext,
  objectiveKey: string,
  links: { incidentId: string | null; watchId: string | null } = {
    incidentId: null,
    watchId: null,
  },
): RiskRow | undefined {
  const runtime = ctx.engine.runtime;
  const o = runtime?.objectives.get(objectiveKey);
  if (runtime === undefined || o === undefined) return undefined;
  const summary = getSlaStatus(ctx, o.sla.id).objectives.find((s) => s.key === objectiveKey);
  if (summary === undefined) return undefined;
  return riskRow(summary, {
    clientId: o.client.id,
    clientName: o.client.name,
    slaId: o.sla.id,
    slaName: o.sla.name,
    unit: o.sli.unit ?? '',
    periodMs: periodLengthMs(ctx, summary, o.client.timeZone),
    ...links,
  });
}

function periodLengthMs(ctx: AppContext, o: ObjectiveSummary, timeZone: string): number | null {
  const def = ctx.engine.runtime?.objectives.get(o.key)?.def;
  if (def?.kind !== 'budget') return null;
  if (def.period.kind === 'rolling') return def.period.durationMs;
  const month = calendarMonthOf(o.periodStartMs ?? ctx.clock.nowMs(), timeZone);
  return month.endMs - month.startMs;
}

export function riskRow(
  o: ObjectiveSummary,
  about: Pick<
    RiskRow,
    'clientId' | 'clientName' | 'slaId' | 'slaName' | 'unit' | 'incidentId' | 'watchId'
  > & { periodMs: number | null },
): RiskRow {
  const shown =
    o.burnRates?.find((b) => b.windowMs === SHOWN_BURN_WINDOW_MS) ??
    o.burnRates?.find((b) => b.burnRate !== null);
  const budgetLeft = o.budgetRemainingRatio ?? null;
  const burn = shown?.burnRate ?? null;
  // Spelled out, not spread: one object shape for every row (10,000 of them in the overview).
  return {
    clientId: about.clientId,
    clientName: about.clientName,
    slaId: about.slaId,
    slaName: about.slaName,
    objectiveKey: o.key,
    objectiveName: o.name,
    kind: o.kind,
    status: o.status,
    sinceMs: o.sinceMs,
    reasonText: describeReason(o.reason, about.unit),
    budgetLeftRatio: budgetLeft,
    burnRate: burn,
    burnWindowMs: shown?.windowMs ?? null,
    timeToThresholdMs: timeToThreshold(o, budgetLeft, burn, about.periodMs),
    observed: o.observed ?? null,
    threshold: o.threshold ?? null,
    unit: about.unit,
    incidentId: about.incidentId,
    watchId: about.watchId,
  };
}

/**
 * How long until the objective breaks at the current pace: 0 in breach; a threshold objective's
 * projected crossing when its trend says so; a budget objective's budget left spent at the shown
 * burn rate (1x spends the whole budget over the period).
 */
function timeToThreshold(
  o: ObjectiveSummary,
  budgetLeft: number | null,
  burn: number | null,
  periodMs: number | null,
): number | null {
  if (o.status === 'breach') return 0;
  if (o.reason.kind === 'trend-projection') return o.reason.projectedCrossingInMs;
  if (budgetLeft === null || burn === null || periodMs === null) return null;
  if (budgetLeft <= 0) return 0;
  if (burn <= 0) return null;
  return Math.round((budgetLeft * periodMs) / burn);
}

/** Breach first, then early warning, recovered, ok; within each, the soonest crossing, then the least budget left. */
export function compareRisk(a: RiskRow, b: RiskRow): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    nullsLast(a.timeToThresholdMs, b.timeToThresholdMs) ||
    nullsLast(a.budgetLeftRatio, b.budgetLeftRatio) ||
    byText(a.clientName, b.clientName) ||
    byText(a.objectiveKey, b.objectiveKey)
  );
}

// Code-unit order: localeCompare costs a microsecond a call, too much for 10,000 rows.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function nullsLast(a: number | null, b: number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a - b;
}
