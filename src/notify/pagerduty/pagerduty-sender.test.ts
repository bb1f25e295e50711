import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import { buildMessage, buildRequest, testSecret } from '../test-support/build-message.js';
import {
  startReceiver,
  type Answer,
  type ReceivedRequest,
  type RecordingReceiver,
} from '../test-support/recording-receiver.js';
import { createPagerDutySender } from './pagerduty-sender.js';

const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000001';
const outbound = createOutboundClient({ allow: ['127.0.0.1'] });
let receiver: RecordingReceiver | undefined;

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** The Events API v2 rules a real PagerDuty applies before answering 202. */
function v2Problems(request: ReceivedRequest): string[] {
  const problems: string[] = [];
  const event = JSON.parse(request.rawBody.toString('utf8')) as Record<string, unknown>;
  if (request.headers['content-type'] !== 'application/json') problems.push('content-type');
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32)
    problems.push('routing_key');
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(event.event_action)))
    problems.push('event_action');
  if (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255)
    problems.push('dedup_key');
  if (event.event_action === 'trigger') {
    const payload = event.payload as Record<string, unknown> | undefined;
    if (typeof payload?.summary !== 'string' || payload.summary.length > 1024)
      problems.push('payload.summary');
    if (typeof payload?.source !== 'string' || payload.source === '')
      problems.push('payload.source');
    if (!SEVERITIES.includes(String(payload?.severity))) problems.push('payload.severity');
    if (payload?.timestamp !== undefined && Number.isNaN(Date.parse(String(payload.timestamp)))) {
      problems.push('payload.timestamp');
    }
  } else {
    const extra = Object.keys(event).filter(
      (k) => !['routing_key', 'event_action', 'dedup_key'].includes(k),
    );
    if (extra.length > 0) problems.push(`unexpected ${extra.join(',')}`);
  }
  return problems;
}

async function pagerDutyLike() {
  receiver = await startReceiver((request): Answer => {
    const problems = v2Problems(request);
    return problems.length > 0
      ? { status: 400, body: JSON.stringify({ status: 'invalid event', errors: problems }) }
      : { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed' }) };
  });
  return receiver;
}

function endpointAt(url: string) {
  return { kind: 'pagerduty' as const, id: 'pd', routingKey: testSecret(ROUTING_KEY), url };
}

describe('PagerDuty sender', () => {
  it('triggers on a breach and resolves on recovery, both accepted as valid v2 events', async () => {
    const r = await pagerDutyLike();
    const sender = createPagerDutySender({ outbound, nowMs: () => 0 });
    const endpoint = endpointAt(`${r.url}/v2/enqueue`);

    const trigger = await sender.send(buildRequest(endpoint), new AbortController().signal);
    const resolve = await sender.send(
      buildRequest(endpoint, { message: buildMessage({ event: 'recovered' }) }),
      new AbortController().signal,
    );

    expect(trigger).toEqual({ ok: true, status: 202 });
    expect(resolve).toEqual({ ok: true, status: 202 });
    const [sentTrigger, sentResolve] = r.requests.map((q) =>
      JSON.parse(q.rawBody.toString('utf8')),
    );
    expect(sentTrigger).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'acme/checkout-latency/2026-03-01T11:58:00Z',
      payload: {
        severity: 'critical',
        source: 'Checkout API',
        component: 'p99 latency under 800 ms',
        group: 'Acme Corp',
        class: 'threshold-crossed',
        timestamp: '2026-03-01T12:00:00.000Z',
      },
    });
    expect(sentResolve).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: 'acme/checkout-latency/2026-03-01T11:58:00Z',
    });
  });

  it('sends an early warning as a warning-severity trigger', async () => {
    const r = await pagerDutyLike();
    const sender = createPagerDutySender({ outbound, nowMs: () => 0 });
    await sender.send(
      buildRequest(endpointAt(r.url), { message: buildMessage({ event: 'early-warning' }) }),
      new AbortController().signal,
    );
    expect(JSON.parse(r.requests[0]?.rawBody.toString('utf8') ?? '{}')).toMatchObject({
      event_action: 'trigger',
      payload: { severity: 'warning' },
    });
  });

  it('reports a refused event as permanent without quoting the answer', async () => {
    receiver = await startReceiver(() => ({ status: 400, body: `bad key ${ROUTING_KEY}` }));
    const sender = createPagerDutySender({ outbound, nowMs: () => 0 });
    const result = await sender.send(
      buildRequest(endpointAt(receiver.url)),
      new AbortController().signal,
    );
    expect(result).toEqual({
      ok: false,
      retryable: false,
      status: 400,
      reason: 'PagerDuty answered HTTP 400: a permanent refusal',
    });
  });

  it('retries after PagerDuty throttles (429) and honours its Retry-After date', async () => {
    const nowMs = Date.parse('2026-03-01T12:00:00Z');
    receiver = await startReceiver(() => ({
      status: 429,
      headers: { 'retry-after': 'Sun, 01 Mar 2026 12:00:45 GMT' },
    }));
    const sender = createPagerDutySender({ outbound, nowMs: () => nowMs });
    const result = await sender.send(
      buildRequest(endpointAt(receiver.url)),
      new AbortController().signal,
    );
    expect(result).toMatchObject({ ok: false, retryable: true, status: 429, retryAfterMs: 45_000 });
  });
});
