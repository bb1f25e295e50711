// The send step shared by the HTTP channels: one POST through the guarded client, classified.

import type { DeliveryResult } from '../app/delivery.js';
import type { OutboundClient } from '../net/outbound-client.js';
import { classifyHttpStatus } from './classify-http-status.js';
import { classifyOutboundError } from './classify-outbound-error.js';
import { headerValue } from './header-value.js';

// A backstop only: the dispatcher's AbortSignal sets each attempt's real deadline.
export const SEND_TIMEOUT_MS = 10_000;
// Receivers answer with a word or a small JSON object; nothing larger is worth reading.
const MAX_RESPONSE_BYTES = 16 * 1024;

export interface JsonPost {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Who answered, for the reason ("Slack", "webhook receiver"). */
  receiver: string;
}

export async function postJson(
  outbound: OutboundClient,
  post: JsonPost,
  signal: AbortSignal,
  nowMs: () => number,
): Promise<DeliveryResult> {
  if (signal.aborted) return classifyOutboundError(undefined, signal, post.receiver);
  try {
    const response = await outbound.request({
      url: post.url,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Forewarn',
        ...post.headers,
      },
      body: post.body,
      timeoutMs: SEND_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
      signal,
    });
    return classifyHttpStatus(
      response.status,
      headerValue(response.headers, 'retry-after'),
      nowMs(),
      post.receiver,
    );
  } catch (error) {
    return classifyOutboundError(error, signal, post.receiver);
  }
}
