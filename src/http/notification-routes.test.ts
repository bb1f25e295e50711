import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { anOutboxEntry } from '../../test/support/outbox-builders.js';
import { someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { buildServer } from './build-server.js';

const ADMIN = 'notification-admin-token';
let h: Harness;
let app: FastifyInstance;
beforeEach(async () => {
  h = await startHarness(
    someDefinitions({
      endpoints: [{ kind: 'slack', id: 'team-slack', url: new Secret('https://hooks.example/x') }],
    }),
  );
  app = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN}` },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

describe('the notification API', () => {
  it('shows a notification with its attempts, and answers a missing one with its code', async () => {
    await h.store.enqueueNotifications([anOutboxEntry()]);
    const res = await call('GET', '/api/v1/notifications/n-1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ record: { id: 'n-1', status: 'pending' }, attempts: [] });
    expect((await call('GET', '/api/v1/notifications/nope')).json().error.code).toBe(
      'E_NOTIFICATION_NOT_FOUND',
    );
  });

  it('lists dead letters and retries only those', async () => {
    await h.store.enqueueNotifications([anOutboxEntry()]);
    expect((await call('POST', '/api/v1/notifications/n-1/retry')).statusCode).toBe(409);
    await h.store.recordDeliveryAttempt(
      {
        notificationId: 'n-1',
        attempt: 1,
        startedAtMs: 0,
        durationMs: 1,
        ok: false,
        status: 400,
        reason: 'HTTP 400',
      },
      { status: 'dead', nextAttemptAtMs: 0, lastError: 'HTTP 400', deliveredAtMs: null },
    );
    const dead = await call('GET', '/api/v1/notifications/dead-letters');
    expect(dead.json().notifications.map((n: { id: string }) => n.id)).toEqual(['n-1']);
    const retried = await call('POST', '/api/v1/notifications/n-1/retry');
    expect(retried.json().notification).toMatchObject({ id: 'n-1', status: 'pending' });
  });

  it('acknowledges a page by name, and says what is missing otherwise', async () => {
    await h.store.enqueueNotifications([anOutboxEntry()]);
    const bad = await call('POST', '/api/v1/notifications/n-1/ack', {});
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0]).toMatchObject({ field: 'by' });
    const ok = await call('POST', '/api/v1/notifications/n-1/ack', { by: 'erin' });
    expect(ok.json()).toMatchObject({ acknowledged: 1 });
  });

  it('queues a test notification for a known endpoint only', async () => {
    const res = await call('POST', '/api/v1/endpoints/team-slack/test', {});
    expect(res.json().notification).toMatchObject({ endpointId: 'team-slack', status: 'pending' });
    expect(res.json().notification.message.event).toBe('test');
    expect((await call('POST', '/api/v1/endpoints/nope/test', {})).statusCode).toBe(404);
  });

  it('never shows an endpoint secret in the definitions', async () => {
    const res = await call('GET', '/api/v1/definitions');
    expect(res.body).not.toContain('hooks.example');
    expect(res.body).toContain('<secret>');
  });
});
