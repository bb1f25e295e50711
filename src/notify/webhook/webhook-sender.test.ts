import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import { buildRequest, testSecret } from '../test-support/build-message.js';
import {
  startReceiver,
  type Answer,
  type RecordingReceiver,
} from '../test-support/recording-receiver.js';
import { createWebhookSender } from './webhook-sender.js';
import { verifyStandardWebhook } from './verify-standard-webhook.js';

const SIGNING_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const outbound = createOutboundClient({ allow: ['127.0.0.1'] });
let receiver: RecordingReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function endpointAt(url: string) {
  return {
    kind: 'webhook' as const,
    id: 'ops-hook',
    url: testSecret(url),
    signingSecret: testSecret(SIGNING_SECRET),
  };
}

/** A receiver as a careful integrator writes one: verify raw bytes, then de-duplicate by id. */
async function verifyingReceiver(clock: () => number) {
  const seen = new Set<string>();
  const effects: unknown[] = [];
  receiver = await startReceiver((request): Answer => {
    const check = verifyStandardWebhook(SIGNING_SECRET, request.headers, request.rawBody, clock());
    if (!check.ok) return { status: 401, body: check.reason };
    if (!seen.has(check.id)) {
      seen.add(check.id);
      effects.push(JSON.parse(request.rawBody.toString('utf8')));
    }
    return { status: 204 };
  });
  return { receiver, effects };
}

describe('webhook sender', () => {
  it('delivers a signed Standard Webhook the receiver verifies on the raw bytes', async () => {
    const nowMs = Date.parse('2026-03-01T12:00:05Z');
    const { receiver: r, effects } = await verifyingReceiver(() => nowMs);
    const sender = createWebhookSender({ outbound, nowMs: () => nowMs });

    const result = await sender.send(
      buildRequest(endpointAt(`${r.url}/hooks`)),
      new AbortController().signal,
    );

    expect(result).toEqual({ ok: true, status: 204 });
    expect(effects).toHaveLength(1);
    const request = r.requests[0];
    expect(request?.headers['webhook-id']).toBe('ntf_01HZX3K9V2M4Q8R6T0Y7W5E1AB');
    expect(request?.headers['webhook-timestamp']).toBe(String(Math.floor(nowMs / 1000)));
    expect(request?.headers['content-type']).toBe('application/json');
    expect(effects[0]).toMatchObject({ type: 'forewarn.breach', data: { event: 'breach' } });
  });

  it('keeps the webhook-id across retries, so the receiver applies the effect once', async () => {
    let nowMs = Date.parse('2026-03-01T12:00:05Z');
    const { receiver: r, effects } = await verifyingReceiver(() => nowMs);
    const sender = createWebhookSender({ outbound, nowMs: () => nowMs });
    const endpoint = endpointAt(`${r.url}/hooks`);

    for (const attempt of [1, 2, 3]) {
      const result = await sender.send(
        buildRequest(endpoint, { attempt }),
        new AbortController().signal,
      );
      expect(result.ok).toBe(true);
      nowMs += 60_000;
    }

    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.headers['webhook-timestamp'])).size).toBe(3);
    expect(effects).toHaveLength(1);
  });

  it('is refused by a receiver holding another secret, and says a retry will not help', async () => {
    const nowMs = Date.parse('2026-03-01T12:00:05Z');
    const { receiver: r } = await verifyingReceiver(() => nowMs);
    const sender = createWebhookSender({ outbound, nowMs: () => nowMs });
    const endpoint = {
      ...endpointAt(`${r.url}/hooks`),
      signingSecret: testSecret('whsec_d3Jvbmc='),
    };

    expect(await sender.send(buildRequest(endpoint), new AbortController().signal)).toEqual({
      ok: false,
      retryable: false,
      status: 401,
      reason: 'webhook receiver answered HTTP 401: a permanent refusal',
    });
  });

  it('is refused by a receiver whose clock is more than 5 minutes away', async () => {
    const senderNowMs = Date.parse('2026-03-01T12:00:05Z');
    const { receiver: r } = await verifyingReceiver(() => senderNowMs + 6 * 60_000);
    const sender = createWebhookSender({ outbound, nowMs: () => senderNowMs });

    const result = await sender.send(
      buildRequest(endpointAt(`${r.url}/`)),
      new AbortController().signal,
    );
    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('passes on 429 with Retry-After as retryAfterMs', async () => {
    receiver = await startReceiver(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    const sender = createWebhookSender({ outbound, nowMs: () => 0 });

    expect(
      await sender.send(buildRequest(endpointAt(receiver.url)), new AbortController().signal),
    ).toEqual({
      ok: false,
      retryable: true,
      status: 429,
      retryAfterMs: 30_000,
      reason: 'webhook receiver answered HTTP 429: a temporary failure',
    });
  });

  it('does not follow a redirect', async () => {
    receiver = await startReceiver(() => ({
      status: 302,
      headers: { location: 'http://127.0.0.1:1/' },
    }));
    const sender = createWebhookSender({ outbound, nowMs: () => 0 });

    const result = await sender.send(
      buildRequest(endpointAt(receiver.url)),
      new AbortController().signal,
    );
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(receiver.requests).toHaveLength(1);
  });

  it('gives up when the dispatcher cancels the attempt, and says a retry can help', async () => {
    receiver = await startReceiver(() => 'hang');
    const sender = createWebhookSender({ outbound, nowMs: () => 0 });

    const result = await sender.send(
      buildRequest(endpointAt(receiver.url)),
      AbortSignal.timeout(200),
    );
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('refuses an endpoint of another kind as a wiring error', async () => {
    const sender = createWebhookSender({ outbound, nowMs: () => 0 });
    const slack = { kind: 'slack' as const, id: 's', url: testSecret('http://127.0.0.1:1/') };
    expect(await sender.send(buildRequest(slack), new AbortController().signal)).toMatchObject({
      ok: false,
      retryable: false,
    });
  });
});
