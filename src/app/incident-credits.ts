// The service credits an incident touches: per affected SLA and billing month, the statement
// (a preview while the month runs) and the ledger entry once the month is issued.

import type { CreditLedgerEntry } from './ports.js';
import type { CreditStatement } from '../domain/credits/compute-credit.js';
import { describeCredit } from '../domain/credits/describe-credit.js';
import type { Incident } from '../domain/protocol/case-files.js';
import type { AppContext } from './context.js';
import { creditKeysOf } from './incident-make-right.js';
import { creditStatement } from './issue-credits.js';

export interface IncidentCredit {
  key: string;
  slaId: string;
  period: string;
  statement: CreditStatement;
  explanation: string[];
  /** Whether the month has ended (its credit is final). */
  closed: boolean;
  issued: CreditLedgerEntry | undefined;
}

/** At most this many SLA-months are computed for one page (each reads a month of rollups). */
export const MAX_INCIDENT_CREDITS = 6;

export async function incidentCredits(
  ctx: AppContext,
  incident: Incident,
): Promise<IncidentCredit[]> {
  const keys =
    incident.makeRight.creditKeys.length > 0
      ? incident.makeRight.creditKeys
      : creditKeysOf(ctx, incident);
  const out: IncidentCredit[] = [];
  for (const key of keys.slice(0, MAX_INCIDENT_CREDITS)) {
    const [slaId = '', period = ''] = key.split('|');
    if (ctx.engine.runtime?.slaById.get(slaId) === undefined) continue;
    const { statement, closed } = await creditStatement(ctx, slaId, period);
    const ledger = await ctx.store.listCredits({ slaId, limit: 1000 });
    out.push({
      key,
      slaId,
      period,
      statement,
      explanation: describeCredit(statement),
      closed,
      issued: ledger.find((c) => c.period === period),
    });
  }
  return out;
}
