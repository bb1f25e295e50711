// Test data for the protocol: a resolved Submissions API incident as it would really be recorded.
// Acme was told 8 minutes after its breach; Globex, whose objective breached 3 minutes later,
// reported the problem first and was told late. The feature flag failed, the rollback worked.

import type {
  Commitment,
  Incident,
  IncidentClient,
  IncidentObjective,
  LeverRecord,
  NoticeRecord,
  Postmortem,
  TimelineEntry,
} from '../case-files.js';
import { incidentSubject, watchSubject } from '../case-files.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** 2026-11-27 at hh:mm UTC. */
export const at = (hh: number, mm: number): number => Date.UTC(2026, 10, 27, hh, mm);

export const DETECTED_AT_MS = at(9, 0);
/** When the postmortem is read: after its due time, with one commitment overdue. */
export const NOW_MS = Date.UTC(2026, 11, 3, 12, 0);

export const INCIDENT_ID = 'submissions-20261127T090000Z';
export const WATCH_ID = 'w-acme-submissions-latency-20261127T085200Z';

export const NAMES = {
  service: 'Submissions API',
  clients: { acme: 'Acme Corp', globex: 'Globex' } as Record<string, string>,
  people: {
    alice: 'Alice',
    bob: 'Bob',
    carol: 'Carol',
    dana: 'Dana',
  } as Record<string, string>,
  objectives: {
    'acme-submissions/latency': { name: 'p95 latency', unit: 'ms' },
    'globex-submissions/availability': { name: 'Availability' },
  } as Record<string, { name: string; unit?: string }>,
};

export function anObjective(overrides: Partial<IncidentObjective> = {}): IncidentObjective {
  return {
    objectiveKey: 'acme-submissions/latency',
    incidentKey: `acme-submissions/latency@${at(8, 52)}`,
    slaId: 'acme-submissions',
    detectedAtMs: DETECTED_AT_MS,
    reason: {
      kind: 'threshold-crossed',
      observed: 1240,
      threshold: 800,
      comparator: '<=',
      measurementWindowMs: 5 * MINUTE_MS,
    },
    status: 'ok',
    statusSinceMs: at(9, 57),
    withinSinceMs: at(9, 27),
    recoveryPeriodMs: 30 * MINUTE_MS,
    ...overrides,
  };
}

const globexObjective = (): IncidentObjective =>
  anObjective({
    objectiveKey: 'globex-submissions/availability',
    incidentKey: `globex-submissions/availability@${at(9, 3)}`,
    slaId: 'globex-submissions',
    detectedAtMs: at(9, 3),
    reason: {
      kind: 'budget-exhausted',
      attainmentRatio: 0.99871,
      objectiveRatio: 0.999,
      budgetRemainingRatio: 0,
    },
    statusSinceMs: at(9, 59),
    withinSinceMs: at(9, 29),
  });

export function aClient(overrides: Partial<IncidentClient> = {}): IncidentClient {
  return {
    clientId: 'acme',
    slaIds: ['acme-submissions'],
    noticeDueAtMs: DETECTED_AT_MS + 15 * MINUTE_MS,
    autoSendAtDeadline: false,
    updateCadenceMs: 30 * MINUTE_MS,
    firstNoticeAtMs: at(9, 8),
    nextUpdateDueAtMs: at(10, 36),
    ...overrides,
  };
}

export function aNotice(overrides: Partial<NoticeRecord> = {}): NoticeRecord {
  return {
    id: 'n-acme-1',
    clientId: 'acme',
    kind: 'breach',
    sentAtMs: at(9, 8),
    sentBy: 'carol',
    automatic: false,
    seeing:
      'slower responses from Submissions API: 95th percentile latency at 1240 ms against the agreed 800 ms, since 09:00 UTC',
    doing: 'an investigation of the cause, and work to restore normal service',
    next: 'what we have found and the expected time to recovery',
    nextUpdateAtMs: at(9, 38),
    notificationIds: ['o-1'],
    ...overrides,
  };
}

const NOTICES: NoticeRecord[] = [
  aNotice(),
  aNotice({
    id: 'n-globex-1',
    clientId: 'globex',
    sentAtMs: at(9, 20),
    seeing:
      'more failures from Submissions API: successful submissions at 99.871 % this month against the agreed 99.9 %, since 09:03 UTC',
    doing: 'a switch-off of the feature behind the problem',
    nextUpdateAtMs: at(9, 50),
    notificationIds: ['o-2', 'o-3'],
  }),
  aNotice({
    id: 'n-acme-2',
    kind: 'update',
    sentAtMs: at(9, 36),
    doing: 'a rollback of the latest deployment',
    next: 'whether service stays normal, and what caused the problem',
    nextUpdateAtMs: at(10, 6),
    notificationIds: ['o-4'],
  }),
  aNotice({
    id: 'n-acme-3',
    kind: 'resolution',
    sentAtMs: at(10, 6),
    seeing: 'normal service from Submissions API again since 09:27 UTC',
    doing: 'close monitoring to make sure it stays that way',
    next: 'what caused the problem and what we are changing to prevent it',
    nextUpdateAtMs: Date.UTC(2026, 11, 2, 10, 5),
    notificationIds: ['o-5'],
  }),
  aNotice({
    id: 'n-globex-2',
    clientId: 'globex',
    kind: 'resolution',
    sentAtMs: at(10, 6),
    seeing: 'normal service from Submissions API again since 09:29 UTC',
    doing: 'close monitoring to make sure it stays that way',
    next: 'what caused the problem and what we are changing to prevent it',
    nextUpdateAtMs: Date.UTC(2026, 11, 2, 10, 5),
    notificationIds: ['o-6'],
  }),
];

export function aLever(overrides: Partial<LeverRecord> = {}): LeverRecord {
  return {
    lever: 'feature-flag',
    outcome: 'failed',
    by: 'bob',
    atMs: at(9, 12),
    note: 'New submission validator switched off; latency did not change',
    action: { ok: true, status: 200, durationMs: 310, reason: null },
    ...overrides,
  };
}

const LEVER_RECORDS: LeverRecord[] = [
  aLever(),
  aLever({
    lever: 'deploy-rollback',
    outcome: 'worked',
    atMs: at(9, 25),
    note: 'Rolled back release 2026.11.27-1 to 2026.11.26-3',
    action: { ok: true, status: 202, durationMs: 1400, reason: null },
  }),
];

export function aCommitment(overrides: Partial<Commitment> = {}): Commitment {
  return {
    id: 'c-1',
    title: 'Add an index on submissions(created_at) and a migration check in CI',
    owner: 'alice',
    dueAtMs: Date.UTC(2026, 11, 10),
    status: 'open',
    ...overrides,
  };
}

export function aPostmortem(overrides: Partial<Postmortem> = {}): Postmortem {
  return {
    openedAtMs: at(10, 5),
    dueAtMs: Date.UTC(2026, 11, 2, 10, 5),
    status: 'draft',
    summary:
      'For 29 minutes submissions were slow for Acme and failed more often than agreed for Globex.',
    rootCause:
      'Release 2026.11.27-1 ran a query without an index on every submission once traffic passed 40 requests per second.',
    whatHappened:
      'The release went out at 08:40 UTC. Latency rose from 08:50 UTC and breached at 09:00 UTC.\nThe feature flag did not help; the rollback at 09:25 UTC did.',
    lessons: 'Load tests did not cover the new query path.',
    commitments: [
      aCommitment(),
      aCommitment({
        id: 'c-2',
        title: 'Load-test every release against last month’s peak traffic',
        owner: 'dana',
        dueAtMs: Date.UTC(2026, 10, 30),
      }),
      aCommitment({
        id: 'c-3',
        title: 'Alert on query plans that scan submissions',
        owner: 'bob',
        dueAtMs: Date.UTC(2026, 11, 1),
        status: 'done',
        doneAtMs: Date.UTC(2026, 10, 30, 15, 0),
        doneBy: 'bob',
      }),
    ],
    ...overrides,
  };
}

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: INCIDENT_ID,
    version: 14,
    serviceId: 'submissions',
    title: 'Submissions API: p95 latency breached',
    status: 'resolved',
    watchId: WATCH_ID,
    detectedAtMs: DETECTED_AT_MS,
    objectives: [anObjective(), globexObjective()],
    roles: {
      'tech-lead': 'alice',
      'on-call': 'bob',
      communicator: 'carol',
      'product-owner': 'dana',
    },
    stages: {
      detect: { doneAtMs: DETECTED_AT_MS, doneBy: 'forewarn' },
      contain: { doneAtMs: at(9, 25), doneBy: 'bob' },
      communicate: { doneAtMs: at(9, 8), doneBy: 'carol' },
      resolve: { doneAtMs: at(10, 5), doneBy: 'alice' },
      postmortem: {},
      'make-right': {},
    },
    clients: [
      aClient(),
      aClient({
        clientId: 'globex',
        slaIds: ['globex-submissions'],
        noticeDueAtMs: at(9, 18),
        firstNoticeAtMs: at(9, 20),
        clientReportedAtMs: at(9, 10),
        nextUpdateDueAtMs: at(9, 50),
      }),
    ],
    notices: NOTICES,
    levers: LEVER_RECORDS,
    acknowledged: { by: 'bob', atMs: at(9, 2) },
    resolution: {
      atMs: at(10, 5),
      by: 'alice',
      rootCause: 'A query without an index in release 2026.11.27-1',
      fix: 'Rolled back to 2026.11.26-3; the index ships with the next release',
    },
    postmortem: aPostmortem(),
    makeRight: { creditKeys: [], recoveryCommitments: [] },
    ...overrides,
  };
}

/** The incident's own timeline plus its watch's early warning, as the store returns them. */
export function aTimeline(): TimelineEntry[] {
  const incident = incidentSubject(INCIDENT_ID);
  const entry = (atMs: number, actor: string, kind: string, text: string): TimelineEntry => ({
    subject: incident,
    atMs,
    kind,
    actor,
    text,
  });
  return [
    {
      subject: watchSubject(WATCH_ID),
      atMs: at(8, 52),
      kind: 'early-warning',
      actor: 'forewarn',
      text: 'Early warning: observed 640 ms rising 28 ms/min: 800 ms crossed in ~6m (horizon 30m).',
    },
    entry(
      DETECTED_AT_MS,
      'forewarn',
      'detected',
      'Breach detected: observed 1240 ms breaks <= 800 ms over 5m.',
    ),
    entry(at(9, 2), 'bob', 'acknowledged', 'Acknowledged.'),
    entry(
      at(9, 3),
      'forewarn',
      'joined',
      'Availability (Globex) breached too and joins this incident.',
    ),
    entry(at(9, 8), 'carol', 'notice', 'Client notice sent to Acme Corp.'),
    entry(
      at(9, 10),
      'globex',
      'client-reported',
      'The client reported the problem (email) before we told them: "Submissions fail with 503"',
    ),
    entry(at(9, 12), 'bob', 'lever', 'Feature flag off: failed.'),
    entry(at(9, 20), 'carol', 'notice', 'Client notice sent to Globex.'),
    entry(at(9, 25), 'bob', 'lever', 'Deploy rollback: worked.'),
    entry(at(10, 5), 'alice', 'resolved', 'Resolved.'),
  ];
}
