// A containment lever's bound action: one signed POST (Standard Webhooks, as the webhook
// channel signs) to a flag service or CD pipeline, through the guarded outbound client. The
// result — accepted or why not — goes on the incident's timeline; it is not retried by itself:
// pulling a lever twice is a decision for a person.

import type { LeverActionRunner } from '../../app/ports.js';
import { postJson } from '../post-json.js';
import type { SenderDeps } from '../sender-deps.js';
import { signStandardWebhook } from '../webhook/standard-webhook-signature.js';

const ACTION_TIMEOUT_MS = 10_000;
const RECEIVER = 'lever action receiver';

export interface LeverActionDeps extends SenderDeps {
  /** How long the receiver has to answer (default 10 s; the outbound client caps it at 10 s). */
  timeoutMs?: number;
}

export function createLeverActionRunner(deps: LeverActionDeps): LeverActionRunner {
  const timeoutMs = deps.timeoutMs ?? ACTION_TIMEOUT_MS;
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
      const signal = AbortSignal.timeout(timeoutMs);
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
          receiver: RECEIVER,
        },
        signal,
        deps.nowMs,
      );
      const durationMs = Math.max(0, deps.nowMs() - startedAtMs);
      if (result.ok) return { ok: true, status: result.status ?? null, durationMs, reason: null };
      // Only our deadline aborts this signal: name it (postJson speaks of a cancelled attempt).
      const timedOut = signal.aborted && result.status === undefined;
      const reason = timedOut
        ? `${RECEIVER}: no answer within ${timeoutMs / 1000} s`
        : result.reason;
      return { ok: false, status: result.status ?? null, durationMs, reason };
    },
  };
}
