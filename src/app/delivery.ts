// The port every channel implements: one attempt to deliver one notification.

import type { EndpointDef, NotificationMessage } from '../domain/notification.js';

export interface DeliveryRequest {
  notificationId: string;
  /** The same on every attempt, so receivers can de-duplicate. */
  idempotencyKey: string;
  attempt: number;
  message: NotificationMessage;
  endpoint: EndpointDef;
  /** Channel-specific address, e.g. an email address; undefined for URL-addressed channels. */
  address?: string;
}

export type DeliveryResult =
  | { ok: true; status?: number; detail?: string }
  | {
      ok: false;
      /** Whether trying again later can help (timeouts, 5xx, 429) or not (4xx, bad address). */
      retryable: boolean;
      /** Why, for people; never contains a URL, token or password. */
      reason: string;
      status?: number;
      retryAfterMs?: number;
    };

export interface ChannelSender {
  readonly kind: EndpointDef['kind'];
  send(request: DeliveryRequest, signal: AbortSignal): Promise<DeliveryResult>;
}
