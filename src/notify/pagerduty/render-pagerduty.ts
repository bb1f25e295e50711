// PagerDuty Events API v2 (developer.pagerduty.com/docs/events-api-v2/trigger-events). The
// routing key is added by the send step, so a rendered event can be logged as is.

import { createHash } from 'node:crypto';
import type { NotificationMessage } from '../../domain/notification.js';
import { escapePlain } from '../../domain/templates/escapers.js';
import { renderNotification } from '../../domain/templates/render-notification.js';
import { truncateEscaped } from '../truncate-text.js';

// Limits from the Events API v2 reference: summary 1024 characters, dedup_key 255.
const SUMMARY_MAX_CHARS = 1024;
const DEDUP_KEY_MAX_CHARS = 255;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export type PagerDutyEvent =
  | {
      event_action: 'trigger';
      dedup_key: string;
      client: 'Forewarn';
      payload: {
        summary: string;
        source: string;
        severity: PagerDutySeverity;
        timestamp: string;
        component: string;
        group: string;
        class: string;
        custom_details: Record<string, unknown>;
      };
    }
  | { event_action: 'resolve'; dedup_key: string };

const ACTION_BY_EVENT: Record<NotificationMessage['event'], 'trigger' | 'resolve'> = {
  breach: 'trigger',
  'early-warning': 'trigger',
  // A test from the settings page should be seen, so it opens an info-level incident.
  test: 'trigger',
  // Same dedup_key: PagerDuty adds these to the open incident.
  update: 'trigger',
  reminder: 'trigger',
  recovered: 'resolve',
  resolved: 'resolve',
  'breach-avoided': 'resolve',
};

const SEVERITY_BY_EVENT: Partial<Record<NotificationMessage['event'], PagerDutySeverity>> = {
  breach: 'critical',
  'early-warning': 'warning',
  update: 'critical',
  reminder: 'warning',
  test: 'info',
};

export function renderPagerDuty(message: NotificationMessage): PagerDutyEvent {
  const dedupKey = pagerDutyDedupKey(message.incidentKey);
  if (ACTION_BY_EVENT[message.event] === 'resolve') {
    return { event_action: 'resolve', dedup_key: dedupKey };
  }
  const { subject } = renderNotification(message, 'plain');
  return {
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'Forewarn',
    payload: {
      summary: truncateEscaped(subject, SUMMARY_MAX_CHARS),
      source: escapePlain(message.service.name),
      severity: SEVERITY_BY_EVENT[message.event] ?? 'info',
      timestamp: new Date(message.occurredAtMs).toISOString(),
      component: escapePlain(message.objective.name),
      group: escapePlain(message.client.name),
      class: message.reason.kind,
      custom_details: {
        client: message.client,
        service: message.service,
        sla: message.sla,
        objective: message.objective,
        reason: message.reason,
        reason_text: message.reasonText,
        seeing: message.seeing,
        doing: message.doing,
        next: message.next,
        ...(message.nextUpdateAtMs === undefined
          ? {}
          : { next_update_at: new Date(message.nextUpdateAtMs).toISOString() }),
      },
    },
  };
}

/** The incident key itself when it fits; otherwise a digest, still stable per incident. */
export function pagerDutyDedupKey(incidentKey: string): string {
  if (incidentKey.length <= DEDUP_KEY_MAX_CHARS) return incidentKey;
  return `forewarn-${createHash('sha256').update(incidentKey).digest('hex')}`;
}
