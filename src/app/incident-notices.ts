// Talking to the client during an incident: the composer's draft, sending a notice (which makes
// W a promise the clock keeps), acknowledging the page, and the "client reported" event.

import { randomUUID } from 'node:crypto';
import { incidentSubject, type Incident } from '../domain/protocol/case-files.js';
import type { NoticeDraft } from '../domain/protocol/draft-notice.js';
import { withClientNotice } from '../domain/protocol/react-to-transition.js';
import { formatClock } from '../domain/routing/describe-seeing.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { aboutIncident, definitionsOf, nextNoticeDraft } from './incident-subjects.js';
import type { ClientReport } from './ports.js';
import { clientNotice } from './protocol-notifications.js';
import { bumped, commitProtocolChange } from './protocol-writes.js';
import { loadIncident, refuse, updateIncident } from './update-incident.js';

const WEEK_MS = 7 * 86_400_000;

export interface NoticeInput {
  by: string;
  clientId?: string;
  seeing?: string;
  doing?: string;
  next?: string;
  /** W; default now + the contract's update cadence. */
  nextUpdateAtMs?: number;
}

function clientOf(incident: Incident, clientId: string | undefined) {
  if (clientId === undefined) {
    if (incident.clients.length === 1 && incident.clients[0]) return incident.clients[0];
    refuse(
      `Incident ${incident.id} affects ${incident.clients.length} clients: say which (clientId).`,
      incident.clients.map((c) => c.clientId),
    );
  }
  const client = incident.clients.find((c) => c.clientId === clientId);
  if (client === undefined) {
    throw new AppError(
      'E_VALIDATION',
      `Client "${clientId}" is not affected by incident ${incident.id}.`,
      {
        problems: [
          {
            field: 'clientId',
            value: clientId,
            expected: `one of ${incident.clients.map((c) => c.clientId).join(', ')}`,
          },
        ],
      },
    );
  }
  return client;
}

/** The composer's starting text for the next notice to a client (breach first, then updates). */
export async function incidentNoticeDraft(
  ctx: AppContext,
  id: string,
  clientId?: string,
): Promise<NoticeDraft & { clientId: string }> {
  const incident = await loadIncident(ctx, id);
  const client = clientOf(incident, clientId);
  const about = aboutIncident(definitionsOf(ctx.engine.runtime), incident, client.clientId);
  return {
    clientId: client.clientId,
    ...nextNoticeDraft(about, incident, client, ctx.clock.nowMs()),
  };
}

export async function sendIncidentNotice(
  ctx: AppContext,
  id: string,
  input: NoticeInput,
): Promise<Incident> {
  const defs = definitionsOf(ctx.engine.runtime);
  return updateIncident(ctx, id, (incident, nowMs) => {
    if (incident.status === 'closed') refuse(`Incident ${id} is closed.`);
    const client = clientOf(incident, input.clientId);
    const w = input.nextUpdateAtMs;
    if (w !== undefined && (w <= nowMs || w > nowMs + WEEK_MS)) {
      throw new AppError('E_VALIDATION', 'The next update time (W) must be in the coming week.', {
        problems: [
          {
            field: 'nextUpdateAt',
            value: new Date(w).toISOString(),
            expected: `an instant after ${new Date(nowMs).toISOString()} and within 7 days`,
          },
        ],
      });
    }
    const about = aboutIncident(defs, incident, client.clientId);
    const draft = nextNoticeDraft(about, incident, client, nowMs);
    const sent = {
      ...draft,
      ...(input.seeing !== undefined ? { seeing: input.seeing } : {}),
      ...(input.doing !== undefined ? { doing: input.doing } : {}),
      ...(input.next !== undefined ? { next: input.next } : {}),
      ...(w !== undefined ? { nextUpdateAtMs: w } : {}),
    };
    const { notice, entries } = clientNotice(
      about,
      sent,
      { sentBy: input.by, automatic: false },
      nowMs,
    );
    if (entries.length === 0) {
      refuse(
        `Client "${client.clientId}" has no contacts to send a notice to; add contacts to its definition.`,
      );
    }
    return {
      record: withClientNotice(incident, notice),
      notifications: entries,
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'notice',
          actor: input.by,
          text: `${notice.kind === 'breach' ? 'First notice' : 'Update'} to ${about.context.client.name}: "We are seeing ${notice.seeing}. We are doing ${notice.doing}. We will tell you ${notice.next}${notice.nextUpdateAtMs !== undefined ? ` by ${formatClock(notice.nextUpdateAtMs)}` : ''}."`,
          data: { noticeId: notice.id, clientId: client.clientId },
        },
      ],
    };
  });
}

/** Acknowledges the incident's pages: escalation of unacknowledged pages stops. */
export async function acknowledgeIncident(
  ctx: AppContext,
  id: string,
  by: string,
): Promise<Incident> {
  const incident = await updateIncident(ctx, id, (incident, nowMs) => ({
    record: incident.acknowledged ? incident : { ...incident, acknowledged: { by, atMs: nowMs } },
    timeline: incident.acknowledged
      ? []
      : [
          {
            subject: incidentSubject(id),
            atMs: nowMs,
            kind: 'acknowledged',
            actor: by,
            text: `Acknowledged by ${by}.`,
          },
        ],
  }));
  const nowMs = ctx.clock.nowMs();
  for (const o of incident.objectives)
    await ctx.store.acknowledgeIncident(o.incidentKey, by, nowMs);
  return incident;
}

/**
 * "The client told us": recorded on the client's open incident (if any) so the figures show
 * whether they heard from us first; kept on its own otherwise — a problem we have not detected.
 */
export function recordClientReport(
  ctx: AppContext,
  input: { clientId: string; text: string; source: ClientReport['source']; atMs?: number },
): Promise<ClientReport> {
  return ctx.engine.protocol.run(async () => {
    const nowMs = ctx.clock.nowMs();
    const atMs = input.atMs ?? nowMs;
    const [incident] = await ctx.store.listIncidents({
      status: 'open',
      clientId: input.clientId,
      limit: 1,
    });
    const report: ClientReport = {
      id: randomUUID(),
      clientId: input.clientId,
      atMs,
      source: input.source,
      text: input.text,
      ...(incident !== undefined ? { incidentId: incident.id } : {}),
    };
    if (incident === undefined) {
      await commitProtocolChange(ctx, { clientReports: [report] });
      ctx.logger.warn(
        { clientId: input.clientId },
        'client reported a problem with no open incident',
      );
      return report;
    }
    const client = incident.clients.find((c) => c.clientId === input.clientId);
    const first = client !== undefined && client.clientReportedAtMs === undefined;
    const toldFirst = client?.firstNoticeAtMs !== undefined && client.firstNoticeAtMs <= atMs;
    await commitProtocolChange(ctx, {
      clientReports: [report],
      incidents: [
        bumped({
          ...incident,
          clients: incident.clients.map((c) =>
            c.clientId === input.clientId && first ? { ...c, clientReportedAtMs: atMs } : c,
          ),
        }),
      ],
      timeline: [
        {
          subject: incidentSubject(incident.id),
          atMs,
          kind: 'client-reported',
          actor: input.clientId,
          text: `The client reported the problem (${input.source})${toldFirst ? ' after our notice' : ' before we told them'}: "${input.text.slice(0, 300)}"`,
          data: { reportId: report.id, toldFirst },
        },
      ],
    });
    return report;
  });
}
