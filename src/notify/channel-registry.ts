// Every channel Forewarn can deliver through. Adding one: its folder, and one line below.

import type { ChannelSender } from '../app/delivery.js';
import type { ChannelKind } from '../domain/notification.js';
import { createEmailSender, type EmailSenderDeps } from './email/email-sender.js';
import { createPagerDutySender } from './pagerduty/pagerduty-sender.js';
import { createSlackSender } from './slack/slack-sender.js';
import { createTeamsSender } from './teams/teams-sender.js';
import { createWebhookSender } from './webhook/webhook-sender.js';

export type ChannelSenderDeps = EmailSenderDeps;

export function createChannelSenders(deps: ChannelSenderDeps): Map<ChannelKind, ChannelSender> {
  const senders: ChannelSender[] = [
    createEmailSender(deps),
    createWebhookSender(deps),
    createSlackSender(deps),
    createTeamsSender(deps),
    createPagerDutySender(deps),
  ];
  return new Map(senders.map((sender) => [sender.kind, sender]));
}
