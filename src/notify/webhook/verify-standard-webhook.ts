// Checks an inbound Standard Webhooks request on its raw bytes: the three headers, the replay
// window, and at least one `v1` signature (the header may list several, space-separated).

import { timingSafeEqual } from 'node:crypto';
import type { SecretValue } from '../../domain/notification.js';
import { headerValue, type HeaderBag } from '../header-value.js';
import {
  computeSignature,
  decodeWebhookSecret,
  signedContent,
} from './standard-webhook-signature.js';

// The spec's recommended tolerance, applied both ways against clock skew.
const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;
const TIMESTAMP_SECONDS = /^\d{1,12}$/;

export type WebhookVerification =
  | { ok: true; id: string; timestampSeconds: number }
  | {
      ok: false;
      reason:
        'missing-header' | 'invalid-timestamp' | 'outside-replay-window' | 'no-valid-signature';
      detail: string;
    };

export function verifyStandardWebhook(
  secret: string | SecretValue,
  headers: HeaderBag,
  rawBody: Buffer | string,
  nowMs: number,
  toleranceMs: number = DEFAULT_TOLERANCE_MS,
): WebhookVerification {
  const id = headerValue(headers, 'webhook-id');
  const timestamp = headerValue(headers, 'webhook-timestamp');
  const signatures = headerValue(headers, 'webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    return {
      ok: false,
      reason: 'missing-header',
      detail: 'webhook-id, webhook-timestamp and webhook-signature are all required',
    };
  }
  if (!TIMESTAMP_SECONDS.test(timestamp)) {
    return {
      ok: false,
      reason: 'invalid-timestamp',
      detail: 'webhook-timestamp is not whole seconds',
    };
  }
  const timestampSeconds = Number(timestamp);
  if (Math.abs(nowMs - timestampSeconds * 1000) > toleranceMs) {
    return {
      ok: false,
      reason: 'outside-replay-window',
      detail: `webhook-timestamp is more than ${Math.round(toleranceMs / 1000)} s from now`,
    };
  }
  const expected = computeSignature(
    decodeWebhookSecret(secret),
    signedContent(id, timestamp, rawBody),
  );
  const matches = signatures
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .some((entry) => {
      const candidate = Buffer.from(entry.slice(3), 'base64');
      return candidate.length === expected.length && timingSafeEqual(candidate, expected);
    });
  if (!matches) {
    return { ok: false, reason: 'no-valid-signature', detail: 'no v1 signature matches the body' };
  }
  return { ok: true, id, timestampSeconds };
}
