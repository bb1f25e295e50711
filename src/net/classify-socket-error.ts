// Turns what node:net, node:tls, node:http and node:dns throw into an OutboundError. Only the
// error's `code` is read: Node's messages can quote the host, the path or the query.

import { OutboundError } from './outbound-error.js';

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  CERT_NOT_YET_VALID: 'TLS certificate is not valid yet',
  CERT_REVOKED: 'TLS certificate was revoked',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain ends in an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate issuer is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'TLS certificate issuer is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer is not trusted',
  CERT_SIGNATURE_FAILURE: 'TLS certificate signature is invalid',
  CERT_UNTRUSTED: 'TLS certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'TLS handshake timed out',
};

const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the destination',
  EPIPE: 'connection closed by the destination while sending',
  EHOSTUNREACH: 'destination host unreachable',
  EHOSTDOWN: 'destination host is down',
  ENETUNREACH: 'destination network unreachable',
  ENETDOWN: 'network is down',
  EADDRNOTAVAIL: 'no local address can reach the destination',
};

export function classifySocketError(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e;
  const code = errorCode(e);
  if (code === undefined) return new OutboundError('E_OUTBOUND_CONNECT', 'request failed', true);
  const connect = CONNECT_REASONS[code];
  if (connect !== undefined) return new OutboundError('E_OUTBOUND_CONNECT', connect, true, code);
  if (code === 'ETIMEDOUT') {
    return new OutboundError('E_OUTBOUND_TIMEOUT', 'connection timed out', true, code);
  }
  const tls = TLS_REASONS[code];
  if (tls !== undefined) {
    return new OutboundError('E_OUTBOUND_TLS', tls, code === 'ERR_TLS_HANDSHAKE_TIMEOUT', code);
  }
  if (/^(ERR_SSL_|ERR_TLS_|EPROTO$)/.test(code) || /CERT|X509/.test(code)) {
    return new OutboundError('E_OUTBOUND_TLS', 'TLS handshake failed', false, code);
  }
  if (code.startsWith('HPE_')) {
    return new OutboundError('E_OUTBOUND_PROTOCOL', 'malformed HTTP response', false, code);
  }
  if (code.startsWith('ERR_INVALID_') || code.startsWith('ERR_HTTP_')) {
    return new OutboundError(
      'E_OUTBOUND_PROTOCOL',
      'invalid request (header or method)',
      false,
      code,
    );
  }
  return new OutboundError('E_OUTBOUND_CONNECT', 'request failed', true, code);
}

// DNS failures are all treated as retryable: a name that does not resolve now may resolve once
// DNS has propagated, and a notification given up on too early is a lost notification (R2).
export function classifyDnsError(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e;
  const code = errorCode(e);
  const reason =
    code === 'ENOTFOUND'
      ? 'host name does not resolve'
      : code === 'ENODATA'
        ? 'host name has no address records'
        : 'DNS lookup failed';
  return new OutboundError('E_OUTBOUND_DNS', reason, true, code);
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
