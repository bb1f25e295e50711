import { describe, expect, it } from 'vitest';
import { aContract, anSla, aThresholdObjective } from '../../../test/support/builders.js';
import type { Transition } from '../objective-state.js';
import { planNotifications } from './plan-notifications.js';
import type { PlannedNotification } from './plan-notifications.js';
import {
  EPISODE_START_MS,
  latencyBreach,
  latencyRecovered,
  latencyResolved,
  latencyWarning,
  NOW_MS,
  PEOPLE,
  routingDefinitions,
  SUBMISSIONS,
  warningCleared,
} from './test-support/routing-definitions.js';

const plan = (transition: Transition, defs = routingDefinitions()) =>
  planNotifications({ transition, episodeStartMs: EPISODE_START_MS, defs, nowMs: NOW_MS });

/** audience · who · endpoint[/address] · priority · event */
const rows = (planned: PlannedNotification[]) =>
  planned.map((p) =>
    [
      p.audience,
      p.role ?? p.contactName,
      p.personId ?? '-',
      p.address === undefined ? p.endpointId : `${p.endpointId}/${p.address}`,
      p.priority,
      p.message.event,
    ].join(' · '),
  );

describe('planNotifications: the routing matrix', () => {
  it.each<[string, Transition, string[]]>([
    [
      'ok → early-warning tells on-call and the product owner',
      latencyWarning(),
      [
        'team · on-call · alice · team-mail/alice@example.com · 1 · early-warning',
        'team · on-call · alice · team-slack · 1 · early-warning',
        'team · product-owner · dana · team-mail/dana@example.com · 1 · early-warning',
      ],
    ],
    [
      'early-warning → breach tells the client first, then tech lead, PO, communicator and on-call',
      latencyBreach(),
      [
        'client · Acme ops · - · team-mail/ops@acme.example · 0 · breach',
        'client · Acme ops · - · client-hooks · 0 · breach',
        'team · tech-lead · erin · team-mail/erin@example.com · 1 · breach',
        'team · product-owner · dana · team-mail/dana@example.com · 1 · breach',
        'team · communicator · frank · team-slack · 1 · breach',
        // alice's Slack is the channel frank's post already goes to.
        'team · on-call · alice · team-mail/alice@example.com · 1 · breach',
      ],
    ],
    [
      'ok → breach (no warning first) is the same breach protocol',
      latencyBreach({ from: 'ok' }),
      [
        'client · Acme ops · - · team-mail/ops@acme.example · 0 · breach',
        'client · Acme ops · - · client-hooks · 0 · breach',
        'team · tech-lead · erin · team-mail/erin@example.com · 1 · breach',
        'team · product-owner · dana · team-mail/dana@example.com · 1 · breach',
        'team · communicator · frank · team-slack · 1 · breach',
        'team · on-call · alice · team-mail/alice@example.com · 1 · breach',
      ],
    ],
    [
      'recovered → breach again tells the team only: the client still has the first notice',
      latencyBreach({ from: 'recovered' }),
      [
        'team · tech-lead · erin · team-mail/erin@example.com · 1 · breach',
        'team · product-owner · dana · team-mail/dana@example.com · 1 · breach',
        'team · communicator · frank · team-slack · 1 · breach',
        'team · on-call · alice · team-mail/alice@example.com · 1 · breach',
      ],
    ],
    [
      'breach → recovered tells tech lead, PO and communicator',
      latencyRecovered(),
      [
        'team · tech-lead · erin · team-mail/erin@example.com · 1 · recovered',
        'team · product-owner · dana · team-mail/dana@example.com · 1 · recovered',
        'team · communicator · frank · team-slack · 1 · recovered',
      ],
    ],
    [
      'recovered → ok sends nothing here: the client hears "resolved" when a person resolves the incident',
      latencyResolved(),
      [],
    ],
    [
      'early-warning → ok tells on-call and PO the breach was avoided',
      warningCleared(),
      [
        'team · on-call · alice · team-mail/alice@example.com · 1 · breach-avoided',
        'team · on-call · alice · team-slack · 1 · breach-avoided',
        'team · product-owner · dana · team-mail/dana@example.com · 1 · breach-avoided',
      ],
    ],
  ])('%s', (_, transition, expected) => {
    expect(rows(plan(transition))).toEqual(expected);
  });

  it('tells whoever is on call at the time: bob in the second week', () => {
    const nextWeek = NOW_MS + 7 * 86_400_000;
    const planned = planNotifications({
      transition: latencyWarning({ atMs: nextWeek }),
      episodeStartMs: nextWeek,
      defs: routingDefinitions(),
      nowMs: nextWeek,
    });
    expect(planned.map((p) => p.personId)).toEqual(['bob', 'dana']);
  });
});

describe('planNotifications: the client hears first', () => {
  it('puts every priority-0 client notice before any team notification', () => {
    const planned = plan(latencyBreach());
    const firstTeam = planned.findIndex((p) => p.priority === 1);
    const lastClient = planned.map((p) => p.priority).lastIndexOf(0);
    expect(lastClient).toBeGreaterThanOrEqual(0);
    expect(lastClient).toBeLessThan(firstTeam);
    expect(planned.filter((p) => p.audience === 'client').every((p) => p.priority === 0)).toBe(
      true,
    );
  });

  it('sends no automatic client breach notice when the contract turns it off', () => {
    const defs = routingDefinitions({
      slas: [anSla([aThresholdObjective()], { contract: aContract({ autoNotice: false }) })],
    });
    const planned = plan(latencyBreach(), defs);
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((p) => p.audience === 'team')).toBe(true);
  });
});

describe('planNotifications: one message per person and contact point', () => {
  it('lists a person holding several roles once, under the first role in order', () => {
    const defs = routingDefinitions({
      services: [
        {
          ...SUBMISSIONS,
          roles: {
            'on-call': { personId: 'erin' },
            'product-owner': { personId: 'erin' },
            'tech-lead': { personId: 'erin' },
            communicator: { personId: 'dana' },
          },
        },
      ],
    });
    expect(rows(plan(latencyBreach(), defs)).filter((r) => r.startsWith('team'))).toEqual([
      'team · tech-lead · erin · team-mail/erin@example.com · 1 · breach',
      'team · communicator · dana · team-mail/dana@example.com · 1 · breach',
    ]);
  });

  it('gives every entry a dedup key of incident, transition, event, audience and contact point', () => {
    const planned = plan(latencyBreach());
    expect(planned[0]?.dedupKey).toBe(
      `acme-submissions/latency@${EPISODE_START_MS}|${NOW_MS}|breach|client|team-mail|ops@acme.example`,
    );
    expect(new Set(planned.map((p) => p.dedupKey)).size).toBe(planned.length);
    expect(plan(latencyBreach()).map((p) => p.dedupKey)).toEqual(planned.map((p) => p.dedupKey));
  });

  it('names the incident by objective and episode start in every message', () => {
    for (const p of plan(latencyBreach())) {
      expect(p.message.incidentKey).toBe(`acme-submissions/latency@${EPISODE_START_MS}`);
    }
  });

  it('skips a role whose holder is not a known person', () => {
    const defs = routingDefinitions({ people: PEOPLE.filter((p) => p.id !== 'dana') });
    expect(plan(latencyWarning(), defs).map((p) => p.role)).toEqual(['on-call', 'on-call']);
  });
});

describe('planNotifications: nothing to plan', () => {
  it.each<[string, Transition, ReturnType<typeof routingDefinitions>]>([
    ['an unknown objective', latencyBreach({ objectiveKey: 'nope/latency' }), routingDefinitions()],
    ['an SLA whose service is missing', latencyBreach(), routingDefinitions({ services: [] })],
    ['an SLA whose client is missing', latencyBreach(), routingDefinitions({ clients: [] })],
    ['an objective whose SLI is missing', latencyBreach(), routingDefinitions({ slis: [] })],
    [
      'a transition the protocol sends nothing for (recovered → recovered)',
      latencyRecovered({ from: 'recovered' }),
      routingDefinitions(),
    ],
  ])('for %s', (_, transition, defs) => {
    expect(plan(transition, defs)).toEqual([]);
  });
});
