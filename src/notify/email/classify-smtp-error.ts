// An SMTP failure → one DeliveryResult. RFC 5321 §4.2.1: 4yz replies are transient, 5yz are
// permanent. Only the reply code and the command's verb reach the reason: nodemailer's message
// and `command` can quote the server's text or an AUTH PLAIN line with the password in base64.

import type { DeliveryResult } from '../../app/delivery.js';

interface SmtpErrorLike {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

const STEP_BY_VERB: Record<string, string> = {
  CONN: 'connect',
  EHLO: 'EHLO',
  HELO: 'HELO',
  LHLO: 'LHLO',
  STARTTLS: 'STARTTLS',
  AUTH: 'AUTH',
  MAIL: 'MAIL FROM',
  RCPT: 'RCPT TO',
  DATA: 'DATA',
  RSET: 'RSET',
};

// Failures with no reply code: network trouble is worth retrying, a bad envelope or message is not.
const RETRYABLE_WITHOUT_REPLY = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
]);

export function classifySmtpError(error: unknown): DeliveryResult {
  const smtp = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorLike;
  const code = typeof smtp.code === 'string' ? smtp.code : 'EUNKNOWN';
  const verb = typeof smtp.command === 'string' ? (smtp.command.split(' ')[0] ?? '') : '';
  const step = STEP_BY_VERB[verb.toUpperCase()] ?? 'sending';
  const reply = typeof smtp.responseCode === 'number' ? smtp.responseCode : undefined;
  if (reply !== undefined && reply >= 400 && reply < 600) {
    const transient = reply < 500;
    return {
      ok: false,
      retryable: transient,
      reason: `SMTP server answered ${reply} to ${step}: ${transient ? 'a temporary failure' : 'a permanent refusal'}`,
      status: reply,
    };
  }
  const retryable = RETRYABLE_WITHOUT_REPLY.has(code);
  return {
    ok: false,
    retryable,
    reason: `SMTP error ${code} during ${step}`,
  };
}
