// The outbox part of the store contract, run on every database by the *-store.test.ts files.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { anOutboxEntry } from '../../test/support/outbox-builders.js';

const T0 = 1_795_737_600_000;
const message = anOutboxEntry().message;

export function describeOutboxContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the outbox`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });
    afterEach(async () => store.close());

    it('queues notifications with the transitions that caused them, in one transaction', async () => {
      await store.recordTransitions(
        [
          {
            objectiveKey: 'acme-submissions/latency',
            atMs: T0,
            from: 'ok',
            to: 'breach',
            reason: message.reason,
          },
        ],
        [
          {
            objectiveKey: 'acme-submissions/latency',
            state: { status: 'breach', sinceMs: T0, reason: message.reason },
          },
        ],
        [
          anOutboxEntry(),
          anOutboxEntry({
            id: 'n-2',
            dedupKey: 'd-2',
            priority: 1,
            audience: 'team',
            role: 'tech-lead',
            personId: 'erin',
          }),
        ],
      );
      const pending = await store.listPendingNotifications(10);
      expect(pending.map((p) => [p.id, p.status, p.attempts, p.priority])).toEqual([
        ['n-1', 'pending', 0, 0],
        ['n-2', 'pending', 0, 1],
      ]);
      expect(pending[0]!.message).toEqual(message);
      expect(pending[1]).toMatchObject({ role: 'tech-lead', personId: 'erin', audience: 'team' });
    });

    it('never queues the same planned notification twice', async () => {
      expect(await store.enqueueNotifications([anOutboxEntry()])).toBe(1);
      expect(await store.enqueueNotifications([anOutboxEntry({ id: 'n-9' })])).toBe(0);
      expect(await store.listPendingNotifications(10)).toHaveLength(1);
    });

    it('records attempts with the new status, and keeps them in order', async () => {
      await store.enqueueNotifications([anOutboxEntry()]);
      await store.recordDeliveryAttempt(
        {
          notificationId: 'n-1',
          attempt: 1,
          startedAtMs: T0,
          durationMs: 12,
          ok: false,
          status: 503,
          reason: 'HTTP 503',
        },
        {
          status: 'pending',
          nextAttemptAtMs: T0 + 5000,
          lastError: 'HTTP 503',
          deliveredAtMs: null,
        },
      );
      await store.recordDeliveryAttempt(
        {
          notificationId: 'n-1',
          attempt: 2,
          startedAtMs: T0 + 5000,
          durationMs: 8,
          ok: true,
          status: 200,
          reason: null,
        },
        {
          status: 'delivered',
          nextAttemptAtMs: T0 + 5000,
          lastError: null,
          deliveredAtMs: T0 + 5008,
        },
      );
      const got = await store.getNotification('n-1');
      expect(got?.record).toMatchObject({
        status: 'delivered',
        attempts: 2,
        deliveredAtMs: T0 + 5008,
      });
      expect(got?.attempts.map((a) => [a.attempt, a.ok, a.status])).toEqual([
        [1, false, 503],
        [2, true, 200],
      ]);
      expect(await store.listPendingNotifications(10)).toEqual([]);
      expect(await store.getNotification('missing')).toBeUndefined();
    });

    it('requeues only dead notifications', async () => {
      await store.enqueueNotifications([anOutboxEntry()]);
      expect(await store.requeueNotification('n-1', T0)).toBe(false);
      await store.recordDeliveryAttempt(
        {
          notificationId: 'n-1',
          attempt: 1,
          startedAtMs: T0,
          durationMs: 1,
          ok: false,
          status: 404,
          reason: 'HTTP 404',
        },
        { status: 'dead', nextAttemptAtMs: T0, lastError: 'HTTP 404', deliveredAtMs: null },
      );
      expect(
        (await store.listNotifications({ status: 'dead', limit: 10 })).map((n) => n.id),
      ).toEqual(['n-1']);
      expect(await store.requeueNotification('n-1', T0 + 10)).toBe(true);
      expect((await store.listPendingNotifications(10))[0]).toMatchObject({
        status: 'pending',
        nextAttemptAtMs: T0 + 10,
      });
    });

    it('acknowledges every notification of an incident once', async () => {
      await store.enqueueNotifications([
        anOutboxEntry(),
        anOutboxEntry({ id: 'n-2', dedupKey: 'd-2' }),
      ]);
      expect(await store.acknowledgeIncident(message.incidentKey, 'erin', T0 + 60_000)).toBe(2);
      expect(await store.acknowledgeIncident(message.incidentKey, 'dana', T0 + 90_000)).toBe(0);
      const [n] = await store.listNotifications({ incidentKey: message.incidentKey, limit: 1 });
      expect(n).toMatchObject({ ackedBy: 'erin', ackedAtMs: T0 + 60_000 });
    });
  });
}
