// The dispatcher on a fake clock, with a recording receiver standing in for a channel: the real
// channels are tested against real receivers in src/notify.

import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointDef } from '../domain/notification.js';
import { anOutboxEntry } from '../../test/support/outbox-builders.js';
import { someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import type { ChannelSender, DeliveryRequest, DeliveryResult } from './delivery.js';
import { Dispatcher } from './dispatch-notifications.js';

const secret = (v: string) => ({ reveal: () => v, toJSON: () => '<secret>' });
const endpoints: EndpointDef[] = [
  { kind: 'webhook', id: 'client-hook', url: secret('http://x/1'), signingSecret: secret('s') },
  { kind: 'slack', id: 'team-slack', url: secret('http://x/2') },
];

class RecordingReceiver implements ChannelSender {
  readonly kind: EndpointDef['kind'];
  up = true;
  blackHole = false;
  raw: DeliveryRequest[] = [];
  readonly byKey = new Map<string, DeliveryRequest>();
  constructor(
    kind: EndpointDef['kind'],
    private readonly nowMs: () => number,
  ) {
    this.kind = kind;
  }
  readonly deliveredAt = new Map<string, number>();
  async send(req: DeliveryRequest, signal: AbortSignal): Promise<DeliveryResult> {
    if (this.blackHole) {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      return { ok: false, retryable: true, reason: 'timed out' };
    }
    if (!this.up) return { ok: false, retryable: true, reason: 'HTTP 503', status: 503 };
    this.raw.push(req);
    if (!this.byKey.has(req.idempotencyKey)) {
      this.byKey.set(req.idempotencyKey, req);
      this.deliveredAt.set(req.idempotencyKey, performance.now());
    }
    return { ok: true, status: 200 };
  }
}

let h: Harness;
afterEach(async () => h.close());

async function setup(options: ConstructorParameters<typeof Dispatcher>[2] = {}) {
  h = await startHarness(someDefinitions({ endpoints }));
  const webhook = new RecordingReceiver('webhook', () => h.clock.nowMs());
  const slack = new RecordingReceiver('slack', () => h.clock.nowMs());
  const dispatcher = new Dispatcher(
    h.ctx,
    new Map<EndpointDef['kind'], ChannelSender>([
      ['webhook', webhook],
      ['slack', slack],
    ]),
    { random: () => 0.5, ...options },
  );
  return { webhook, slack, dispatcher };
}

const entry = (incident: number, n: number, endpointId = 'client-hook') =>
  anOutboxEntry({
    id: `i${incident}-n${n}-${endpointId}`,
    dedupKey: `i${incident}-n${n}-${endpointId}`,
    incidentKey: `incident-${incident}`,
    endpointId,
    createdAtMs: Date.UTC(2026, 10, 2, 9, 0, 0),
  });

describe('the dispatcher', () => {
  it('delivers everything to a receiver that was down for 6 hours, in order per incident, once each', async () => {
    const { webhook, dispatcher } = await setup();
    await h.store.enqueueNotifications(
      [1, 2, 3].flatMap((i) => [1, 2, 3, 4, 5].map((n) => entry(i, n))),
    );
    webhook.up = false;
    const downUntil = h.clock.nowMs() + 6 * 3_600_000;
    for (let step = 0; step < 6 * 60 + 30; step++) {
      if (h.clock.nowMs() >= downUntil) webhook.up = true;
      await dispatcher.runPass();
      await dispatcher.drain();
      h.clock.advance(60_000);
    }
    expect(webhook.byKey.size).toBe(15);
    expect(webhook.raw.length).toBe(15); // a receiver that does not de-duplicate sees each once too
    for (const i of [1, 2, 3]) {
      const order = webhook.raw.filter((r) => r.notificationId.startsWith(`i${i}-`));
      expect(order.map((r) => r.notificationId)).toEqual(
        [1, 2, 3, 4, 5].map((n) => `i${i}-n${n}-client-hook`),
      );
    }
    const detail = await h.store.getNotification('i1-n1-client-hook');
    expect(detail!.attempts.length).toBeGreaterThan(1);
    expect(detail!.attempts.at(-1)).toMatchObject({ ok: true, status: 200 });
    expect(detail!.attempts[0]).toMatchObject({ ok: false, status: 503, reason: 'HTTP 503' });
  });

  it('dead-letters what cannot succeed and retries it when asked', async () => {
    const { dispatcher, webhook } = await setup();
    const failing: ChannelSender = {
      kind: 'webhook',
      send: async () => ({ ok: false, retryable: false, reason: 'HTTP 410', status: 410 }),
    };
    const d2 = new Dispatcher(h.ctx, new Map([['webhook', failing]]), {});
    await h.store.enqueueNotifications([entry(1, 1)]);
    await d2.runPass();
    await d2.drain();
    const [dead] = await h.store.listNotifications({ status: 'dead', limit: 10 });
    expect(dead).toMatchObject({ id: 'i1-n1-client-hook', lastError: 'HTTP 410', attempts: 1 });
    expect(await h.store.requeueNotification(dead!.id, h.clock.nowMs())).toBe(true);
    await dispatcher.runPass();
    await dispatcher.drain();
    expect(webhook.byKey.has('i1-n1-client-hook')).toBe(true);
  });

  it('keeps trying an endpoint that is not configured, saying why', async () => {
    const { dispatcher } = await setup();
    await h.store.enqueueNotifications([entry(1, 1, 'gone')]);
    await dispatcher.runPass();
    await dispatcher.drain();
    const [n] = await h.store.listPendingNotifications(1);
    expect(n).toMatchObject({ attempts: 1, lastError: 'endpoint "gone" is not configured' });
  });

  it('delivers a client notice within a second while a team channel is black-holed', async () => {
    const { webhook, slack, dispatcher } = await setup({ attemptTimeoutMs: 1_500 });
    slack.blackHole = true;
    const team = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
      ...entry(n, 1, 'team-slack'),
      priority: 1 as const,
      audience: 'team' as const,
    }));
    await h.store.enqueueNotifications(team);
    await dispatcher.runPass();
    const queuedAt = performance.now();
    await h.store.enqueueNotifications([entry(99, 1)]);
    dispatcher.start();
    while (!webhook.deliveredAt.has('i99-n1-client-hook') && performance.now() - queuedAt < 2_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(webhook.deliveredAt.get('i99-n1-client-hook')! - queuedAt).toBeLessThan(1_000);
    await dispatcher.stop();
  });
});
