// The dashboard overview: every objective of every SLA (or one client's) with what it risks —
// state, budget left, burn rate, time to threshold — and its open watch or incident, most at
// risk first. One pass over the in-memory statuses and two store reads, whatever the SLA count.

import { describeReason } from '../domain/describe-reason.js';
import type { ObjectiveStatus } from '../domain/objective-state.js';
import type { ObjectiveSummary } from '../domain/objective-summary.js';
import { calendarMonthOf } from '../domain/windows/calendar-month.js';
import type { AppContext } from './context.js';
import { getSlaStatus, listSlaStatuses } from './get-sla-status.js';
import { listIncidents, listWatches, MAX_PROTOCOL_PAGE } from './incident-views.js';

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
  const incidentOf = new Map<string, string>();
  for (const i of incidents) for (const o of i.objectives) incidentOf.set(o.objectiveKey, i.id);
  const watchOf = new Map(watches.map((w) => [w.objectiveKey, w.id]));
  const rows: RiskRow[] = [];
  for (const sla of listSlaStatuses(ctx, filter)) {
    const client = runtime.clientById.get(sla.clientId);
    for (const o of sla.objectives) {
      const unit = runtime.sliById.get(o.sliId)?.unit ?? '';
      const periodMs = periodLengthMs(ctx, o, client?.timeZone ?? 'UTC');
      rows.push(
        riskRow(o, {
          clientId: sla.clientId,
          clientName: client?.name ?? sla.clientId,
          slaId: sla.id,
          slaName: sla.name,
          unit,
          periodMs,
          incidentId: incidentOf.get(o.key) ?? null,
          watchId: watchOf.get(o.key) ?? null,
        }),
      );
    }
  }
  return rows.sort(compareRisk);
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
  const { periodMs, ...rest } = about;
  return {
    ...rest,
    objectiveKey: o.key,
    objectiveName: o.name,
    kind: o.kind,
    status: o.status,
    sinceMs: o.sinceMs,
    reasonText: describeReason(o.reason, about.unit),
    budgetLeftRatio: budgetLeft,
    burnRate: burn,
    burnWindowMs: shown?.windowMs ?? null,
    timeToThresholdMs: timeToThreshold(o, budgetLeft, burn, periodMs),
    observed: o.observed ?? null,
    threshold: o.threshold ?? null,
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
    a.clientName.localeCompare(b.clientName) ||
    a.objectiveKey.localeCompare(b.objectiveKey)
  );
}

function nullsLast(a: number | null, b: number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a - b;
}
