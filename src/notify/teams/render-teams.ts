// Teams incoming webhook (Workflows "post to a channel when a webhook request is received"): a
// message whose one attachment is an Adaptive Card (adaptivecards.io, schema 1.4 — the highest
// version Teams renders everywhere, per learn.microsoft.com "Cards reference").

import type { NotificationMessage } from '../../domain/notification.js';
import { escapeTeamsMarkdown } from '../../domain/templates/escapers.js';
import { renderNotification } from '../../domain/templates/render-notification.js';

type TextBlock = {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium';
  style?: 'heading';
};

export interface TeamsPayload {
  type: 'message';
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive';
      contentUrl: null;
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
        type: 'AdaptiveCard';
        version: '1.4';
        body: Array<
          TextBlock | { type: 'FactSet'; facts: Array<{ title: string; value: string }> }
        >;
      };
    },
  ];
}

export function renderTeams(message: NotificationMessage): TeamsPayload {
  const teams = renderNotification(message, 'teams');
  const paragraphs = teams.body
    .trim()
    .split(/\n{2,}/)
    .map((text): TextBlock => ({ type: 'TextBlock', text, wrap: true }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: teams.subject,
              wrap: true,
              weight: 'Bolder',
              size: 'Medium',
              style: 'heading',
            },
            ...paragraphs,
            {
              type: 'FactSet',
              facts: [
                { title: 'Client', value: escapeTeamsMarkdown(message.client.name) },
                { title: 'Service', value: escapeTeamsMarkdown(message.service.name) },
                { title: 'SLA', value: escapeTeamsMarkdown(message.sla.name) },
                { title: 'Objective', value: escapeTeamsMarkdown(message.objective.name) },
              ],
            },
          ],
        },
      },
    ],
  };
}
