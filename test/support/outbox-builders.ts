import type { OutboxEntry } from '../../src/app/ports.js';
import type { NotificationMessage } from '../../src/domain/notification.js';

const T0 = 1_795_737_600_000;

const message: NotificationMessage = {
  event: 'breach',
  audience: 'client',
  incidentKey: 'acme-submissions/latency@1795737600000',
  occurredAtMs: T0,
  client: { id: 'acme', name: 'Acme Corp' },
  service: { id: 'submissions', name: 'Submissions API' },
  sla: { id: 'acme-submissions', name: 'Acme submissions' },
  objective: { key: 'acme-submissions/latency', name: 'p95 latency' },
  reason: {
    kind: 'threshold-crossed',
    observed: 900,
    threshold: 800,
    comparator: '<=',
    measurementWindowMs: 300_000,
  },
  reasonText: 'observed 900 ms breaks <= 800 ms over 5m',
  seeing: 'slower responses',
  doing: 'investigating',
  next: 'what we found',
  nextUpdateAtMs: T0 + 1_800_000,
};

export const anOutboxEntry = (o: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'n-1',
  dedupKey: 'd-1',
  incidentKey: message.incidentKey,
  endpointId: 'acme-mail',
  address: 'ops@acme.example',
  audience: 'client',
  priority: 0,
  message,
  createdAtMs: T0,
  ...o,
});
