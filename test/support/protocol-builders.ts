// Definitions for breach-protocol tests: a client with a contact, a service whose four roles
// are held by people with e-mail addresses, one latency SLA with a fee and cloud-style tiers.

import type { Definitions } from '../../src/domain/definitions.js';
import type { Harness } from './harness.js';
import {
  aClient,
  aContract,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from './builders.js';

export function protocolDefinitions(contract = aContract()): Definitions {
  const mail = (address: string) => [{ endpointId: 'mail', address }];
  return someDefinitions({
    clients: [
      aClient({ contacts: [{ name: 'Acme ops', contactPoints: mail('ops@acme.example') }] }),
    ],
    services: [
      {
        id: 'submissions',
        name: 'Submissions API',
        roles: {
          'on-call': { personId: 'alice' },
          'product-owner': { personId: 'dana' },
          'tech-lead': { personId: 'erin' },
          communicator: { personId: 'frank' },
        },
      },
    ],
    people: [
      { id: 'alice', name: 'Alice', contactPoints: mail('alice@team.example') },
      { id: 'dana', name: 'Dana', contactPoints: mail('dana@team.example') },
      { id: 'erin', name: 'Erin', contactPoints: mail('erin@team.example') },
      { id: 'frank', name: 'Frank', contactPoints: mail('frank@team.example') },
    ],
    endpoints: [
      {
        kind: 'email',
        id: 'mail',
        smtp: { host: 'smtp.example', port: 25, secure: false, from: 'forewarn@team.example' },
      },
    ],
    slas: [
      anSla([aThresholdObjective()], {
        contract: {
          ...contract,
          monthlyFee: { amount: 2000, currency: 'EUR' },
          creditTiers: [
            { belowPercent: 99.99, creditPercent: 10 },
            { belowPercent: 99, creditPercent: 25 },
            { belowPercent: 95, creditPercent: 100 },
          ],
        },
      }),
    ],
  });
}

/**
 * Latency traffic every 10 s from `startMs` for `minutes`: p95 400 ms for two minutes, then
 * `p95Ms` (700: an early warning; 1000: a breach a few minutes later). Ticks the evaluator and
 * the protocol after each push.
 */
export async function driveLatency(h: Harness, startMs: number, p95Ms: number, minutes: number) {
  for (let t = 0; t <= minutes * MINUTE_MS; t += 10_000) {
    h.clock.set(startMs + t);
    const p95 = t < 2 * MINUTE_MS ? 400 : p95Ms;
    await h.push(
      Array.from({ length: 20 }, (_, i) => ({ sli: 'latency', value: (p95 * (10 + i)) / 29 })),
    );
    await h.tick();
    await h.protocol();
  }
}
