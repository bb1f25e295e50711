// What every channel sender is built from (src/main.ts wires the real ones).

import type { DeliveryResult } from '../app/delivery.js';
import type { EndpointDef } from '../domain/notification.js';
import type { OutboundClient } from '../net/outbound-client.js';

export interface SenderDeps {
  outbound: OutboundClient;
  /** Wall clock: Retry-After dates and webhook timestamps. */
  nowMs: () => number;
}

/** A request routed to the wrong sender is a wiring bug; retrying cannot fix it. */
export function wrongEndpoint(
  expected: EndpointDef['kind'],
  got: EndpointDef['kind'],
): DeliveryResult {
  return {
    ok: false,
    retryable: false,
    reason: `a ${got} endpoint was handed to the ${expected} sender`,
  };
}
