import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeReason } from '../describe-reason.js';
import type { Audience, NotificationEvent, NotificationMessage } from '../notification.js';
import type { Reason } from '../objective-state.js';
import type { TemplateStyle } from './escapers.js';
import { messageVars } from './message-vars.js';
import { renderNotification } from './render-notification.js';
import { parseTemplate, type Template } from './template-engine.js';
import { controlCharacters, injectionCorpus } from './test-support/injection-corpus.js';

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 27, 9, 42);

const factsByEvent: Record<
  NotificationEvent,
  Pick<NotificationMessage, 'reason' | 'seeing' | 'doing' | 'next' | 'nextUpdateAtMs'>
> = {
  'early-warning': {
    reason: {
      kind: 'fraction-of-threshold',
      observed: 712.4,
      threshold: 800,
      enterAt: 640,
      fractionOfThreshold: 0.8905,
    },
    seeing: 'rising p95 latency',
    doing: 'a check of the database load behind it',
    next: 'whether it affects you',
    nextUpdateAtMs: t0 + 30 * minute,
  },
  breach: {
    reason: {
      kind: 'threshold-crossed',
      observed: 912,
      threshold: 800,
      comparator: '<=',
      measurementWindowMs: 5 * minute,
    },
    seeing: 'degraded p95 latency',
    doing: 'a rollback of the 09:30 release',
    next: 'what caused it and when it is fixed',
    nextUpdateAtMs: Date.UTC(2026, 10, 27, 10, 0),
  },
  recovered: {
    reason: {
      kind: 'recovery-complete',
      withinSinceMs: t0 - 15 * minute,
      recoveryPeriodMs: 15 * minute,
    },
    seeing: 'p95 latency back within the agreed level',
    doing: 'close monitoring',
    next: 'what caused it and what we change',
    nextUpdateAtMs: Date.UTC(2026, 10, 28, 10, 0),
  },
  update: {
    reason: {
      kind: 'threshold-crossed',
      observed: 912,
      threshold: 800,
      comparator: '<=',
      measurementWindowMs: 5 * minute,
    },
    seeing: 'degraded p95 latency since 09:42 UTC, affecting about 1 in 20 requests',
    doing: 'a rollback of the 09:30 release',
    next: 'whether the rollback restored normal latency',
    nextUpdateAtMs: Date.UTC(2026, 10, 27, 10, 30),
  },
  reminder: {
    reason: {
      kind: 'threshold-crossed',
      observed: 912,
      threshold: 800,
      comparator: '<=',
      measurementWindowMs: 5 * minute,
    },
    seeing: 'the client update promised for 10:30 UTC is due in 10 minutes',
    doing: 'Send it from the incident page, or the team is paged when it passes',
    next: 'nothing',
  },
  'breach-avoided': {
    reason: { kind: 'warning-cleared', clearSinceMs: t0 - 10 * minute, clearAfterMs: 10 * minute },
    seeing: 'p95 latency back to normal',
    doing: 'a watch on it for the rest of the day',
    next: 'if anything changes',
  },
  resolved: {
    reason: {
      kind: 'recovery-complete',
      withinSinceMs: t0 - 60 * minute,
      recoveryPeriodMs: 15 * minute,
    },
    seeing: 'the slow submissions of this morning',
    doing: 'a review of what happened',
    next: 'what we change so it does not happen again',
    nextUpdateAtMs: Date.UTC(2026, 11, 4, 16, 0),
  },
  test: {
    reason: { kind: 'within-objective' },
    seeing: 'nothing unusual',
    doing: 'a test of our notices',
    next: 'nothing more',
  },
};

function sampleMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  const event = overrides.event ?? 'breach';
  const facts = factsByEvent[event];
  const reason: Reason = overrides.reason ?? facts.reason;
  return {
    event,
    audience: 'client',
    incidentKey: 'acme.submissions.p95-latency#2026-11-27T09:42',
    occurredAtMs: t0,
    client: { id: 'acme', name: 'Acme' },
    service: { id: 'submissions', name: 'submissions' },
    sla: { id: 'acme-msa', name: 'Acme MSA 2026' },
    objective: { key: 'p95-latency', name: 'p95 latency ≤ 800 ms' },
    reasonText: describeReason(reason, 'ms'),
    ...facts,
    ...overrides,
    reason,
  };
}

const events = Object.keys(factsByEvent) as NotificationEvent[];
const audiences: Audience[] = ['client', 'team'];
const styles: TemplateStyle[] = ['html', 'slack', 'teams', 'plain'];

describe('golden notifications', () => {
  const cases = events.flatMap((event) => audiences.map((audience) => [event, audience] as const));

  it.each(cases)('%s for the %s renders exactly as its golden file', (event, audience) => {
    const message = sampleMessage({ event, audience });
    const rendered = styles
      .map((style) => {
        const { subject, body } = renderNotification(message, style);
        return `== ${style} ==\nSubject: ${subject}\n\n${body}`;
      })
      .join('\n');
    const file = new URL(`./golden/${event}-${audience}.txt`, import.meta.url);
    // The test, not the engine, reads the environment: golden files change only on purpose.
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, rendered);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
  });
});

describe('renderNotification', () => {
  it('gives the client breach notice in the "We are seeing X…" form', () => {
    const { subject, body } = renderNotification(sampleMessage(), 'plain');
    expect(subject).toBe('[Acme submissions] We are investigating degraded p95 latency');
    expect(body).toContain(
      'We are seeing degraded p95 latency. We are doing a rollback of the 09:30 release. ' +
        'We will tell you what caused it and when it is fixed by 2026-11-27 10:00 UTC.',
    );
  });

  it('without a promised time, still says what we will tell the client', () => {
    const { body } = renderNotification(sampleMessage({ nextUpdateAtMs: undefined }), 'plain');
    expect(body).toContain('We will tell you what caused it and when it is fixed.');
    expect(body).not.toContain(' by ');
  });

  it('reminds the team to set a next update when none is promised', () => {
    const message = sampleMessage({ audience: 'team', nextUpdateAtMs: undefined });
    expect(renderNotification(message, 'plain').body).toContain(
      'No next client update time is set: set one now.',
    );
  });

  it.each(events.flatMap((event) => styles.map((style) => [event, style] as const)))(
    'never shows the client the internal reason of %s in %s style',
    (event, style) => {
      const message = sampleMessage({ event, audience: 'client' });
      const { subject, body } = renderNotification(message, style);
      for (const text of [subject, body]) {
        expect(text).not.toContain('observed');
        expect(text).not.toContain(message.incidentKey);
        expect(text).not.toContain(message.objective.name);
        expect(text).not.toContain('budget');
      }
    },
  );

  it('gives the team the reason with its numbers', () => {
    const { body } = renderNotification(sampleMessage({ audience: 'team' }), 'plain');
    expect(body).toContain('Why: observed 912 ms breaks <= 800 ms over 5m.');
  });

  it('uses a custom template when one is given', () => {
    const parse = (source: string): Template => {
      const parsed = parseTemplate(source);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.template;
    };
    const out = renderNotification(sampleMessage(), 'html', {
      subject: parse('Line one\r\nBcc: {{client.name}}'),
      body: parse('<h1>{{seeing | upper}}</h1>'),
    });
    expect(out).toEqual({ subject: 'Line one Bcc: Acme', body: '<h1>DEGRADED P95 LATENCY</h1>' });
  });

  it('keeps the subject within one header line', () => {
    const long = sampleMessage({ seeing: 'x'.repeat(5000) });
    const { subject } = renderNotification(long, 'plain');
    expect(subject.length).toBeLessThanOrEqual(989);
    expect(subject.endsWith('…')).toBe(true);
  });
});

describe('notifications with hostile fields', () => {
  const hostile = (text: string): NotificationMessage =>
    sampleMessage({
      audience: 'team',
      client: { id: 'acme', name: text },
      service: { id: 'submissions', name: text },
      sla: { id: 'acme-msa', name: text },
      objective: { key: 'p95-latency', name: text },
      reasonText: text,
      seeing: text,
      doing: text,
      next: text,
      incidentKey: text,
    });

  it.each(injectionCorpus)('keeps every subject on one line for %j', (text) => {
    for (const audience of audiences) {
      for (const style of styles) {
        const { subject } = renderNotification({ ...hostile(text), audience }, style);
        expect(subject).not.toMatch(/[\r\n]/);
        expect(subject).not.toMatch(new RegExp(controlCharacters.source));
      }
    }
  });

  it.each(injectionCorpus)('html bodies hold no markup from %j', (text) => {
    const { body } = renderNotification(hostile(text), 'html');
    const markupFromTemplate = /<\/?(p|strong)>/g;
    expect(body.replace(markupFromTemplate, '')).not.toMatch(/[<>]/);
  });

  it.each(injectionCorpus)('slack bodies hold no link, mention or command from %j', (text) => {
    const { body } = renderNotification(hostile(text), 'slack');
    expect(body).not.toMatch(/[<>]/);
    expect(body).not.toMatch(/@(channel|here|everyone)/);
  });

  it.each(injectionCorpus)('values are printed as text, never evaluated: %j', (text) => {
    const { body } = renderNotification(hostile(text), 'plain');
    expect(body).toContain(`We are seeing ${text.replace(controlCharacters, '')}.`);
    expect(body).not.toContain('49');
  });
});

describe('messageVars', () => {
  it('flattens the message into plain values for templates', () => {
    const vars = messageVars(sampleMessage());
    expect(vars).toEqual({
      event: 'breach',
      audience: 'client',
      incidentKey: 'acme.submissions.p95-latency#2026-11-27T09:42',
      occurredAtMs: t0,
      client: { id: 'acme', name: 'Acme' },
      service: { id: 'submissions', name: 'submissions' },
      sla: { id: 'acme-msa', name: 'Acme MSA 2026' },
      objective: { key: 'p95-latency', name: 'p95 latency ≤ 800 ms' },
      reason: {
        kind: 'threshold-crossed',
        observed: 912,
        threshold: 800,
        comparator: '<=',
        measurementWindowMs: 300_000,
      },
      reasonText: 'observed 912 ms breaks <= 800 ms over 5m',
      seeing: 'degraded p95 latency',
      doing: 'a rollback of the 09:30 release',
      next: 'what caused it and when it is fixed',
      nextUpdateAtMs: Date.UTC(2026, 10, 27, 10, 0),
    });
  });

  it('leaves out a next update time that is not set', () => {
    expect(messageVars(sampleMessage({ nextUpdateAtMs: undefined }))).not.toHaveProperty(
      'nextUpdateAtMs',
    );
  });
});
