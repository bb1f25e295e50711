// "If no one acknowledges a breach page within a set time, the next person in the chain is paged."

import { afterEach, describe, expect, it } from 'vitest';
import { escalateUnacknowledged } from '../../src/app/escalate-unacknowledged.js';
import { acknowledgePage } from '../../src/app/manage-notifications.js';
import { Secret } from '../../src/config/secret.js';
import { aThresholdObjective, anSla, MINUTE_MS, someDefinitions } from '../support/builders.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

async function breached(): Promise<Harness> {
  const harness = await startHarness(
    someDefinitions({
      services: [
        {
          id: 'submissions',
          name: 'Submissions API',
          roles: { 'tech-lead': { personId: 'erin' }, 'product-owner': { personId: 'dana' } },
          escalation: { ackWithinMs: 10 * MINUTE_MS, chain: ['product-owner'] },
        },
      ],
      people: [
        { id: 'erin', name: 'Erin', contactPoints: [{ endpointId: 'team-slack' }] },
        { id: 'dana', name: 'Dana', contactPoints: [{ endpointId: 'pager' }] },
      ],
      endpoints: [
        { kind: 'slack', id: 'team-slack', url: new Secret('https://hooks.example/a') },
        { kind: 'slack', id: 'pager', url: new Secret('https://hooks.example/b') },
      ],
      slas: [anSla([aThresholdObjective()])],
    }),
  );
  await harness.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 950 })));
  await harness.tick();
  return harness;
}

const paged = async (harness: Harness) =>
  (await harness.store.listNotifications({ limit: 50 })).map((n) => n.personId).sort();

describe('escalation of an unacknowledged breach page', () => {
  it('pages the next role after the acknowledgement time, once', async () => {
    h = await breached();
    expect(await paged(h)).toEqual(['dana', 'erin']); // PO and tech lead hear of the breach
    h.clock.advance(9 * MINUTE_MS);
    expect(await escalateUnacknowledged(h.ctx)).toBe(0);
    h.clock.advance(MINUTE_MS);
    expect(await escalateUnacknowledged(h.ctx)).toBe(1);
    expect(await escalateUnacknowledged(h.ctx)).toBe(0);
    const escalation = (await h.store.listNotifications({ limit: 1 }))[0];
    expect(escalation).toMatchObject({
      personId: 'dana',
      role: 'product-owner',
      endpointId: 'pager',
    });
  });

  it('stops once anyone acknowledges', async () => {
    h = await breached();
    const [page] = await h.store.listNotifications({ limit: 1 });
    await acknowledgePage(h.ctx, page!.id, 'erin');
    h.clock.advance(30 * MINUTE_MS);
    expect(await escalateUnacknowledged(h.ctx)).toBe(0);
  });
});
