// What one HTTP probe check found, and each probe's last check with its counts. Written by the probe
// runner (src/sources/probes), read by GET /api/v1/probes and /metrics. Pure values and texts.

/** Why a TLS handshake was refused, named so a reader knows what to fix. */
export type TlsProblem =
  | 'expired'
  | 'not-yet-valid'
  | 'self-signed'
  | 'untrusted-issuer'
  | 'name-mismatch'
  | 'revoked'
  | 'invalid-signature'
  | 'handshake-failed';

export type ProbeReason =
  | { kind: 'ok' }
  | { kind: 'unexpected-status'; status: number; expected: string }
  | { kind: 'body-missing-text'; text: string }
  | { kind: 'too-slow'; latencyMs: number; maxLatencyMs: number }
  | { kind: 'certificate-expiring'; daysLeft: number; minimumDays: number }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'connection-refused' }
  | { kind: 'connection-failed'; detail: string }
  | { kind: 'dns-failure'; detail: string }
  | { kind: 'tls-failure'; problem: TlsProblem; detail: string }
  /** address: the refused address or metadata host name; afterRedirects > 0: a redirect led there. */
  | { kind: 'blocked'; address: string | undefined; detail: string; afterRedirects: number }
  | { kind: 'redirect-refused'; detail: string }
  | { kind: 'protocol-error'; detail: string };

export type ProbeReasonKind = ProbeReason['kind'];

export interface ProbeCheck {
  /** When the check started (the instance's clock). */
  atMs: number;
  up: boolean;
  reason: ProbeReason;
  /** Whole request time in ms, present when the target answered. */
  latencyMs?: number;
  status?: number;
  remoteAddress?: string;
  certificate?: { validTo: string; daysLeft: number };
}

export interface ProbeStatus {
  probeId: string;
  serviceId: string;
  method: string;
  /** Scheme, host, port and path only: a query may carry a token. */
  target: string;
  intervalMs: number;
  last?: ProbeCheck;
  /** When `up` last changed (or the first check). */
  sinceMs?: number;
  checks: number;
  failures: number;
  /** Due checks not started because the previous one was still running. */
  skipped: number;
  /**
   * Checks that timed out or were too slow while Forewarn's own event loop was blocked: not
   * counted (no sample, no failure), since the delay was ours rather than the target's.
   */
  inconclusive: number;
}

const DAY_MS = 86_400_000;

export function describeProbeReason(reason: ProbeReason): string {
  switch (reason.kind) {
    case 'ok':
      return 'ok';
    case 'unexpected-status':
      return `unexpected status: got ${reason.status}, expected ${reason.expected}`;
    case 'body-missing-text':
      return `the body does not contain ${JSON.stringify(reason.text)}`;
    case 'too-slow':
      return `too slow: ${Math.round(reason.latencyMs)} ms, limit ${reason.maxLatencyMs} ms`;
    case 'certificate-expiring':
      return `the TLS certificate expires in ${reason.daysLeft} days (minimum ${reason.minimumDays})`;
    case 'timeout':
      return `no answer within the timeout of ${reason.timeoutMs} ms`;
    case 'connection-refused':
      return 'connection refused: nothing listens on that port';
    case 'connection-failed':
      return `connection failed: ${reason.detail}`;
    case 'dns-failure':
      return `DNS failure: ${reason.detail}`;
    case 'tls-failure':
      return `TLS failure (${reason.problem}): ${reason.detail}`;
    case 'blocked': {
      const where = reason.address === undefined ? '' : ` (${reason.address})`;
      const via = reason.afterRedirects > 0 ? 'a redirect led to a blocked destination' : 'blocked';
      return `${via}${where}: ${reason.detail}`;
    }
    case 'redirect-refused':
      return `redirect refused: ${reason.detail}`;
    case 'protocol-error':
      return `protocol error: ${reason.detail}`;
  }
}

/** Whole days in a validity length, for the certificate minimum stated in days. */
export function wholeDays(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
