// The protocol's clock: every few seconds, for each open incident, does what is due — reminders
// before the client notice and each promised update, the automatic notice at the deadline,
// escalation when a promise passes, "ready to resolve", overdue postmortems and commitments.

import { formatDuration } from '../domain/describe-reason.js';
import type { Definitions } from '../domain/definitions.js';
import type { Role } from '../domain/notification.js';
import {
  incidentSubject,
  type Incident,
  type TimelineEntry,
} from '../domain/protocol/case-files.js';
import { dueActions, markActionDone, type DueAction } from '../domain/protocol/due-actions.js';
import { FOREWARN, withClientNotice } from '../domain/protocol/react-to-transition.js';
import { formatClock } from '../domain/routing/describe-seeing.js';
import type { AppContext } from './context.js';
import { aboutIncident, nextNoticeDraft } from './incident-subjects.js';
import type { OutboxEntry } from './ports.js';
import { clientNotice, teamReminder } from './protocol-notifications.js';
import { bumped, commitProtocolChange } from './protocol-writes.js';

const PAGE = 1000;
const ESCALATE: Role[] = ['tech-lead', 'product-owner', 'communicator', 'on-call'];
const COMMUNICATE: Role[] = ['communicator', 'product-owner'];

export function runProtocolClock(ctx: AppContext): Promise<number> {
  return ctx.engine.protocol.run(async () => {
    const defs = ctx.engine.runtime?.definitions;
    if (defs === undefined) return 0;
    const nowMs = ctx.clock.nowMs();
    const incidents = [
      ...(await ctx.store.listIncidents({ status: 'open', limit: PAGE })),
      ...(await ctx.store.listIncidents({ status: 'resolved', limit: PAGE })),
    ];
    let done = 0;
    for (const incident of incidents) {
      const actions = dueActions(incident, nowMs);
      if (actions.length === 0) continue;
      let next = incident;
      const timeline: TimelineEntry[] = [];
      const notifications: OutboxEntry[] = [];
      for (const action of actions) {
        try {
          next = perform(defs, next, action, nowMs, timeline, notifications);
        } catch (err) {
          ctx.logger.warn(
            { err, incident: incident.id, action: action.kind },
            'protocol step skipped',
          );
        }
        next = markActionDone(next, action, nowMs);
        done++;
      }
      await commitProtocolChange(ctx, {
        incidents: [bumped(next)],
        timeline,
        notifications,
      });
    }
    return done;
  });
}

function clientName(defs: Definitions, clientId: string): string {
  return defs.clients.find((c) => c.id === clientId)?.name ?? clientId;
}

function perform(
  defs: Definitions,
  incident: Incident,
  action: DueAction,
  nowMs: number,
  timeline: TimelineEntry[],
  notifications: OutboxEntry[],
): Incident {
  const log = (kind: string, text: string, data?: Record<string, unknown>) =>
    timeline.push({
      subject: incidentSubject(incident.id),
      atMs: nowMs,
      kind,
      actor: FOREWARN,
      text,
      ...(data ? { data } : {}),
    });
  const remind = (
    roles: Role[],
    seeing: string,
    doing: string,
    step: string,
    clientId?: string,
  ) => {
    const about = aboutIncident(defs, incident, clientId);
    notifications.push(
      ...teamReminder(
        about,
        defs,
        roles,
        { seeing, doing },
        `protocol:${incident.id}:${step}`,
        nowMs,
      ),
    );
  };
  switch (action.kind) {
    case 'notice-reminder': {
      const name = clientName(defs, action.clientId);
      const auto = incident.clients.find((c) => c.clientId === action.clientId)?.autoSendAtDeadline;
      remind(
        COMMUNICATE,
        `the first notice to ${name} is due by ${formatClock(action.dueAtMs)}`,
        `Send it from incident ${incident.id}: the draft is ready${auto ? '. If no one does, it goes out automatically at the deadline' : ''}`,
        `notice-reminder:${action.clientId}`,
        action.clientId,
      );
      log(
        'reminder',
        `Reminded the communicator and product owner: notice to ${name} due by ${formatClock(action.dueAtMs)}.`,
      );
      return incident;
    }
    case 'notice-auto-send': {
      const about = aboutIncident(defs, incident, action.clientId);
      const client = incident.clients.find((c) => c.clientId === action.clientId);
      if (client === undefined) return incident;
      const { notice, entries } = clientNotice(
        about,
        nextNoticeDraft(about, incident, client, nowMs),
        { sentBy: FOREWARN, automatic: true },
        nowMs,
      );
      notifications.push(...entries);
      log(
        'notice',
        `No one had sent the notice to ${about.context.client.name} by the deadline: sent the draft automatically.`,
        { noticeId: notice.id },
      );
      return withClientNotice(incident, notice);
    }
    case 'notice-overdue': {
      const name = clientName(defs, action.clientId);
      remind(
        ESCALATE,
        `the notice to ${name} was due at ${formatClock(action.dueAtMs)} and has not been sent`,
        `Send it now from incident ${incident.id}`,
        `notice-overdue:${action.clientId}`,
        action.clientId,
      );
      log(
        'escalation',
        `Notice to ${name} overdue since ${formatClock(action.dueAtMs)}: escalated to the team.`,
      );
      return incident;
    }
    case 'update-reminder': {
      const name = clientName(defs, action.clientId);
      remind(
        COMMUNICATE,
        `the update promised to ${name} by ${formatClock(action.dueAtMs)} is due in ${formatDuration(Math.max(0, action.dueAtMs - nowMs))}`,
        `Send it from incident ${incident.id}; the team is paged if the time passes`,
        `update-reminder:${action.clientId}:${action.dueAtMs}`,
        action.clientId,
      );
      log('reminder', `Reminded: update to ${name} promised by ${formatClock(action.dueAtMs)}.`);
      return incident;
    }
    case 'update-overdue': {
      const name = clientName(defs, action.clientId);
      remind(
        ESCALATE,
        `the update promised to ${name} by ${formatClock(action.dueAtMs)} is overdue`,
        `Send it now from incident ${incident.id}: we made a promise`,
        `update-overdue:${action.clientId}:${action.dueAtMs}`,
        action.clientId,
      );
      log(
        'escalation',
        `Promised update to ${name} (by ${formatClock(action.dueAtMs)}) overdue: escalated.`,
      );
      return incident;
    }
    case 'ready-to-resolve':
      remind(
        ['tech-lead', 'communicator'],
        `every objective of incident ${incident.id} has stayed within its threshold for its recovery period`,
        'Resolve the incident with its root cause and fix; the client then gets the resolution notice',
        'ready-to-resolve',
      );
      log('recovery-gate-open', 'Recovery gate open: the incident can be resolved.');
      return incident;
    case 'postmortem-overdue':
      remind(
        ['tech-lead', 'product-owner'],
        `the postmortem of incident ${incident.id} was due at ${formatClock(action.dueAtMs)}`,
        'Finish it and record the structural fixes',
        `postmortem-overdue:${Math.floor(nowMs / 86_400_000)}`,
      );
      log('reminder', 'Postmortem overdue: reminded the tech lead and product owner.');
      return incident;
    case 'commitment-overdue': {
      const c = incident.postmortem?.commitments.find((x) => x.id === action.commitmentId);
      remind(
        ['tech-lead'],
        `the commitment "${c?.title ?? action.commitmentId}" (owner ${c?.owner ?? 'unknown'}) was due at ${formatClock(action.dueAtMs)}`,
        'Finish it or move its due date with a reason',
        `commitment-overdue:${action.commitmentId}:${Math.floor(nowMs / 86_400_000)}`,
      );
      log(
        'reminder',
        `Commitment "${c?.title ?? action.commitmentId}" overdue: reminded the tech lead.`,
      );
      return incident;
    }
  }
}
