// A containment lever's bound action: one signed POST (Standard Webhooks, as the webhook
// channel signs) to a flag service or CD pipeline, through the guarded outbound client. The
// result — accepted or why not — goes on the incident's timeline; it is not retried by itself:
// pulling a lever twice is a decision for a person.

import type { LeverActionRunner } from '../../app/ports.js';
import { postJson } from '../post-json.js';
import type { SenderDeps } from '../sender-deps.js';
import { signStandardWebhook } from '../webhook/standard-webhook-signature.js';

const ACTION_TIMEOUT_MS = 10_000;

export function createLeverActionRunner(deps: SenderDeps): LeverActionRunner {
  return {
    async run({ endpoint, idempotencyKey, payload }) {
      const startedAtMs = deps.nowMs();
      if (endpoint.kind !== 'webhook') {
        return {
          ok: false,
          status: null,
          durationMs: 0,
          reason: `a lever action needs a webhook endpoint, "${endpoint.id}" is ${endpoint.kind}`,
        };
      }
      const body = JSON.stringify({ ...payload, timestamp: new Date(startedAtMs).toISOString() });
      const timestampSeconds = Math.floor(startedAtMs / 1000);
      const signal = AbortSignal.timeout(ACTION_TIMEOUT_MS);
      const result = await postJson(
        deps.outbound,
        {
          url: endpoint.url.reveal(),
          body,
          headers: {
            'webhook-id': idempotencyKey,
            'webhook-timestamp': String(timestampSeconds),
            'webhook-signature': signStandardWebhook(
              endpoint.signingSecret,
              idempotencyKey,
              timestampSeconds,
              body,
            ),
          },
          receiver: 'lever action receiver',
        },
        signal,
        deps.nowMs,
      );
      const durationMs = Math.max(0, deps.nowMs() - startedAtMs);
      return result.ok
        ? { ok: true, status: result.status ?? null, durationMs, reason: null }
        : { ok: false, status: result.status ?? null, durationMs, reason: result.reason };
    },
  };
}
