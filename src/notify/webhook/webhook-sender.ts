// Standard Webhooks delivery: the id is the idempotency key (the same on every attempt); the
// timestamp and signature are fresh per attempt, so a receiver's replay window still holds.

import type { ChannelSender } from '../../app/delivery.js';
import { postJson } from '../post-json.js';
import { wrongEndpoint, type SenderDeps } from '../sender-deps.js';
import { renderWebhook } from './render-webhook.js';
import { signStandardWebhook } from './standard-webhook-signature.js';

export function createWebhookSender(deps: SenderDeps): ChannelSender {
  return {
    kind: 'webhook',
    async send(request, signal) {
      const { endpoint } = request;
      if (endpoint.kind !== 'webhook') return wrongEndpoint('webhook', endpoint.kind);
      const body = JSON.stringify(renderWebhook(request.message));
      const timestampSeconds = Math.floor(deps.nowMs() / 1000);
      const id = request.idempotencyKey;
      return postJson(
        deps.outbound,
        {
          url: endpoint.url.reveal(),
          body,
          headers: {
            'webhook-id': id,
            'webhook-timestamp': String(timestampSeconds),
            'webhook-signature': signStandardWebhook(
              endpoint.signingSecret,
              id,
              timestampSeconds,
              body,
            ),
          },
          receiver: 'webhook receiver',
        },
        signal,
        deps.nowMs,
      );
    },
  };
}
