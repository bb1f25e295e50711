// Slack incoming-webhook payload (api.slack.com/messaging/webhooks): `text` is the notification
// fallback, blocks carry the layout. Mrkdwn escaping is done by the template's slack escaper.

import type { NotificationMessage } from '../../domain/notification.js';
import { renderNotification } from '../../domain/templates/render-notification.js';
import { truncateEscaped } from '../truncate-text.js';

// Block Kit limits (api.slack.com/reference/block-kit/blocks): header text 150 characters,
// section text 3000; top-level text is advised to stay under 4000.
const HEADER_MAX_CHARS = 150;
const SECTION_MAX_CHARS = 3000;
const TEXT_MAX_CHARS = 4000;

export interface SlackPayload {
  text: string;
  blocks: Array<
    | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: false } }
    | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  >;
}

export function renderSlack(message: NotificationMessage): SlackPayload {
  const slack = renderNotification(message, 'slack');
  // A header is plain_text: Slack shows it literally, so it takes the unescaped subject.
  const header = renderNotification(message, 'plain').subject;
  return {
    text: truncateEscaped(slack.subject, TEXT_MAX_CHARS),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncateEscaped(header, HEADER_MAX_CHARS), emoji: false },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncateEscaped(slack.body.trimEnd(), SECTION_MAX_CHARS) },
      },
    ],
  };
}
