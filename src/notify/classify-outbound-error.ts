// A request that got no HTTP answer → one DeliveryResult. Only our own words and the client's
// classified code go into the reason; a third-party message may quote the URL.

import type { DeliveryResult } from '../app/delivery.js';
import { isOutboundError } from '../net/outbound-error.js';

export function classifyOutboundError(
  error: unknown,
  signal: AbortSignal,
  receiver: string,
): DeliveryResult {
  if (signal.aborted) {
    return {
      ok: false,
      retryable: true,
      reason: `${receiver}: attempt cancelled before an answer came`,
    };
  }
  if (!isOutboundError(error)) {
    const name = error instanceof Error ? error.name : typeof error;
    return { ok: false, retryable: true, reason: `${receiver}: unexpected ${name} while sending` };
  }
  const retryable = error.code === 'E_OUTBOUND_BLOCKED' ? false : error.retryable;
  return { ok: false, retryable, reason: `${receiver}: ${error.message} (${error.code})` };
}
