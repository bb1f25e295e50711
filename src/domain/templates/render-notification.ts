// One notification message → subject and body for one channel style, from the default templates
// or from custom ones parsed once at configuration time.

import type { NotificationMessage } from '../notification.js';
import { defaultNotificationTemplates, type NotificationTemplates } from './default-templates.js';
import { escapeMailHeader, escaperFor, type TemplateStyle } from './escapers.js';
import { messageVars } from './message-vars.js';
import { renderTemplate } from './template-engine.js';

export interface RenderedNotification {
  /** One line, no control characters: safe for a mail Subject. */
  subject: string;
  body: string;
}

// RFC 5322 §2.1.1: a header line is at most 998 characters; "Subject: " takes 9 of them.
const MAX_SUBJECT_CHARS = 989;

export function renderNotification(
  message: NotificationMessage,
  style: TemplateStyle,
  overrides: Partial<NotificationTemplates> = {},
): RenderedNotification {
  const defaults = defaultNotificationTemplates(message.event, message.audience, style);
  const vars = messageVars(message);
  const escape = escaperFor(style);
  // Email subjects are not HTML, so html and plain subjects are only kept on one line; Slack and
  // Teams show the subject as message text, so it is escaped for them as well.
  const escapeSubject =
    style === 'html' || style === 'plain'
      ? escapeMailHeader
      : (text: string): string => escapeMailHeader(escape(text));
  const subject = renderTemplate(overrides.subject ?? defaults.subject, vars, escapeSubject, {
    maxOutputChars: MAX_SUBJECT_CHARS,
  });
  return {
    // Literal text of a custom subject template may hold line breaks too.
    subject: escapeMailHeader(subject).trim(),
    body: renderTemplate(overrides.body ?? defaults.body, vars, escape),
  };
}
