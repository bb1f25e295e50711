// The notifications Forewarn sends when nobody has written their own: one subject and one body per
// event and audience, laid out per channel style. Client notices say only what the client needs
// (what we see, what we do, when we speak next); the reason with its numbers is for the team.

import type { Audience, NotificationEvent } from '../notification.js';
import type { TemplateStyle } from './escapers.js';
import { parseTemplate, type Template } from './template-engine.js';

interface NoticeText {
  subject: string;
  headline: string;
  paragraphs: readonly string[];
}

export interface TemplateSource {
  subject: string;
  body: string;
}

export interface NotificationTemplates {
  subject: Template;
  body: Template;
}

const CLIENT_TAG = '[{{client.name}} {{service.name}}]';
const TEAM_TAG = '[Forewarn]';
const WHERE = '{{objective.name}} for {{client.name}} {{service.name}}';

const PROMISE =
  'We are seeing {{seeing}}. We are doing {{doing}}. ' +
  '{{#nextUpdateAtMs}}We will tell you {{next}} by {{nextUpdateAtMs | time}}.{{/nextUpdateAtMs}}' +
  '{{^nextUpdateAtMs}}We will tell you {{next}}.{{/nextUpdateAtMs}}';

const INCIDENT = 'Incident {{incidentKey}}.';

const TEXTS: Record<NotificationEvent, Record<Audience, NoticeText>> = {
  'early-warning': {
    client: {
      subject: `${CLIENT_TAG} We are watching {{seeing}}`,
      headline: 'We are watching {{seeing}} on {{service.name}}',
      paragraphs: [
        PROMISE,
        'Nothing agreed under {{sla.name}} has been missed. We are telling you early so you can plan.',
        'First seen at {{occurredAtMs | time}}.',
      ],
    },
    team: {
      subject: `${TEAM_TAG} Early warning: ${WHERE}`,
      headline: 'Early warning: {{objective.name}} is at risk',
      paragraphs: [
        'At risk: {{objective.name}} in {{sla.name}} for {{client.name}}, service {{service.name}}.',
        'Why: {{reasonText}}. Seen at {{occurredAtMs | time}}.',
        'Product owner: tell the client? If you do, the notice will read: "' + PROMISE + '"',
        INCIDENT,
      ],
    },
  },
  breach: {
    client: {
      subject: `${CLIENT_TAG} We are investigating {{seeing}}`,
      headline: 'We are investigating {{seeing}} on {{service.name}}',
      paragraphs: [
        PROMISE,
        'This affects {{service.name}} under {{sla.name}} since {{occurredAtMs | time}}. ' +
          'We will keep you informed until it is resolved.',
      ],
    },
    team: {
      subject: `${TEAM_TAG} BREACH: ${WHERE}`,
      headline: 'Breach: {{objective.name}} in {{sla.name}}',
      paragraphs: [
        '{{objective.name}} for {{client.name}}, service {{service.name}}, is breached since {{occurredAtMs | time}}.',
        'Why: {{reasonText}}.',
        'The client is being notified first. Their notice reads: "' + PROMISE + '"',
        '{{#nextUpdateAtMs}}Next client update due by {{nextUpdateAtMs | time}}.{{/nextUpdateAtMs}}' +
          '{{^nextUpdateAtMs}}No next client update time is set: set one now.{{/nextUpdateAtMs}}',
        INCIDENT,
      ],
    },
  },
  recovered: {
    client: {
      subject: `${CLIENT_TAG} Recovered: {{service.name}} is back within {{sla.name}}`,
      headline: '{{service.name}} has recovered',
      paragraphs: [PROMISE, 'Recovered at {{occurredAtMs | time}}.'],
    },
    team: {
      subject: `${TEAM_TAG} Recovered: ${WHERE}`,
      headline: 'Recovered: {{objective.name}}',
      paragraphs: [
        '{{objective.name}} in {{sla.name}} for {{client.name}}, service {{service.name}}, is back within objective at {{occurredAtMs | time}}.',
        'Why: {{reasonText}}.',
        INCIDENT,
      ],
    },
  },
  'breach-avoided': {
    client: {
      subject: `${CLIENT_TAG} Back to normal on {{service.name}}`,
      headline: '{{service.name}} is back to normal',
      paragraphs: [
        PROMISE,
        'Everything agreed under {{sla.name}} was kept. Back to normal at {{occurredAtMs | time}}.',
      ],
    },
    team: {
      subject: `${TEAM_TAG} Breach avoided: ${WHERE}`,
      headline: 'Breach avoided: {{objective.name}}',
      paragraphs: [
        'The early warning on {{objective.name}} in {{sla.name}} for {{client.name}}, service {{service.name}}, has cleared at {{occurredAtMs | time}}.',
        'Why: {{reasonText}}.',
        INCIDENT,
      ],
    },
  },
  resolved: {
    client: {
      subject: `${CLIENT_TAG} Resolved: {{seeing}}`,
      headline: 'The issue on {{service.name}} is resolved',
      paragraphs: [PROMISE, 'Resolved at {{occurredAtMs | time}}.'],
    },
    team: {
      subject: `${TEAM_TAG} Resolved: ${WHERE}`,
      headline: 'Resolved: {{objective.name}}',
      paragraphs: [
        'The incident on {{objective.name}} in {{sla.name}} for {{client.name}}, service {{service.name}}, is resolved at {{occurredAtMs | time}}.',
        'Why: {{reasonText}}.',
        'Next: the postmortem.',
        INCIDENT,
      ],
    },
  },
  update: {
    client: {
      subject: `${CLIENT_TAG} Update: {{seeing}}`,
      headline: 'An update on {{service.name}}',
      paragraphs: [PROMISE, 'This concerns {{service.name}} under {{sla.name}}.'],
    },
    team: {
      subject: `${TEAM_TAG} Client update sent: ${WHERE}`,
      headline: 'Client update sent: {{objective.name}}',
      paragraphs: [
        '{{client.name}} was told: "' + PROMISE + '"',
        '{{#nextUpdateAtMs}}Next client update due by {{nextUpdateAtMs | time}}.{{/nextUpdateAtMs}}',
        INCIDENT,
      ],
    },
  },
  reminder: {
    client: {
      subject: `${CLIENT_TAG} {{seeing}}`,
      headline: '{{seeing}}',
      paragraphs: [PROMISE],
    },
    team: {
      subject: `${TEAM_TAG} Action needed: {{seeing}}`,
      headline: 'Action needed: {{seeing}}',
      paragraphs: [
        '{{seeing}}. {{doing}}.',
        'About {{objective.name}} in {{sla.name}} for {{client.name}}, service {{service.name}}.',
        INCIDENT,
      ],
    },
  },
  test: {
    client: {
      subject: `${CLIENT_TAG} Test notice`,
      headline: 'This is a test notice',
      paragraphs: [
        'This message tests the notices you receive about {{service.name}} under {{sla.name}}. No action is needed.',
        'Sent at {{occurredAtMs | time}}.',
      ],
    },
    team: {
      subject: `${TEAM_TAG} Test notification for {{client.name}} {{service.name}}`,
      headline: 'This is a test notification',
      paragraphs: [
        'This message tests the team notifications for {{client.name}}, service {{service.name}}. No action is needed.',
        'Sent at {{occurredAtMs | time}}.',
      ],
    },
  },
};

function layout(style: TemplateStyle, text: NoticeText): string {
  switch (style) {
    case 'html':
      return [
        `<p><strong>${text.headline}</strong></p>`,
        ...text.paragraphs.map((p) => `<p>${p}</p>`),
      ]
        .join('\n')
        .concat('\n');
    case 'slack':
      return [`*${text.headline}*`, ...text.paragraphs].join('\n\n').concat('\n');
    case 'teams':
      return [`**${text.headline}**`, ...text.paragraphs].join('\n\n').concat('\n');
    case 'plain':
      return [text.headline, ...text.paragraphs].join('\n\n').concat('\n');
  }
}

/** The default template text, e.g. to show as a starting point for a custom template. */
export function defaultTemplateSource(
  event: NotificationEvent,
  audience: Audience,
  style: TemplateStyle,
): TemplateSource {
  const text = TEXTS[event][audience];
  return { subject: text.subject, body: layout(style, text) };
}

const parsedDefaults = new Map<string, NotificationTemplates>();

function mustParse(source: string): Template {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(`default template does not parse: ${result.error.message}`);
  return result.template;
}

export function defaultNotificationTemplates(
  event: NotificationEvent,
  audience: Audience,
  style: TemplateStyle,
): NotificationTemplates {
  const key = `${event}/${audience}/${style}`;
  let templates = parsedDefaults.get(key);
  if (templates === undefined) {
    const source = defaultTemplateSource(event, audience, style);
    templates = { subject: mustParse(source.subject), body: mustParse(source.body) };
    parsedDefaults.set(key, templates);
  }
  return templates;
}
