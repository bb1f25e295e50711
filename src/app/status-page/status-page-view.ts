// Everything a client's status page shows, read without touching the evaluator: objective states
// as the engine last decided them, the notices we sent the client, month-to-date attainment from
// the stored minutes, 90 days of history from the stored transitions, and upcoming maintenance.

import type { ClientDef, SlaDef } from '../../domain/definitions.js';
import { billingPeriodContaining } from '../../domain/credits/billing-period.js';
import { shownPercent } from '../../domain/credits/credit-tier.js';
import { creditTermsFrom, validateCreditTerms } from '../../domain/credits/credit-terms.js';
import { measureAttainment, type Attainment } from '../../domain/credits/measure-attainment.js';
import type { ObjectiveStatus } from '../../domain/objective-state.js';
import type { NoticeRecord } from '../../domain/protocol/case-files.js';
import { minuteStart, type MinuteData } from '../../domain/windows/minute-data.js';
import { Sketch } from '../../domain/windows/sketch.js';
import { instantOf, wallTimeAt } from '../../domain/zoned-time.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import {
  conditionOf,
  worstCondition,
  worstStatusPerDay,
  type HistoryDay,
  type ServiceCondition,
} from './service-condition.js';

export const HISTORY_DAYS = 90;
const CASES_SHOWN = 50;

export interface ServiceNow {
  id: string;
  name: string;
  condition: ServiceCondition;
  objectives: Array<{ key: string; name: string; condition: ServiceCondition }>;
}

/** A notice with the incident or watch it was sent about. */
export interface ClientNotice extends NoticeRecord {
  caseKind: 'incident' | 'watch';
  caseId: string;
  caseTitle: string;
  serviceName: string;
}

/** An incident or watch the client heard about, with its notices oldest first. */
export interface NoticedCase {
  kind: 'incident' | 'watch';
  id: string;
  title: string;
  serviceName: string;
  /** open, resolved, closed, breach-avoided, became-incident. */
  status: string;
  notices: ClientNotice[];
}

export interface ObjectiveAttainment {
  key: string;
  name: string;
  /** Budget objectives' target. */
  targetPercent?: number;
  /** Rounded half up to 3 decimals, as credits use it. */
  attainmentPercent: number;
  basis: Attainment['basis'];
  eligibleMinutes: number;
  excludedMinutes: number;
}

export interface SlaAttainment {
  slaId: string;
  slaName: string;
  monthLabel: string;
  fromMs: number;
  untilMs: number;
  /** Null when the contract's credit terms cannot be measured (a problem for the team). */
  objectives: ObjectiveAttainment[] | null;
}

export interface ServiceHistory {
  serviceId: string;
  serviceName: string;
  days: HistoryDay[];
}

export interface Maintenance {
  name: string;
  fromMs: number;
  toMs: number;
  slaNames: string[];
}

export interface StatusPageView {
  client: { id: string; name: string; timeZone: string };
  generatedAtMs: number;
  overall: ServiceCondition;
  services: ServiceNow[];
  cases: NoticedCase[];
  attainment: SlaAttainment[];
  history: ServiceHistory[];
  maintenance: Maintenance[];
}

export function visibleClient(ctx: AppContext, clientId: string): ClientDef {
  const client = ctx.engine.runtime?.clientById.get(clientId);
  if (client === undefined) throw new AppError('E_CLIENT_NOT_FOUND', `No client "${clientId}".`);
  return client;
}

function slasOf(ctx: AppContext, clientId: string): SlaDef[] {
  return (ctx.engine.runtime?.definitions.slas ?? []).filter((s) => s.clientId === clientId);
}

function serviceName(ctx: AppContext, serviceId: string): string {
  return (
    ctx.engine.runtime?.definitions.services.find((s) => s.id === serviceId)?.name ?? serviceId
  );
}

export async function statusPageView(ctx: AppContext, clientId: string): Promise<StatusPageView> {
  const client = visibleClient(ctx, clientId);
  const nowMs = ctx.clock.nowMs();
  const slas = slasOf(ctx, clientId);
  const services = servicesNow(ctx, slas);
  return {
    client: { id: client.id, name: client.name, timeZone: client.timeZone },
    generatedAtMs: nowMs,
    overall: worstCondition(services.map((s) => s.condition)),
    services,
    cases: await noticedCases(ctx, clientId),
    attainment: await monthToDate(ctx, slas, client.timeZone, nowMs),
    history: await history(ctx, slas, client.timeZone, nowMs),
    maintenance: upcomingMaintenance(slas, nowMs),
  };
}

function statusOf(ctx: AppContext, objectiveKey: string): ObjectiveStatus {
  return ctx.engine.runtime?.objectives.get(objectiveKey)?.state.status ?? 'ok';
}

function servicesNow(ctx: AppContext, slas: SlaDef[]): ServiceNow[] {
  const byService = new Map<string, ServiceNow>();
  for (const sla of slas) {
    const service = byService.get(sla.serviceId) ?? {
      id: sla.serviceId,
      name: serviceName(ctx, sla.serviceId),
      condition: 'operational' as ServiceCondition,
      objectives: [],
    };
    for (const o of sla.objectives) {
      service.objectives.push({
        key: o.key,
        name: o.name,
        condition: conditionOf(statusOf(ctx, o.key)),
      });
    }
    service.condition = worstCondition(service.objectives.map((o) => o.condition));
    byService.set(sla.serviceId, service);
  }
  return [...byService.values()];
}

/** Incidents and watches with notices to this client, newest first; their notices in order sent. */
export async function noticedCases(ctx: AppContext, clientId: string): Promise<NoticedCase[]> {
  const [incidents, watches] = await Promise.all([
    ctx.store.listIncidents({ clientId, limit: CASES_SHOWN }),
    ctx.store.listWatches({ clientId, limit: CASES_SHOWN }),
  ]);
  const cases: NoticedCase[] = [];
  const add = (
    kind: NoticedCase['kind'],
    c: { id: string; title: string; serviceId: string; status: string; notices: NoticeRecord[] },
  ) => {
    const name = serviceName(ctx, c.serviceId);
    const notices = c.notices
      .filter((n) => n.clientId === clientId)
      .sort((a, b) => a.sentAtMs - b.sentAtMs || a.id.localeCompare(b.id))
      .map((n) => ({ ...n, caseKind: kind, caseId: c.id, caseTitle: c.title, serviceName: name }));
    if (notices.length > 0) {
      cases.push({ kind, id: c.id, title: c.title, serviceName: name, status: c.status, notices });
    }
  };
  for (const i of incidents) add('incident', i);
  for (const w of watches) add('watch', w);
  const latest = (c: NoticedCase) => c.notices[c.notices.length - 1]?.sentAtMs ?? 0;
  return cases
    .sort((a, b) => latest(b) - latest(a) || b.id.localeCompare(a.id))
    .slice(0, CASES_SHOWN);
}

/** Every notice to the client, newest first (the RSS feed). */
export function noticesNewestFirst(cases: readonly NoticedCase[]): ClientNotice[] {
  return cases
    .flatMap((c) => c.notices)
    .sort((a, b) => b.sentAtMs - a.sentAtMs || b.id.localeCompare(a.id));
}

export async function minutesOf(
  ctx: AppContext,
  sliIds: Iterable<string>,
  fromMs: number,
  toMs: number,
): Promise<Map<string, MinuteData[]>> {
  const minutes = new Map<string, MinuteData[]>();
  for (const sliId of new Set(sliIds)) {
    const rollups = await ctx.store.readRollups(sliId, fromMs, toMs);
    minutes.set(
      sliId,
      rollups.map((r) => ({
        minuteMs: r.minuteMs,
        good: r.good,
        total: r.total,
        sketch: r.sketch === null ? null : Sketch.decode(r.sketch),
      })),
    );
  }
  return minutes;
}

async function monthToDate(
  ctx: AppContext,
  slas: SlaDef[],
  timeZone: string,
  nowMs: number,
): Promise<SlaAttainment[]> {
  const period = billingPeriodContaining(nowMs, timeZone);
  // Whole minutes so far: the running minute is not over yet.
  const span = { fromMs: period.fromMs, toMs: Math.max(period.fromMs, minuteStart(nowMs)) };
  const out: SlaAttainment[] = [];
  for (const sla of slas) {
    const terms = creditTermsFrom(sla.contract);
    const base = {
      slaId: sla.id,
      slaName: sla.name,
      monthLabel: period.label,
      fromMs: span.fromMs,
      untilMs: span.toMs,
    };
    if (validateCreditTerms(terms).length > 0) {
      out.push({ ...base, objectives: null });
      continue;
    }
    const minutes = await minutesOf(
      ctx,
      sla.objectives.map((o) => o.sliId),
      span.fromMs,
      span.toMs,
    );
    out.push({
      ...base,
      objectives: sla.objectives.map((o) => {
        const a = measureAttainment(o, minutes.get(o.sliId) ?? [], span, terms);
        return {
          key: o.key,
          name: o.name,
          ...(o.kind === 'budget' ? { targetPercent: shownPercent(o.objectiveRatio * 100) } : {}),
          attainmentPercent: shownPercent(a.attainmentPercent),
          basis: a.basis,
          eligibleMinutes: a.eligibleMinutes,
          excludedMinutes: a.excludedMinutes,
        };
      }),
    });
  }
  return out;
}

function dayLabel(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** The last HISTORY_DAYS local days, today last. */
export function historyDays(nowMs: number, timeZone: string): Array<Omit<HistoryDay, 'condition'>> {
  const today = wallTimeAt(nowMs, timeZone).epochDay;
  const days = [];
  for (let d = today - HISTORY_DAYS + 1; d <= today; d++) {
    days.push({
      date: dayLabel(d),
      fromMs: instantOf(d, 0, timeZone),
      toMs: instantOf(d + 1, 0, timeZone),
    });
  }
  return days;
}

async function history(
  ctx: AppContext,
  slas: SlaDef[],
  timeZone: string,
  nowMs: number,
): Promise<ServiceHistory[]> {
  const days = historyDays(nowMs, timeZone);
  const fromMs = days[0]?.fromMs ?? nowMs;
  const byService = new Map<string, ServiceCondition[][]>();
  const firstBySli = new Map<string, Promise<number | undefined>>();
  const firstDataOf = (sliId: string) => {
    let first = firstBySli.get(sliId);
    if (first === undefined) {
      first = ctx.store.firstRollupMinute(sliId, fromMs);
      firstBySli.set(sliId, first);
    }
    return first;
  };
  for (const sla of slas) {
    const rows = byService.get(sla.serviceId) ?? [];
    for (const o of sla.objectives) {
      const [before] = await ctx.store.listTransitions({
        objectiveKey: o.key,
        untilMs: fromMs,
        limit: 1,
      });
      const during = await ctx.store.listTransitions({
        objectiveKey: o.key,
        sinceMs: fromMs,
        untilMs: nowMs + 1,
        limit: 100_000,
      });
      const changes = during.reverse().map((t) => ({ atMs: t.atMs, to: t.to }));
      // Days before the first measured minute (or the first change, for alert-fed objectives)
      // are "no data", not "operational": nothing was watched then.
      const firstData = await firstDataOf(o.sliId);
      const startMs =
        before !== undefined
          ? Number.NEGATIVE_INFINITY
          : Math.min(
              firstData ?? Number.POSITIVE_INFINITY,
              changes[0]?.atMs ?? Number.POSITIVE_INFINITY,
            );
      rows.push(worstStatusPerDay(days, before?.to ?? 'ok', changes, startMs));
    }
    byService.set(sla.serviceId, rows);
  }
  return [...byService.entries()].map(([serviceId, rows]) => ({
    serviceId,
    serviceName: serviceName(ctx, serviceId),
    days: days.map((d, i) => ({ ...d, condition: worstCondition(rows.map((r) => r[i]!)) })),
  }));
}

export function upcomingMaintenance(slas: SlaDef[], nowMs: number): Maintenance[] {
  const byWindow = new Map<string, Maintenance>();
  for (const sla of slas) {
    for (const e of sla.contract.exclusions) {
      const fromMs = Date.parse(e.startsAt);
      const toMs = Date.parse(e.endsAt);
      if (!(toMs > nowMs)) continue;
      const key = JSON.stringify([e.name, fromMs, toMs]);
      const m = byWindow.get(key) ?? { name: e.name, fromMs, toMs, slaNames: [] };
      if (!m.slaNames.includes(sla.name)) m.slaNames.push(sla.name);
      byWindow.set(key, m);
    }
  }
  return [...byWindow.values()].sort((a, b) => a.fromMs - b.fromMs || a.name.localeCompare(b.name));
}
