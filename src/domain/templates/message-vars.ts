// A notification message as template variables.

import type { NotificationMessage } from '../notification.js';
import type { TemplateValue, TemplateVars } from './template-engine.js';

function plainRecord(value: object): TemplateVars {
  const copy: Record<string, TemplateValue> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === '__proto__') continue;
    if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') {
      copy[key] = field;
    }
  }
  return copy;
}

/** The message as template variables: fresh plain objects holding only strings and numbers. */
export function messageVars(message: NotificationMessage): TemplateVars {
  const vars: Record<string, TemplateValue> = {
    event: message.event,
    audience: message.audience,
    incidentKey: message.incidentKey,
    occurredAtMs: message.occurredAtMs,
    client: { id: message.client.id, name: message.client.name },
    service: { id: message.service.id, name: message.service.name },
    sla: { id: message.sla.id, name: message.sla.name },
    objective: { key: message.objective.key, name: message.objective.name },
    reason: plainRecord(message.reason),
    reasonText: message.reasonText,
    seeing: message.seeing,
    doing: message.doing,
    next: message.next,
  };
  if (message.nextUpdateAtMs !== undefined) vars.nextUpdateAtMs = message.nextUpdateAtMs;
  return vars;
}
