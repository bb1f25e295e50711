import { describe, expect, it } from 'vitest';
import type { Audience, NotificationEvent } from '../notification.js';
import { defaultNotificationTemplates, defaultTemplateSource } from './default-templates.js';
import type { TemplateStyle } from './escapers.js';
import { parseTemplate } from './template-engine.js';

const events: NotificationEvent[] = [
  'early-warning',
  'breach',
  'recovered',
  'breach-avoided',
  'resolved',
  'test',
];
const audiences: Audience[] = ['client', 'team'];
const styles: TemplateStyle[] = ['html', 'slack', 'teams', 'plain'];
const every = events.flatMap((event) =>
  audiences.flatMap((audience) => styles.map((style) => [event, audience, style] as const)),
);

describe('default templates', () => {
  it.each(every)('%s for the %s in %s style parses', (event, audience, style) => {
    const source = defaultTemplateSource(event, audience, style);
    expect(parseTemplate(source.subject).ok).toBe(true);
    expect(parseTemplate(source.body).ok).toBe(true);
    expect(defaultNotificationTemplates(event, audience, style).body.nodes.length).toBeGreaterThan(
      0,
    );
  });

  it('are parsed once and reused', () => {
    expect(defaultNotificationTemplates('breach', 'client', 'html')).toBe(
      defaultNotificationTemplates('breach', 'client', 'html'),
    );
  });

  it.each(every.filter(([, audience]) => audience === 'client'))(
    '%s for the client in %s style uses no internal fields',
    (event, _audience, style) => {
      const { subject, body } = defaultTemplateSource(event, 'client', style);
      for (const source of [subject, body]) {
        expect(source).not.toMatch(/\{\{[^}]*\b(reason|reasonText|objective|incidentKey)\b/);
      }
    },
  );

  it.each(styles)('the client breach notice in %s style follows "We are seeing X…"', (style) => {
    expect(defaultTemplateSource('breach', 'client', style).body).toContain(
      'We are seeing {{seeing}}. We are doing {{doing}}. ' +
        '{{#nextUpdateAtMs}}We will tell you {{next}} by {{nextUpdateAtMs | time}}.{{/nextUpdateAtMs}}',
    );
  });

  it('the client breach subject names client and service and what we investigate', () => {
    expect(defaultTemplateSource('breach', 'client', 'plain').subject).toBe(
      '[{{client.name}} {{service.name}}] We are investigating {{seeing}}',
    );
  });

  it('the team early warning asks the product owner whether to tell the client', () => {
    const { body } = defaultTemplateSource('early-warning', 'team', 'plain');
    expect(body).toContain('Product owner: tell the client?');
    expect(body).toContain('{{reasonText}}');
    expect(body).toContain('At risk: {{objective.name}}');
  });

  it('the team breach says the client is notified first', () => {
    expect(defaultTemplateSource('breach', 'team', 'plain').body).toContain(
      'The client is being notified first.',
    );
  });

  it.each([
    ['html', /^<p><strong>.*<\/strong><\/p>\n(<p>.*<\/p>\n)+$/s],
    ['slack', /^\*[^\n]+\*\n\n/],
    ['teams', /^\*\*[^\n]+\*\*\n\n/],
    ['plain', /^[^<*][^\n]+\n\n/],
  ] as const)('lay out a %s body with its headline first', (style, shape) => {
    expect(defaultTemplateSource('recovered', 'team', style).body).toMatch(shape);
  });
});
