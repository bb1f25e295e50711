import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import { buildRequest, testSecret } from '../test-support/build-message.js';
import {
  startReceiver,
  type Answer,
  type RecordingReceiver,
} from '../test-support/recording-receiver.js';
import { createSlackSender } from './slack-sender.js';

const outbound = createOutboundClient({ allow: ['127.0.0.1'] });
let receiver: RecordingReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Answers as Slack's incoming webhooks do: 200 "ok", or 400 "invalid_payload". */
async function slackLike() {
  receiver = await startReceiver((request): Answer => {
    try {
      const payload = JSON.parse(request.rawBody.toString('utf8')) as {
        text?: unknown;
        blocks?: unknown;
      };
      const valid =
        typeof payload.text === 'string' &&
        Array.isArray(payload.blocks) &&
        payload.blocks.length <= 50;
      return valid ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_payload' };
    } catch {
      return { status: 400, body: 'invalid_payload' };
    }
  });
  return receiver;
}

const endpointAt = (url: string) => ({ kind: 'slack' as const, id: 'ops', url: testSecret(url) });

describe('Slack sender', () => {
  it('posts text and blocks as JSON to the incoming webhook', async () => {
    const r = await slackLike();
    const sender = createSlackSender({ outbound, nowMs: () => 0 });

    const result = await sender.send(
      buildRequest(endpointAt(`${r.url}/services/T000/B000/XXXX`)),
      new AbortController().signal,
    );

    expect(result).toEqual({ ok: true, status: 200 });
    expect(r.requests[0]?.path).toBe('/services/T000/B000/XXXX');
    expect(r.requests[0]?.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(r.requests[0]?.rawBody.toString('utf8') ?? '{}');
    expect(payload.text).toBe(
      '[Forewarn] BREACH: p99 latency under 800 ms for Acme Corp Checkout API',
    );
    expect(payload.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section']);
  });

  it.each([
    [404, false],
    [410, false],
    [500, true],
  ])('classifies Slack answering %d as retryable=%s', async (status, retryable) => {
    receiver = await startReceiver(() => ({ status, body: 'channel_is_archived' }));
    const sender = createSlackSender({ outbound, nowMs: () => 0 });
    const result = await sender.send(
      buildRequest(endpointAt(receiver.url)),
      new AbortController().signal,
    );
    expect(result).toMatchObject({ ok: false, retryable, status });
  });
});
