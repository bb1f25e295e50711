// Random secrets (session ids, API tokens, CSRF tokens) and the hashes they are stored as.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Equal strings, compared as digests so neither length nor content leaks through timing. */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** A short random id for records (users, tokens); not a secret. */
export function recordId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
