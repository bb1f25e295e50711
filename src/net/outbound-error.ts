// Every failure of an outbound request, classified. Messages name the kind of destination and the
// reason only — never the URL, its path or query, a header or a credential — because webhook URLs
// and routing keys are secrets, and these messages end up in logs, stored errors and the UI.

export type OutboundErrorCode =
  | 'E_OUTBOUND_BLOCKED'
  | 'E_OUTBOUND_TIMEOUT'
  | 'E_OUTBOUND_CONNECT'
  | 'E_OUTBOUND_TLS'
  | 'E_OUTBOUND_TOO_LARGE'
  | 'E_OUTBOUND_REDIRECT'
  | 'E_OUTBOUND_DNS'
  | 'E_OUTBOUND_PROTOCOL';

export class OutboundError extends Error {
  readonly code: OutboundErrorCode;
  readonly retryable: boolean;
  /** The system or TLS error code behind this one (ECONNREFUSED, CERT_HAS_EXPIRED), if any. */
  readonly causeCode: string | undefined;
  /**
   * E_OUTBOUND_BLOCKED: the refused address (or metadata host name). Kept out of the message, which
   * names only its kind; a caller that shows it (probes, to an admin) decides to.
   */
  readonly blockedAddress: string | undefined;
  /** How many redirects were followed before this failure: 0 means the first request failed. */
  afterRedirects = 0;

  constructor(
    code: OutboundErrorCode,
    reason: string,
    retryable: boolean,
    causeCode?: string,
    blockedAddress?: string,
  ) {
    // The original error is deliberately not kept as `cause`: its message may quote the URL.
    super(`${reason}; ${retryable ? 'a retry may help' : 'a retry will not help'}`);
    this.name = 'OutboundError';
    this.code = code;
    this.retryable = retryable;
    this.causeCode = causeCode;
    this.blockedAddress = blockedAddress;
  }
}

export function isOutboundError(e: unknown): e is OutboundError {
  return e instanceof OutboundError;
}
