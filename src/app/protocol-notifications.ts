// The notifications protocol steps send: client notices (to every contact point of the client,
// ahead of team traffic) and team reminders (to the people holding the named roles now).

import { randomUUID } from 'node:crypto';
import type { Definitions } from '../domain/definitions.js';
import { describeReason } from '../domain/describe-reason.js';
import type { NotificationEvent, NotificationMessage, Role } from '../domain/notification.js';
import type { Reason } from '../domain/objective-state.js';
import type { NoticeKind, NoticeRecord } from '../domain/protocol/case-files.js';
import type { NoticeDraft } from '../domain/protocol/draft-notice.js';
import type { ObjectiveContext } from '../domain/routing/objective-context.js';
import { roleHoldersAt } from '../domain/routing/role-holders.js';
import type { OutboxEntry } from './ports.js';

const EVENT_OF_NOTICE: Record<NoticeKind, NotificationEvent> = {
  'heads-up': 'early-warning',
  breach: 'breach',
  update: 'update',
  resolution: 'resolved',
};

interface About {
  context: ObjectiveContext;
  /** The lane the deliveries keep order in (and PagerDuty's dedup key). */
  incidentKey: string;
  reason: Reason;
}

function message(
  about: About,
  event: NotificationEvent,
  audience: 'client' | 'team',
  sentences: { seeing: string; doing: string; next: string; nextUpdateAtMs?: number },
  nowMs: number,
): NotificationMessage {
  const { context } = about;
  return {
    event,
    audience,
    incidentKey: about.incidentKey,
    occurredAtMs: nowMs,
    client: { id: context.client.id, name: context.client.name },
    service: { id: context.service.id, name: context.service.name },
    sla: { id: context.sla.id, name: context.sla.name },
    objective: { key: context.objective.key, name: context.objective.name },
    reason: about.reason,
    reasonText: describeReason(about.reason, context.sli.unit ?? ''),
    seeing: sentences.seeing,
    doing: sentences.doing,
    next: sentences.next,
    ...(sentences.nextUpdateAtMs !== undefined ? { nextUpdateAtMs: sentences.nextUpdateAtMs } : {}),
  };
}

/** A client notice: one delivery per contact point of the client, priority 0. */
export function clientNotice(
  about: About,
  draft: NoticeDraft,
  by: { sentBy: string; automatic: boolean },
  nowMs: number,
): { notice: NoticeRecord; entries: OutboxEntry[] } {
  const noticeId = randomUUID();
  const composed = message(about, EVENT_OF_NOTICE[draft.kind], 'client', draft, nowMs);
  const entries: OutboxEntry[] = [];
  for (const contact of about.context.client.contacts) {
    for (const point of contact.contactPoints) {
      entries.push({
        id: randomUUID(),
        dedupKey: `notice:${noticeId}:${point.endpointId}:${point.address ?? ''}`,
        incidentKey: about.incidentKey,
        endpointId: point.endpointId,
        ...(point.address !== undefined ? { address: point.address } : {}),
        audience: 'client',
        priority: 0,
        contactName: contact.name,
        message: composed,
        createdAtMs: nowMs,
      });
    }
  }
  const notice: NoticeRecord = {
    id: noticeId,
    clientId: about.context.client.id,
    kind: draft.kind,
    sentAtMs: nowMs,
    sentBy: by.sentBy,
    automatic: by.automatic,
    seeing: draft.seeing,
    doing: draft.doing,
    next: draft.next,
    ...(draft.nextUpdateAtMs !== undefined ? { nextUpdateAtMs: draft.nextUpdateAtMs } : {}),
    notificationIds: entries.map((e) => e.id),
  };
  return { notice, entries };
}

/**
 * A reminder or escalation to whoever holds these roles now. `dedupKey` names the step, so a
 * reminder is queued once however often the clock looks.
 */
export function teamReminder(
  about: About,
  defs: Definitions,
  roles: readonly Role[],
  text: { seeing: string; doing: string },
  dedupKey: string,
  nowMs: number,
): OutboxEntry[] {
  const composed = message(about, 'reminder', 'team', { ...text, next: 'nothing more' }, nowMs);
  const entries: OutboxEntry[] = [];
  const seen = new Set<string>();
  for (const { role, person } of roleHoldersAt(about.context.service, roles, defs, nowMs)) {
    for (const point of person.contactPoints) {
      const key = `${dedupKey}:${point.endpointId}:${point.address ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({
        id: randomUUID(),
        dedupKey: key,
        incidentKey: about.incidentKey,
        endpointId: point.endpointId,
        ...(point.address !== undefined ? { address: point.address } : {}),
        audience: 'team',
        priority: 1,
        role,
        personId: person.id,
        message: composed,
        createdAtMs: nowMs,
      });
    }
  }
  return entries;
}
