import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import { buildRequest, testSecret } from '../test-support/build-message.js';
import {
  startReceiver,
  type Answer,
  type RecordingReceiver,
} from '../test-support/recording-receiver.js';
import { createTeamsSender } from './teams-sender.js';

const outbound = createOutboundClient({ allow: ['127.0.0.1'] });
let receiver: RecordingReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** Answers as a Teams Workflows webhook does: 202 for a message with an Adaptive Card. */
async function teamsLike() {
  receiver = await startReceiver((request): Answer => {
    const payload = JSON.parse(request.rawBody.toString('utf8'));
    const card = payload?.attachments?.[0];
    const valid =
      payload.type === 'message' &&
      card?.contentType === 'application/vnd.microsoft.card.adaptive' &&
      card.content?.type === 'AdaptiveCard' &&
      typeof card.content.version === 'string' &&
      Array.isArray(card.content.body);
    return valid ? { status: 202 } : { status: 400, body: 'Bad Request' };
  });
  return receiver;
}

const endpointAt = (url: string) => ({ kind: 'teams' as const, id: 'ops', url: testSecret(url) });

describe('Teams sender', () => {
  it('posts a message with one Adaptive Card attachment', async () => {
    const r = await teamsLike();
    const sender = createTeamsSender({ outbound, nowMs: () => 0 });

    const result = await sender.send(
      buildRequest(endpointAt(`${r.url}/workflows/abc/triggers/manual/paths/invoke?sig=xyz`)),
      new AbortController().signal,
    );

    expect(result).toEqual({ ok: true, status: 202 });
    const card = JSON.parse(r.requests[0]?.rawBody.toString('utf8') ?? '{}').attachments[0].content;
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      weight: 'Bolder',
      text: '[Forewarn] BREACH: p99 latency under 800 ms for Acme Corp Checkout API',
    });
  });

  it('passes on 503 with Retry-After seconds', async () => {
    receiver = await startReceiver(() => ({ status: 503, headers: { 'retry-after': '120' } }));
    const sender = createTeamsSender({ outbound, nowMs: () => 0 });
    const result = await sender.send(
      buildRequest(endpointAt(receiver.url)),
      new AbortController().signal,
    );
    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      status: 503,
      retryAfterMs: 120_000,
    });
  });
});
