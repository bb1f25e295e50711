// Make right, in money: the service credit of an SLA for a billing month, computed from the
// stored per-minute rollups, the contract's tiers, exclusions and fee. A closed month's credit
// is written to the ledger exactly once (its key is the SLA and the month); an open month is
// only previewed.

import type { SlaDef } from '../domain/definitions.js';
import {
  billingPeriodBefore,
  billingPeriodContaining,
  type BillingPeriod,
} from '../domain/credits/billing-period.js';
import { computeCredit, type CreditStatement } from '../domain/credits/compute-credit.js';
import { creditTermsFrom, validateCreditTerms } from '../domain/credits/credit-terms.js';
import type { MinuteData } from '../domain/windows/minute-data.js';
import { Sketch } from '../domain/windows/sketch.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { definitionsOf } from './incident-subjects.js';
import type { CreditLedgerEntry } from './ports.js';
import { commitProtocolChange } from './protocol-writes.js';

const MONTH_LABEL = /^\d{4}-(0[1-9]|1[0-2])$/;

function slaOf(ctx: AppContext, slaId: string): SlaDef {
  const sla = definitionsOf(ctx.engine.runtime).slas.find((s) => s.id === slaId);
  if (sla === undefined) throw new AppError('E_SLA_NOT_FOUND', `No SLA "${slaId}".`);
  return sla;
}

function timeZoneOf(ctx: AppContext, sla: SlaDef): string {
  return (
    definitionsOf(ctx.engine.runtime).clients.find((c) => c.id === sla.clientId)?.timeZone ?? 'UTC'
  );
}

/** The month labelled "YYYY-MM" in the client's time zone. */
export function periodOf(label: string, timeZone: string): BillingPeriod {
  if (!MONTH_LABEL.test(label)) {
    throw new AppError('E_VALIDATION', 'The period is not a month.', {
      problems: [{ field: 'period', value: label, expected: 'a month as YYYY-MM, e.g. 2026-10' }],
    });
  }
  const [y, m] = label.split('-').map(Number) as [number, number];
  // Mid-month noon UTC is inside the month in every time zone.
  return billingPeriodContaining(Date.UTC(y, m - 1, 15, 12), timeZone);
}

export async function creditStatement(
  ctx: AppContext,
  slaId: string,
  periodLabel?: string,
): Promise<{ statement: CreditStatement; closed: boolean }> {
  const sla = slaOf(ctx, slaId);
  const timeZone = timeZoneOf(ctx, sla);
  const nowMs = ctx.clock.nowMs();
  const period =
    periodLabel === undefined
      ? billingPeriodContaining(nowMs, timeZone)
      : periodOf(periodLabel, timeZone);
  const terms = creditTermsFrom(sla.contract);
  const problems = validateCreditTerms(terms);
  if (problems.length > 0) {
    throw new AppError(
      'E_VALIDATION',
      `The contract of SLA "${slaId}" cannot be measured for credits.`,
      {
        problems: problems.map((p) => ({ field: p.field, value: p.value, expected: p.expected })),
      },
    );
  }
  const minutes = new Map<string, MinuteData[]>();
  for (const sliId of new Set(sla.objectives.map((o) => o.sliId))) {
    const rollups = await ctx.store.readRollups(sliId, period.fromMs, period.toMs);
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
  return { statement: computeCredit(sla, period, terms, minutes), closed: period.toMs <= nowMs };
}

function ledgerEntry(sla: SlaDef, statement: CreditStatement, nowMs: number): CreditLedgerEntry {
  return {
    key: statement.key,
    slaId: sla.id,
    clientId: sla.clientId,
    period: statement.period.label,
    issuedAtMs: nowMs,
    amountMinor: statement.totalMinor,
    currency: statement.currency,
    statement,
  };
}

/**
 * Writes the SLA's credit for a closed month to the ledger (once: a second call finds it there).
 * Returns the ledger entry and whether this call wrote it.
 */
export function issueCredit(
  ctx: AppContext,
  slaId: string,
  periodLabel: string,
): Promise<{ entry: CreditLedgerEntry; written: boolean }> {
  return ctx.engine.protocol.run(async () => {
    const sla = slaOf(ctx, slaId);
    const existing = (await ctx.store.listCredits({ slaId, limit: 1000 })).find(
      (c) => c.period === periodLabel,
    );
    if (existing !== undefined) return { entry: existing, written: false };
    const { statement, closed } = await creditStatement(ctx, slaId, periodLabel);
    if (!closed) {
      throw new AppError(
        'E_PROTOCOL_STEP',
        `The month ${periodLabel} is not over yet; credits are issued for closed months (preview it instead).`,
        {
          details: { missing: [`the end of ${periodLabel}`] },
        },
      );
    }
    const entry = ledgerEntry(sla, statement, ctx.clock.nowMs());
    const written = (await commitProtocolChange(ctx, { credits: [entry] })).includes(entry.key);
    if (written) return { entry, written };
    // Another writer got there first: the ledger's entry is the one that counts.
    const stored = (await ctx.store.listCredits({ slaId, limit: 1000 })).find(
      (c) => c.key === entry.key,
    );
    return { entry: stored ?? entry, written: false };
  });
}

/** Every SLA's credit for the month that just closed in its client's time zone (the hourly job). */
export async function issueClosedMonthCredits(ctx: AppContext): Promise<number> {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) return 0;
  let written = 0;
  for (const sla of runtime.definitions.slas) {
    if (sla.contract.creditTiers.length === 0) continue;
    const label = billingPeriodBefore(ctx.clock.nowMs(), timeZoneOf(ctx, sla)).label;
    try {
      if ((await issueCredit(ctx, sla.id, label)).written) written++;
    } catch (err) {
      ctx.logger.error({ err, slaId: sla.id, period: label }, 'credit issue failed');
    }
  }
  return written;
}
