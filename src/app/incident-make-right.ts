// Make right with the client: named recovery commitments, a follow-up SLA review, and the
// service credits of the months the incident touched (issued to the ledger when each closes).

import { randomUUID } from 'node:crypto';
import { billingPeriodContaining } from '../domain/credits/billing-period.js';
import { incidentSubject, type Incident } from '../domain/protocol/case-files.js';
import type { AppContext } from './context.js';
import { definitionsOf } from './incident-subjects.js';
import { closeIfDone } from './incident-resolution.js';
import { refuse, updateIncident } from './update-incident.js';

export function addRecoveryCommitment(
  ctx: AppContext,
  id: string,
  input: { by: string; text: string; owner: string; dueAtMs: number },
): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => {
    const commitment = {
      id: randomUUID().slice(0, 8),
      text: input.text,
      owner: input.owner,
      dueAtMs: input.dueAtMs,
      status: 'open' as const,
    };
    return {
      record: {
        ...incident,
        makeRight: {
          ...incident.makeRight,
          recoveryCommitments: [...incident.makeRight.recoveryCommitments, commitment],
        },
      },
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'client-commitment',
          actor: input.by,
          text: `Commitment to the client: "${input.text}" (${input.owner}, due ${new Date(input.dueAtMs).toISOString().slice(0, 10)}).`,
          data: { commitmentId: commitment.id },
        },
      ],
    };
  });
}

export function scheduleReview(
  ctx: AppContext,
  id: string,
  input: { by: string; atMs: number; with: string },
): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => ({
    record: {
      ...incident,
      makeRight: {
        ...incident.makeRight,
        review: { atMs: input.atMs, with: input.with, scheduledBy: input.by, scheduledAtMs: nowMs },
      },
    },
    timeline: [
      {
        subject: incidentSubject(id),
        atMs: nowMs,
        kind: 'review-scheduled',
        actor: input.by,
        text: `SLA review with ${input.with} scheduled for ${new Date(input.atMs).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      },
    ],
  }));
}

/** The credit keys (SLA × month) of every month from detection to resolution, per affected SLA. */
export function creditKeysOf(ctx: AppContext, incident: Incident): string[] {
  const defs = definitionsOf(ctx.engine.runtime);
  const keys = new Set<string>();
  const endMs = incident.resolution?.atMs ?? incident.detectedAtMs;
  for (const client of incident.clients) {
    const timeZone = defs.clients.find((c) => c.id === client.clientId)?.timeZone ?? 'UTC';
    for (const slaId of client.slaIds) {
      let at = incident.detectedAtMs;
      for (;;) {
        const period = billingPeriodContaining(at, timeZone);
        keys.add(`${slaId}|${period.label}`);
        if (period.toMs > endMs) break;
        at = period.toMs;
      }
    }
  }
  return [...keys];
}

export function completeMakeRight(ctx: AppContext, id: string, by: string): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => {
    if (incident.status === 'open') refuse(`Incident ${id} is not resolved yet.`, ['resolution']);
    const missing =
      incident.makeRight.review === undefined ? ['a follow-up SLA review with the client'] : [];
    if (missing.length > 0)
      refuse(`Make right for incident ${id} needs ${missing.join(', ')}.`, missing);
    const creditKeys = creditKeysOf(ctx, incident);
    return {
      record: closeIfDone({
        ...incident,
        makeRight: { ...incident.makeRight, creditKeys },
        stages: { ...incident.stages, 'make-right': { doneAtMs: nowMs, doneBy: by } },
      }),
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'make-right-done',
          actor: by,
          text: `Make right done: credits ${creditKeys.join(', ')} (issued to the ledger when each month closes), ${incident.makeRight.recoveryCommitments.length} commitment(s) to the client, review scheduled.`,
        },
      ],
    };
  });
}
