// The webhook body: a stable, versioned-by-type schema. Fields are listed one by one so that a
// new field on NotificationMessage never leaks into receivers' payloads unannounced.

import type { NotificationMessage } from '../../domain/notification.js';
import type { Reason } from '../../domain/objective-state.js';

export interface WebhookPayload {
  type: `forewarn.${NotificationMessage['event']}`;
  timestamp: string;
  data: {
    incidentKey: string;
    event: NotificationMessage['event'];
    audience: NotificationMessage['audience'];
    occurredAt: string;
    client: { id: string; name: string };
    service: { id: string; name: string };
    sla: { id: string; name: string };
    objective: { key: string; name: string };
    reason: Reason;
    reasonText: string;
    seeing: string;
    doing: string;
    next: string;
    nextUpdateAt: string | null;
  };
}

export function renderWebhook(message: NotificationMessage): WebhookPayload {
  const occurredAt = new Date(message.occurredAtMs).toISOString();
  return {
    type: `forewarn.${message.event}`,
    timestamp: occurredAt,
    data: {
      incidentKey: message.incidentKey,
      event: message.event,
      audience: message.audience,
      occurredAt,
      client: { id: message.client.id, name: message.client.name },
      service: { id: message.service.id, name: message.service.name },
      sla: { id: message.sla.id, name: message.sla.name },
      objective: { key: message.objective.key, name: message.objective.name },
      reason: message.reason,
      reasonText: message.reasonText,
      seeing: message.seeing,
      doing: message.doing,
      next: message.next,
      nextUpdateAt:
        message.nextUpdateAtMs === undefined
          ? null
          : new Date(message.nextUpdateAtMs).toISOString(),
    },
  };
}
