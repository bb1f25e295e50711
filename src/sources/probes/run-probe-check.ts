// One probe check: the request through the guarded client, then the verdict. Never throws: every
// failure is a verdict with its reason.

import type { ProbeCheck } from '../../domain/probe-status.js';
import type { ProbeDef } from '../../domain/sources.js';
import type { OutboundClient, OutboundRequest } from '../../net/outbound-client.js';
import { judgeAnswer, judgeFailure } from './judge-probe-check.js';

/** Followed redirects, each re-checked by the guarded client (Uptime Kuma and Go's client: 10). */
export const PROBE_MAX_REDIRECTS = 5;

/** The request a probe sends, built once per definition (header Secrets revealed here). */
export function probeRequest(def: ProbeDef): OutboundRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(def.headers)) headers[name] = value.reveal();
  return {
    url: def.url,
    method: def.method,
    headers,
    ...(def.body === undefined ? {} : { body: def.body }),
    timeoutMs: def.timeoutMs,
    maxRedirects: PROBE_MAX_REDIRECTS,
    // A probe that lists a 3xx status checks the redirect itself, not where it leads.
    returnRedirects: def.expect.status.some((s) => s >= 300 && s <= 399),
  };
}

export async function runProbeCheck(
  outbound: OutboundClient,
  def: ProbeDef,
  request: OutboundRequest,
  atMs: number,
): Promise<ProbeCheck> {
  try {
    return judgeAnswer(def, await outbound.request(request), atMs);
  } catch (e) {
    return judgeFailure(def, e, atMs);
  }
}
