// One HTTP answer → one DeliveryResult. Reasons carry the status only: never the URL, never the
// body (a receiver may echo what it was sent).

import type { DeliveryResult } from '../app/delivery.js';
import { parseRetryAfterMs } from './retry-after.js';

// 408 Request Timeout, 425 Too Early, 429 Too Many Requests (RFC 9110, RFC 8470, RFC 6585).
const RETRYABLE_CLIENT_STATUSES = new Set([408, 425, 429]);
// Retry-After is honoured where RFC 9110 §10.2.3 and RFC 6585 §4 give it meaning for a retry.
const RETRY_AFTER_STATUSES = new Set([429, 503]);

export function classifyHttpStatus(
  status: number,
  retryAfterHeader: string | undefined,
  nowMs: number,
  receiver: string,
): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true, status };
  const retryable = status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status);
  const retryAfterMs = RETRY_AFTER_STATUSES.has(status)
    ? parseRetryAfterMs(retryAfterHeader, nowMs)
    : undefined;
  const why =
    status >= 300 && status < 400
      ? 'a redirect, which is not followed'
      : retryable
        ? 'a temporary failure'
        : 'a permanent refusal';
  return {
    ok: false,
    retryable,
    reason: `${receiver} answered HTTP ${status}: ${why}`,
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}
