// A client's monthly SLA report: per SLA the credit statement (attainment per objective with the
// numbers behind it, exclusions applied, tiers, credit due), the maintenance windows that fell in
// the month, and the incidents with the notices the client received. A closed month's report is
// frozen: generated once, stored, and served from the store ever after.

import type { SlaDef } from '../../domain/definitions.js';
import type { BillingPeriod } from '../../domain/credits/billing-period.js';
import type { CreditStatement } from '../../domain/credits/compute-credit.js';
import { describeCredit } from '../../domain/credits/describe-credit.js';
import type { NoticeRecord } from '../../domain/protocol/case-files.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { creditStatement, issueCredit, periodOf } from '../issue-credits.js';
import type { FrozenReport } from '../ports.js';
import { visibleClient } from '../status-page/status-page-view.js';

export interface ReportExclusion {
  name: string;
  fromMs: number;
  toMs: number;
}

export interface ReportSla {
  slaId: string;
  slaName: string;
  serviceName: string;
  /** ledger: the credit as written to the ledger; computed: no tiers, nothing to write; preview: month still open. */
  source: 'ledger' | 'computed' | 'preview';
  statement: CreditStatement;
  explanation: string[];
  /** The contract's maintenance windows that overlap the month. */
  exclusions: ReportExclusion[];
  issuedAtMs?: number;
}

export interface ReportIncident {
  id: string;
  title: string;
  serviceName: string;
  status: string;
  detectedAtMs: number;
  resolvedAtMs?: number;
  objectiveNames: string[];
  /** The notices this client received, in order sent. */
  notices: NoticeRecord[];
}

export interface MonthlyReport {
  client: { id: string; name: string; timeZone: string };
  month: string;
  fromMs: number;
  toMs: number;
  /** Closed and settled: late samples can no longer change it. */
  closed: boolean;
  generatedAtMs: number;
  slas: ReportSla[];
  incidents: ReportIncident[];
}

export interface ReportDocuments {
  html: string;
  csv: string;
  /** Whether these come from the store (a frozen, closed month). */
  frozen: boolean;
  figures: unknown;
}

const INCIDENTS_READ = 1000;

function overlaps(a: { fromMs: number; toMs: number }, b: { fromMs: number; toMs: number }) {
  return a.fromMs < b.toMs && b.fromMs < a.toMs;
}

function exclusionsIn(sla: SlaDef, period: BillingPeriod): ReportExclusion[] {
  return sla.contract.exclusions
    .map((e) => ({ name: e.name, fromMs: Date.parse(e.startsAt), toMs: Date.parse(e.endsAt) }))
    .filter((e) => overlaps(e, period))
    .sort((a, b) => a.fromMs - b.fromMs);
}

async function slaSection(
  ctx: AppContext,
  sla: SlaDef,
  period: BillingPeriod,
  closed: boolean,
): Promise<ReportSla> {
  const serviceName =
    ctx.engine.runtime?.definitions.services.find((s) => s.id === sla.serviceId)?.name ??
    sla.serviceId;
  const base = {
    slaId: sla.id,
    slaName: sla.name,
    serviceName,
    exclusions: exclusionsIn(sla, period),
  };
  if (closed && sla.contract.creditTiers.length > 0) {
    // The report states what the ledger holds, writing it now if the hourly job has not yet.
    const { entry } = await issueCredit(ctx, sla.id, period.label);
    const statement = entry.statement as CreditStatement;
    return {
      ...base,
      source: 'ledger',
      statement,
      explanation: describeCredit(statement),
      issuedAtMs: entry.issuedAtMs,
    };
  }
  const { statement } = await creditStatement(ctx, sla.id, period.label);
  return {
    ...base,
    source: closed ? 'computed' : 'preview',
    statement,
    explanation: describeCredit(statement),
  };
}

async function incidentsIn(
  ctx: AppContext,
  clientId: string,
  period: BillingPeriod,
  nowMs: number,
): Promise<ReportIncident[]> {
  const defs = ctx.engine.runtime?.definitions;
  const objectiveName = (key: string) =>
    defs?.slas.flatMap((s) => s.objectives).find((o) => o.key === key)?.name ?? key;
  const incidents = await ctx.store.listIncidents({ clientId, limit: INCIDENTS_READ });
  return incidents
    .filter((i) =>
      overlaps({ fromMs: i.detectedAtMs, toMs: (i.resolution?.atMs ?? nowMs) + 1 }, period),
    )
    .sort((a, b) => a.detectedAtMs - b.detectedAtMs || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      title: i.title,
      serviceName: defs?.services.find((s) => s.id === i.serviceId)?.name ?? i.serviceId,
      status: i.status,
      detectedAtMs: i.detectedAtMs,
      ...(i.resolution !== undefined ? { resolvedAtMs: i.resolution.atMs } : {}),
      objectiveNames: i.objectives.map((o) => objectiveName(o.objectiveKey)),
      notices: i.notices
        .filter((n) => n.clientId === clientId)
        .sort((a, b) => a.sentAtMs - b.sentAtMs || a.id.localeCompare(b.id)),
    }));
}

/** The month's figures as they are now (frozen or not). */
export async function monthlyReport(
  ctx: AppContext,
  clientId: string,
  month: string,
): Promise<MonthlyReport> {
  const client = visibleClient(ctx, clientId);
  const period = periodOf(month, client.timeZone);
  const nowMs = ctx.clock.nowMs();
  if (period.fromMs > nowMs) {
    throw new AppError('E_VALIDATION', `The month ${month} has not started yet.`, {
      problems: [{ field: 'month', value: month, expected: 'this month or an earlier one' }],
    });
  }
  const closed = isSettled(ctx, period, nowMs);
  const slas = (ctx.engine.runtime?.definitions.slas ?? []).filter((s) => s.clientId === clientId);
  const sections: ReportSla[] = [];
  for (const sla of slas) sections.push(await slaSection(ctx, sla, period, closed));
  return {
    client: { id: client.id, name: client.name, timeZone: client.timeZone },
    month: period.label,
    fromMs: period.fromMs,
    toMs: period.toMs,
    closed,
    generatedAtMs: nowMs,
    slas: sections,
    incidents: await incidentsIn(ctx, clientId, period, nowMs),
  };
}

/** A month is settled once samples for it can no longer arrive (they are refused after maxSampleAgeMs). */
function isSettled(ctx: AppContext, period: BillingPeriod, nowMs: number): boolean {
  return period.toMs + ctx.settings.maxSampleAgeMs <= nowMs;
}

/**
 * The report's documents: the stored ones of a frozen month; otherwise rendered now and, once the
 * month is settled, frozen (a concurrent first view gets the same stored bytes).
 */
export async function reportDocuments(
  ctx: AppContext,
  clientId: string,
  month: string,
  render: (report: MonthlyReport) => { html: string; csv: string },
): Promise<ReportDocuments> {
  const client = visibleClient(ctx, clientId);
  const label = periodOf(month, client.timeZone).label;
  const stored = await ctx.store.getFrozenReport(clientId, label);
  if (stored !== undefined) return { ...pick(stored), frozen: true };
  const report = await monthlyReport(ctx, clientId, label);
  const { html, csv } = render(report);
  if (!report.closed) return { html, csv, figures: report, frozen: false };
  const frozen = await ctx.store.freezeReport({
    clientId,
    month: label,
    frozenAtMs: report.generatedAtMs,
    html,
    csv,
    figures: report,
  });
  return { ...pick(frozen), frozen: true };
}

const pick = (r: FrozenReport) => ({ html: r.html, csv: r.csv, figures: r.figures });
