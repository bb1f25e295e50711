import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointDef } from '../../domain/notification.js';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import { testSecret } from '../test-support/build-message.js';
import { startReceiver } from '../test-support/recording-receiver.js';
import type { Answer, RecordingReceiver } from '../test-support/recording-receiver.js';
import { verifyStandardWebhook } from '../webhook/verify-standard-webhook.js';
import { createLeverActionRunner } from './lever-action-runner.js';

const SIGNING_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const STARTED_AT_MS = Date.parse('2026-03-01T12:00:05Z');
const IDEMPOTENCY_KEY = 'inc_01HZX3K9V2:feature-flag:0';
const PAYLOAD = {
  type: 'forewarn.lever',
  lever: 'feature-flag',
  incident: { id: 'inc_01HZX3K9V2', service: 'checkout', detectedAt: '2026-03-01T11:58:00.000Z' },
  requestedBy: 'erin',
  note: 'switch off the new pricing widget',
};

let receiver: RecordingReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const webhookAt = (url: string): EndpointDef => ({
  kind: 'webhook',
  id: 'flag-service',
  url: testSecret(`${url}/hooks/forewarn?token=flag-secret-path`),
  signingSecret: testSecret(SIGNING_SECRET),
});
const allowOnly = (r: RecordingReceiver) =>
  createOutboundClient({ allow: [`127.0.0.1:${new URL(r.url).port}`] });
const run = (runner: ReturnType<typeof createLeverActionRunner>, endpoint: EndpointDef) =>
  runner.run({ endpoint, idempotencyKey: IDEMPOTENCY_KEY, payload: PAYLOAD });

/** A flag service as an integrator writes one: verify the signature on the raw bytes, then act. */
async function flagService(clock: { nowMs: number }, answer: Answer, takesMs = 0) {
  const verified: unknown[] = [];
  receiver = await startReceiver((request) => {
    clock.nowMs += takesMs;
    const check = verifyStandardWebhook(
      SIGNING_SECRET,
      request.headers,
      request.rawBody,
      clock.nowMs,
    );
    if (!check.ok) return { status: 401, body: check.reason };
    verified.push(JSON.parse(request.rawBody.toString('utf8')));
    return answer;
  });
  return { receiver, verified };
}

describe('lever action runner', () => {
  it('posts a signed action the receiver verifies, and reports ok, the status and how long it took', async () => {
    const clock = { nowMs: STARTED_AT_MS };
    const { receiver: r, verified } = await flagService(clock, { status: 202 }, 1_234);
    const runner = createLeverActionRunner({ outbound: allowOnly(r), nowMs: () => clock.nowMs });

    const result = await run(runner, webhookAt(r.url));

    expect(result).toEqual({ ok: true, status: 202, durationMs: 1_234, reason: null });
    expect(verified).toEqual([{ ...PAYLOAD, timestamp: '2026-03-01T12:00:05.000Z' }]);
    expect(r.requests[0]?.headers['webhook-id']).toBe(IDEMPOTENCY_KEY);
    expect(r.requests[0]?.path).toBe('/hooks/forewarn?token=flag-secret-path');
  });

  it('reports a 500 as not ok with the status, and no URL in the reason', async () => {
    const clock = { nowMs: STARTED_AT_MS };
    const { receiver: r, verified } = await flagService(clock, { status: 500, body: 'boom' });
    const runner = createLeverActionRunner({ outbound: allowOnly(r), nowMs: () => clock.nowMs });

    const result = await run(runner, webhookAt(r.url));

    expect(result).toEqual({
      ok: false,
      status: 500,
      durationMs: 0,
      reason: 'lever action receiver answered HTTP 500: a temporary failure',
    });
    expect(verified).toHaveLength(1);
    for (const part of [r.url, new URL(r.url).port, 'flag-secret-path', 'boom']) {
      expect(result.reason).not.toContain(part);
    }
  });

  it('refuses an endpoint that is not a webhook without sending anything', async () => {
    const clock = { nowMs: STARTED_AT_MS };
    const { receiver: r } = await flagService(clock, { status: 204 });
    const runner = createLeverActionRunner({ outbound: allowOnly(r), nowMs: () => clock.nowMs });
    const slack: EndpointDef = { kind: 'slack', id: 'team-slack', url: testSecret(r.url) };

    const result = await run(runner, slack);

    expect(result).toEqual({
      ok: false,
      status: null,
      durationMs: 0,
      reason: 'a lever action needs a webhook endpoint, "team-slack" is slack',
    });
    expect(r.requests).toHaveLength(0);
  });

  it('is refused by the outbound guard for a loopback address nobody allow-listed, and the receiver is not hit', async () => {
    const clock = { nowMs: STARTED_AT_MS };
    const { receiver: r } = await flagService(clock, { status: 204 });
    const runner = createLeverActionRunner({
      outbound: createOutboundClient({ allow: [] }),
      nowMs: () => clock.nowMs,
    });

    const result = await run(runner, webhookAt(r.url));

    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.reason).toMatch(/^lever action receiver: blocked: destination .*loopback/);
    expect(result.reason).toContain('(E_OUTBOUND_BLOCKED)');
    expect(result.reason).not.toContain(new URL(r.url).port);
    expect(r.requests).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer within the timeout, and says so', async () => {
    receiver = await startReceiver(() => 'hang');
    const runner = createLeverActionRunner({
      outbound: allowOnly(receiver),
      nowMs: Date.now,
      timeoutMs: 200,
    });

    const result = await run(runner, webhookAt(receiver.url));

    expect(result).toMatchObject({
      ok: false,
      status: null,
      reason: 'lever action receiver: no answer within 0.2 s',
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(receiver.requests).toHaveLength(1);
  });
});
