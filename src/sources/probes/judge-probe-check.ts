// Decides what one probe check found: an answer against the probe's expectations, or a failed
// request by its classified OutboundError. Pure: the same values give the same verdict.

import type { ProbeDef } from '../../domain/sources.js';
import type { ProbeCheck, ProbeReason, TlsProblem } from '../../domain/probe-status.js';
import { OutboundError } from '../../net/outbound-error.js';

const DAY_MS = 86_400_000;

/** What the verdict needs of an answer (a subset of OutboundResponse). */
export interface ProbeAnswer {
  status: number;
  body: Buffer;
  truncated: boolean;
  timings: { totalMs: number };
  remoteAddress: string;
  tls?: { validTo: string; daysLeft: number };
}

export function judgeAnswer(def: ProbeDef, answer: ProbeAnswer, atMs: number): ProbeCheck {
  const latencyMs = answer.timings.totalMs;
  const reason = firstUnmet(def, answer, atMs);
  return {
    atMs,
    up: reason.kind === 'ok',
    reason,
    latencyMs,
    status: answer.status,
    remoteAddress: answer.remoteAddress,
    ...(answer.tls === undefined ? {} : { certificate: answer.tls }),
  };
}

export function judgeFailure(def: ProbeDef, error: unknown, atMs: number): ProbeCheck {
  return { atMs, up: false, reason: failureReason(def, error) };
}

/**
 * True when a timing verdict may be Forewarn's fault: the check timed out across a stall of at
 * least a tenth of its timeout (50 ms at the least), or was too slow only by the time it stalled.
 */
export function spoiledByStall(def: ProbeDef, check: ProbeCheck, stalledMs: number): boolean {
  if (check.reason.kind === 'timeout') return stalledMs >= Math.max(50, def.timeoutMs / 10);
  if (check.reason.kind === 'too-slow') {
    return check.reason.latencyMs - stalledMs <= check.reason.maxLatencyMs;
  }
  return false;
}

function firstUnmet(def: ProbeDef, answer: ProbeAnswer, atMs: number): ProbeReason {
  const expected = def.expect.status;
  const statusOk =
    expected.length === 0
      ? answer.status >= 200 && answer.status <= 399
      : expected.includes(answer.status);
  if (!statusOk) {
    return {
      kind: 'unexpected-status',
      status: answer.status,
      expected: expected.length === 0 ? '200–399' : expected.join(', '),
    };
  }
  const text = def.expect.bodyContains;
  if (text !== undefined && !answer.body.includes(text)) {
    return { kind: 'body-missing-text', text };
  }
  const maxLatencyMs = def.expect.maxLatencyMs;
  if (maxLatencyMs !== undefined && answer.timings.totalMs > maxLatencyMs) {
    return { kind: 'too-slow', latencyMs: answer.timings.totalMs, maxLatencyMs };
  }
  const minValidityMs = def.certificateMinValidityMs;
  if (minValidityMs !== undefined && answer.tls !== undefined) {
    const leftMs = Date.parse(answer.tls.validTo) - atMs;
    if (leftMs < minValidityMs) {
      return {
        kind: 'certificate-expiring',
        daysLeft: Math.floor(leftMs / DAY_MS),
        minimumDays: Math.round((minValidityMs / DAY_MS) * 10) / 10,
      };
    }
  }
  return { kind: 'ok' };
}

const TLS_PROBLEMS: Record<string, TlsProblem> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted-issuer',
  CERT_UNTRUSTED: 'untrusted-issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'name-mismatch',
  CERT_REVOKED: 'revoked',
  CERT_SIGNATURE_FAILURE: 'invalid-signature',
};

function failureReason(def: ProbeDef, error: unknown): ProbeReason {
  if (!(error instanceof OutboundError)) {
    return { kind: 'connection-failed', detail: 'request failed' };
  }
  const detail = error.message.replace(/; a retry (may|will not) help$/, '');
  switch (error.code) {
    case 'E_OUTBOUND_TIMEOUT':
      return { kind: 'timeout', timeoutMs: def.timeoutMs };
    case 'E_OUTBOUND_CONNECT':
      return error.causeCode === 'ECONNREFUSED'
        ? { kind: 'connection-refused' }
        : { kind: 'connection-failed', detail };
    case 'E_OUTBOUND_DNS':
      return { kind: 'dns-failure', detail };
    case 'E_OUTBOUND_TLS':
      return {
        kind: 'tls-failure',
        problem: TLS_PROBLEMS[error.causeCode ?? ''] ?? 'handshake-failed',
        detail,
      };
    case 'E_OUTBOUND_BLOCKED':
      return {
        kind: 'blocked',
        address: error.blockedAddress,
        detail: detail.replace(/^blocked: /, ''),
        afterRedirects: error.afterRedirects,
      };
    case 'E_OUTBOUND_REDIRECT':
      return { kind: 'redirect-refused', detail: detail.replace(/^refused: /, '') };
    case 'E_OUTBOUND_TOO_LARGE':
    case 'E_OUTBOUND_PROTOCOL':
      return { kind: 'protocol-error', detail };
  }
}
