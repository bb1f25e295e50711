// What a notification says and to whom, before any channel formats it. Channels render these
// facts with logic-less templates (src/domain/templates/) and send them (src/notify/).

import type { Reason } from './objective-state.js';

export type Audience = 'client' | 'team';

export type Role = 'on-call' | 'product-owner' | 'tech-lead' | 'communicator';

export type ChannelKind = 'email' | 'webhook' | 'slack' | 'teams' | 'pagerduty';

/** Events a notification can be about. */
export type NotificationEvent =
  | 'early-warning'
  | 'breach'
  | 'recovered'
  | 'breach-avoided'
  | 'resolved'
  /** A client update during an incident (keeps the promise of W). */
  | 'update'
  /** A protocol reminder or escalation to the team: notice due, update due, postmortem overdue. */
  | 'reminder'
  | 'test';

/** Anything that reveals a secret only on request (src/config's Secret implements it). */
export interface SecretValue {
  reveal(): string;
}

export interface NotificationMessage {
  event: NotificationEvent;
  audience: Audience;
  /** Stable per objective and episode: PagerDuty dedup_key, webhook grouping, ordering. */
  incidentKey: string;
  occurredAtMs: number;
  client: { id: string; name: string };
  service: { id: string; name: string };
  sla: { id: string; name: string };
  objective: { key: string; name: string };
  /** The reason with its numbers, and one sentence for people. */
  reason: Reason;
  reasonText: string;
  /** Client notices follow "We are seeing X. We are doing Y. We will tell you Z by W." */
  seeing: string;
  doing: string;
  next: string;
  /** W: when the next update is promised (client notices during a breach). */
  nextUpdateAtMs?: number;
}

/** Where one channel delivers: configured endpoints, with secrets kept as SecretValue. */
export type EndpointDef =
  | {
      kind: 'email';
      id: string;
      smtp: {
        host: string;
        port: number;
        secure: boolean;
        user?: string;
        password?: SecretValue;
        from: string;
      };
    }
  | { kind: 'webhook'; id: string; url: SecretValue; signingSecret: SecretValue }
  | { kind: 'slack'; id: string; url: SecretValue }
  | { kind: 'teams'; id: string; url: SecretValue }
  | { kind: 'pagerduty'; id: string; routingKey: SecretValue; url: string };
