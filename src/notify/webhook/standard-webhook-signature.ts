// Standard Webhooks signing (https://www.standardwebhooks.com, spec v1): HMAC-SHA256 over
// `${id}.${timestampSeconds}.${body}`, sent as `v1,<base64>`.

import { createHmac } from 'node:crypto';
import type { SecretValue } from '../../domain/notification.js';

const SECRET_PREFIX = 'whsec_';

/** `whsec_`-prefixed secrets are base64 key bytes (as the spec issues them); others are used raw. */
export function decodeWebhookSecret(secret: string | SecretValue): Buffer {
  const value = typeof secret === 'string' ? secret : secret.reveal();
  return value.startsWith(SECRET_PREFIX)
    ? Buffer.from(value.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(value, 'utf8');
}

export function signedContent(
  id: string,
  timestampSeconds: number | string,
  body: Buffer | string,
): Buffer {
  return Buffer.concat([Buffer.from(`${id}.${timestampSeconds}.`, 'utf8'), Buffer.from(body)]);
}

export function computeSignature(key: Buffer, content: Buffer): Buffer {
  return createHmac('sha256', key).update(content).digest();
}

/** The value of the `webhook-signature` header for one attempt. */
export function signStandardWebhook(
  secret: string | SecretValue,
  id: string,
  timestampSeconds: number,
  body: Buffer | string,
): string {
  const digest = computeSignature(
    decodeWebhookSecret(secret),
    signedContent(id, timestampSeconds, body),
  );
  return `v1,${digest.toString('base64')}`;
}
