import { describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aContract,
  aLatencySli,
  anSla,
  aRatioSli,
  aThresholdObjective,
  DAY_MS,
} from '../../../test/support/builders.js';
import type { ObjectiveDef, SliDef } from '../definitions.js';
import type { Audience, NotificationEvent } from '../notification.js';
import type { Reason, Transition } from '../objective-state.js';
import { composeMessage } from './compose-message.js';
import {
  latencyBreach,
  latencyRecovered,
  latencyResolved,
  latencyWarning,
  NOW_MS,
  routingDefinitions,
  SUBMISSIONS,
  warningCleared,
} from './test-support/routing-definitions.js';

const defs = routingDefinitions();
const client = defs.clients[0]!;

function compose(
  event: NotificationEvent,
  audience: Audience,
  transition: Transition,
  objective: ObjectiveDef = aThresholdObjective(),
  sli: SliDef = aLatencySli(),
) {
  return composeMessage({
    event,
    audience,
    transition,
    sla: anSla([objective], { contract: aContract({ updateCadenceMs: 30 * 60_000 }) }),
    service: SUBMISSIONS,
    client,
    objective,
    sli,
    incidentKey: 'acme-submissions/latency@1',
    nowMs: NOW_MS,
  });
}

describe('composeMessage: the first client notice of a breach', () => {
  const message = compose('breach', 'client', latencyBreach());

  it('says X from the breaching SLI in client words, with Y and Z and W one update cadence on', () => {
    expect(message).toMatchObject({
      event: 'breach',
      audience: 'client',
      incidentKey: 'acme-submissions/latency@1',
      occurredAtMs: NOW_MS,
      client: { id: 'acme', name: 'Acme Corp' },
      service: { id: 'submissions', name: 'Submissions API' },
      sla: { id: 'acme-submissions', name: 'Acme submissions' },
      objective: { key: 'acme-submissions/latency', name: 'p95 latency within 800 ms' },
      seeing:
        'slower responses from Submissions API: 95th percentile latency at 804 ms against the agreed 800 ms, since 10:02 UTC',
      doing: 'an investigation of the cause, and work to restore normal service',
      next: 'what we have found and the expected time to recovery',
      nextUpdateAtMs: Date.parse('2026-11-03T10:32:00Z'),
    });
  });

  it('keeps the reason and its sentence with the SLI unit for people who want the numbers', () => {
    expect(message.reason).toEqual(latencyBreach().reason);
    expect(message.reasonText).toBe('observed 804 ms breaks <= 800 ms over 5m');
  });
});

describe('composeMessage: X for each kind of objective', () => {
  const budgetBreach = (attainmentRatio: number, objectiveRatio: number): Transition =>
    latencyBreach({
      reason: {
        kind: 'budget-exhausted',
        attainmentRatio,
        objectiveRatio,
        budgetRemainingRatio: 0,
      },
    });
  const crossed = (observed: number, threshold: number, comparator = '<='): Transition =>
    latencyBreach({
      reason: {
        kind: 'threshold-crossed',
        observed,
        threshold,
        comparator,
        measurementWindowMs: 300_000,
      },
    });

  it.each<[string, Transition, ObjectiveDef, SliDef, string]>([
    [
      'a success ratio under its threshold',
      crossed(0.985, 0.99, '>='),
      aThresholdObjective({
        sliId: 'requests',
        statistic: 'good-ratio',
        comparator: '>=',
        threshold: 0.99,
      }),
      aRatioSli(),
      'more failures from Submissions API: successful submissions at 98.5 % against the agreed 99 %, since 10:02 UTC',
    ],
    [
      'an availability budget over a rolling 30 days',
      budgetBreach(0.99882, 0.999),
      aBudgetObjective(),
      aRatioSli(),
      'more failures from Submissions API: successful submissions at 99.882 % over the last 30 days against the agreed 99.9 %, since 10:02 UTC',
    ],
    [
      'a latency budget counting responses within 250 ms, per calendar month',
      budgetBreach(0.982, 0.99),
      aBudgetObjective({
        sliId: 'latency',
        period: { kind: 'calendar-month' },
        goodWhen: { comparator: '<=', threshold: 250 },
      }),
      aLatencySli(),
      'slower responses from Submissions API: responses within 250 ms at 98.2 % this month against the agreed 99 %, since 10:02 UTC',
    ],
    [
      'a budget of good minutes over 7 days',
      budgetBreach(0.971, 0.98),
      aBudgetObjective({
        sliId: 'latency',
        period: { kind: 'rolling', durationMs: 7 * DAY_MS },
        timeSlice: { sliceMs: 60_000, statistic: 'p90', comparator: '<=', threshold: 400 },
      }),
      aLatencySli(),
      'slower responses from Submissions API: minutes with 90th percentile latency within 400 ms at 97.1 % over the last 7 days against the agreed 98 %, since 10:02 UTC',
    ],
    [
      'a queue depth (no time unit) above its limit',
      crossed(1530.4, 1000),
      aThresholdObjective({ sliId: 'queue', statistic: 'max', threshold: 1000 }),
      aLatencySli({ id: 'queue', name: 'Queue depth', unit: 'jobs' }),
      'higher queue depth from Submissions API: maximum queue depth at 1530 jobs against the agreed 1000 jobs, since 10:02 UTC',
    ],
  ])('%s', (_, transition, objective, sli, seeing) => {
    expect(compose('breach', 'client', transition, objective, sli).seeing).toBe(seeing);
  });
});

describe('composeMessage: other events', () => {
  it.each<[NotificationEvent, Audience, Transition, string, string, string]>([
    [
      'resolved',
      'client',
      latencyResolved(),
      'normal service from Submissions API again since 10:31 UTC',
      'close monitoring to make sure it stays that way',
      'what caused the problem and what we are changing to prevent it',
    ],
    [
      'early-warning',
      'team',
      latencyWarning(),
      '"p95 latency within 800 ms" of Submissions API close to a breach: observed 680 ms is 85 % of the way to the 800 ms threshold (warning from 640 ms), since 10:02 UTC',
      'not breached yet: look for the cause (recent changes, load, dependencies) now',
      'a breach notification if it crosses the agreed limit, or the all-clear',
    ],
    [
      'breach',
      'team',
      latencyBreach(),
      'slower responses from Submissions API: 95th percentile latency at 804 ms against the agreed 800 ms, since 10:02 UTC',
      'an investigation of the cause, and work to restore normal service',
      'what we have found and the expected time to recovery; the client expects an update every 30m',
    ],
    [
      'recovered',
      'team',
      latencyRecovered(),
      '"p95 latency within 800 ms" of Submissions API met again since 10:31 UTC',
      'watching it stay within for 10m before the incident is resolved',
      'the resolution, or a new breach notification',
    ],
    [
      'resolved',
      'team',
      latencyResolved(),
      '"p95 latency within 800 ms" of Submissions API met for 10m since 10:31 UTC: the incident is resolved',
      'closing the incident',
      'the postmortem and any service credit due',
    ],
    [
      'breach-avoided',
      'team',
      warningCleared(),
      '"p95 latency within 800 ms" of Submissions API no longer at risk (no warning condition for 5m: breach avoided)',
      'nothing more is needed',
      'a new notification if it is at risk again',
    ],
  ])('%s to the %s', (event, audience, transition, seeing, doing, next) => {
    const message = compose(event, audience, transition);
    expect([message.seeing, message.doing, message.next]).toEqual([seeing, doing, next]);
    expect(message.nextUpdateAtMs).toBeUndefined();
  });

  it('never puts internal jargon in what a client reads beyond X', () => {
    const reasons: Reason[] = [
      latencyBreach().reason,
      {
        kind: 'burn-rate',
        severity: 'page',
        longWindowMs: 3_600_000,
        shortWindowMs: 300_000,
        longBurnRate: 15,
        shortBurnRate: 20,
        thresholdBurnRate: 14.4,
        budgetRemainingRatio: 0.5,
      },
      {
        kind: 'budget-exhausted',
        attainmentRatio: 0.99,
        objectiveRatio: 0.999,
        budgetRemainingRatio: 0,
      },
    ];
    const events: NotificationEvent[] = [
      'breach',
      'resolved',
      'recovered',
      'early-warning',
      'breach-avoided',
      'test',
    ];
    for (const reason of reasons) {
      for (const event of events) {
        const m = compose(event, 'client', latencyBreach({ reason }));
        const text = `${m.seeing} ${m.doing} ${m.next}`;
        expect(text).not.toMatch(/burn|budget|threshold|p9\d|objective|observed|<=|hysteresis/i);
        expect(text).not.toMatch(/\b(SLI|SLO)\b/);
      }
    }
  });
});
