// Test data: a breach notice with fixed facts; each test overrides what it needs.

import type { DeliveryRequest } from '../../app/delivery.js';
import type { EndpointDef, NotificationMessage, SecretValue } from '../../domain/notification.js';

export function buildMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    event: 'breach',
    audience: 'team',
    incidentKey: 'acme/checkout-latency/2026-03-01T11:58:00Z',
    occurredAtMs: Date.parse('2026-03-01T12:00:00Z'),
    client: { id: 'acme', name: 'Acme Corp' },
    service: { id: 'checkout', name: 'Checkout API' },
    sla: { id: 'acme-gold', name: 'Acme Gold SLA' },
    objective: { key: 'checkout-latency', name: 'p99 latency under 800 ms' },
    reason: {
      kind: 'threshold-crossed',
      observed: 912,
      threshold: 800,
      comparator: '<=',
      measurementWindowMs: 300_000,
    },
    reasonText: 'observed 912 ms breaks <= 800 ms over 5m',
    seeing: 'slow checkout responses (p99 912 ms)',
    doing: 'a rollback of the 11:50 deploy',
    next: 'how it went',
    nextUpdateAtMs: Date.parse('2026-03-01T12:30:00Z'),
    ...overrides,
  };
}

/** A SecretValue that, like config's Secret, prints as <secret> everywhere except reveal(). */
export function testSecret(value: string): SecretValue {
  return {
    reveal: () => value,
    toString: () => '<secret>',
    toJSON: () => '<secret>',
  } as SecretValue;
}

export function buildRequest(
  endpoint: EndpointDef,
  overrides: Partial<DeliveryRequest> = {},
): DeliveryRequest {
  return {
    notificationId: 'n-1',
    idempotencyKey: 'ntf_01HZX3K9V2M4Q8R6T0Y7W5E1AB',
    attempt: 1,
    message: buildMessage(),
    endpoint,
    ...overrides,
  };
}
