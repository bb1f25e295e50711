// Test data for routing: the Submissions API team, its rotation and roles, and Acme's contacts.

import {
  aContract,
  aLatencySli,
  anSla,
  aRatioSli,
  aThresholdObjective,
  aBudgetObjective,
  someDefinitions,
} from '../../../../test/support/builders.js';
import type { Definitions, PersonDef, ServiceDef } from '../../definitions.js';
import type { EndpointDef, SecretValue } from '../../notification.js';
import type { Transition } from '../../objective-state.js';

const secret = (value: string): SecretValue => ({ reveal: () => value });

export const ENDPOINTS: EndpointDef[] = [
  {
    kind: 'email',
    id: 'team-mail',
    smtp: { host: 'smtp.example.com', port: 587, secure: false, from: 'forewarn@example.com' },
  },
  { kind: 'slack', id: 'team-slack', url: secret('https://hooks.slack.example/T/B/x') },
  {
    kind: 'webhook',
    id: 'client-hooks',
    url: secret('https://hooks.acme.example/forewarn'),
    signingSecret: secret('whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0'),
  },
];

const mail = (id: string) => ({ endpointId: 'team-mail', address: `${id}@example.com` });

export const PEOPLE: PersonDef[] = [
  { id: 'alice', name: 'Alice', contactPoints: [mail('alice'), { endpointId: 'team-slack' }] },
  { id: 'bob', name: 'Bob', contactPoints: [mail('bob')] },
  { id: 'dana', name: 'Dana', contactPoints: [mail('dana')] },
  { id: 'erin', name: 'Erin', contactPoints: [mail('erin')] },
  { id: 'frank', name: 'Frank', contactPoints: [{ endpointId: 'team-slack' }] },
];

export const SUBMISSIONS: ServiceDef = {
  id: 'submissions',
  name: 'Submissions API',
  roles: {
    'on-call': { rotationId: 'submissions-on-call' },
    'product-owner': { personId: 'dana' },
    'tech-lead': { personId: 'erin' },
    communicator: { personId: 'frank' },
  },
};

/** Tuesday of alice's first week on call. */
export const NOW_MS = Date.parse('2026-11-03T10:02:00Z');
export const EPISODE_START_MS = Date.parse('2026-11-03T09:58:00Z');

export function routingDefinitions(o: Partial<Definitions> = {}): Definitions {
  return someDefinitions({
    clients: [
      {
        id: 'acme',
        name: 'Acme Corp',
        timeZone: 'Europe/Berlin',
        contacts: [
          {
            name: 'Acme ops',
            contactPoints: [
              { endpointId: 'team-mail', address: 'ops@acme.example' },
              { endpointId: 'client-hooks' },
            ],
          },
        ],
      },
    ],
    services: [SUBMISSIONS],
    slis: [aRatioSli(), aLatencySli()],
    slas: [anSla([aThresholdObjective(), aBudgetObjective()], { contract: aContract() })],
    people: PEOPLE,
    rotations: [
      {
        id: 'submissions-on-call',
        memberIds: ['alice', 'bob'],
        handoffWeekday: 1,
        handoffMinuteOfDay: 9 * 60,
        timeZone: 'Europe/Berlin',
        startsAtMs: Date.parse('2026-11-02T09:00:00+01:00'),
        overrides: [],
      },
    ],
    endpoints: ENDPOINTS,
    ...o,
  });
}

export const LATENCY_KEY = 'acme-submissions/latency';
export const AVAILABILITY_KEY = 'acme-submissions/availability';

export const latencyBreach = (o: Partial<Transition> = {}): Transition => ({
  objectiveKey: LATENCY_KEY,
  atMs: NOW_MS,
  from: 'early-warning',
  to: 'breach',
  reason: {
    kind: 'threshold-crossed',
    observed: 804.2,
    threshold: 800,
    comparator: '<=',
    measurementWindowMs: 300_000,
  },
  ...o,
});

export const latencyWarning = (o: Partial<Transition> = {}): Transition => ({
  objectiveKey: LATENCY_KEY,
  atMs: NOW_MS,
  from: 'ok',
  to: 'early-warning',
  reason: {
    kind: 'fraction-of-threshold',
    observed: 680,
    threshold: 800,
    enterAt: 640,
    fractionOfThreshold: 0.85,
  },
  ...o,
});

export const latencyRecovered = (o: Partial<Transition> = {}): Transition => ({
  objectiveKey: LATENCY_KEY,
  atMs: NOW_MS + 29 * 60_000,
  from: 'breach',
  to: 'recovered',
  reason: { kind: 'recovering', withinSinceMs: NOW_MS + 29 * 60_000, recoveryPeriodMs: 600_000 },
  ...o,
});

export const latencyResolved = (o: Partial<Transition> = {}): Transition => ({
  objectiveKey: LATENCY_KEY,
  atMs: NOW_MS + 39 * 60_000,
  from: 'recovered',
  to: 'ok',
  reason: {
    kind: 'recovery-complete',
    withinSinceMs: NOW_MS + 29 * 60_000,
    recoveryPeriodMs: 600_000,
  },
  ...o,
});

export const warningCleared = (o: Partial<Transition> = {}): Transition => ({
  objectiveKey: LATENCY_KEY,
  atMs: NOW_MS + 10 * 60_000,
  from: 'early-warning',
  to: 'ok',
  reason: { kind: 'warning-cleared', clearSinceMs: NOW_MS + 5 * 60_000, clearAfterMs: 300_000 },
  ...o,
});
