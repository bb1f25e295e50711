// One notification → one email, without I/O. Headers stay on one line; the Message-ID comes from
// the idempotency key so a receiver that sees a retry can tell it is the same message.

import { createHash } from 'node:crypto';
import type { NotificationMessage } from '../../domain/notification.js';
import { escapeMailHeader } from '../../domain/templates/escapers.js';
import { renderNotification } from '../../domain/templates/render-notification.js';

export interface RenderedEmail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export type EmailRendering =
  { ok: true; email: RenderedEmail } | { ok: false; field: 'from' | 'to'; expected: string };

// A single ASCII addr-spec (RFC 5321 §4.1.2 Mailbox), no display name, no comments, no lists:
// stricter than RFC 5322 on purpose, since every address comes from configuration.
const MAILBOX =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const EXPECTED_MAILBOX = 'a single address like name@example.com';
const EXPECTED_FROM = 'an address like alerts@example.com or "Forewarn <alerts@example.com>"';
const NAME_ADDR = /^([^<>]*)<([^<>]+)>$/;

export function isMailbox(address: string): boolean {
  return address.length <= 254 && MAILBOX.test(address);
}

export function renderEmail(
  message: NotificationMessage,
  envelope: { from: string; to: string; idempotencyKey: string },
): EmailRendering {
  const from = parseFrom(envelope.from);
  if (from === undefined) return { ok: false, field: 'from', expected: EXPECTED_FROM };
  if (!isMailbox(envelope.to)) return { ok: false, field: 'to', expected: EXPECTED_MAILBOX };
  const plain = renderNotification(message, 'plain');
  const html = renderNotification(message, 'html');
  return {
    ok: true,
    email: {
      from,
      to: envelope.to,
      subject: escapeMailHeader(plain.subject),
      text: plain.body,
      html: html.body,
      messageId: messageIdFor(envelope.idempotencyKey, from.address),
    },
  };
}

/** "alerts@example.com" or "Forewarn <alerts@example.com>"; the name is kept to one line. */
export function parseFrom(text: string): { name: string; address: string } | undefined {
  const nameAddr = NAME_ADDR.exec(text.trim());
  const name = escapeMailHeader(nameAddr?.[1] ?? '')
    .trim()
    .replace(/^"(.*)"$/, '$1');
  const address = (nameAddr?.[2] ?? text).trim();
  return isMailbox(address) ? { name, address } : undefined;
}

/** `<digest@sender-domain>` (RFC 5322 §3.6.4): the same key always gives the same id. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  const domain = from.slice(from.lastIndexOf('@') + 1).toLowerCase();
  return `<${digest}@${domain}>`;
}
