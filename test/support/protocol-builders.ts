// Definitions for breach-protocol tests: a client with a contact, a service whose four roles
// are held by people with e-mail addresses, one latency SLA with a fee and cloud-style tiers.

import type { Definitions } from '../../src/domain/definitions.js';
import { aClient, aContract, aThresholdObjective, anSla, someDefinitions } from './builders.js';

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
