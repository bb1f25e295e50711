import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Definitions } from '../domain/definitions.js';
import type { EndpointDef } from '../domain/notification.js';
import { formatConfigErrors, parseConfig } from './load-config.js';
import type { ConfigResult } from './load-config.js';
import { deserializeDefinitions, serializeDefinitions } from './serialize-definitions.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(join(here, 'fixtures', name), 'utf8');
const example = (name: string) => readFileSync(join(here, '..', '..', 'examples', name), 'utf8');

const ENV = {
  SMTP_PASSWORD: 'smtp-password-from-env',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  TEAMS_WEBHOOK_URL: 'https://acme.webhook.office.com/webhookb2/xyz',
  PD_ROUTING_KEY: 'R0123456789abcdefABCDEF012345678',
  ACME_WEBHOOK_SECRET: 'whsec_Zm9yZXdhcm4tZXhhbXBsZS1zaWduaW5nLWtleS0zMmI=',
};
const SECRET_VALUES = Object.values(ENV);

const definitionsOf = (result: ConfigResult): Definitions => {
  if (!result.ok) throw new Error(formatConfigErrors(result.errors));
  return result.config.definitions;
};
const errorsOf = (result: ConfigResult) => {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
};
const endpoint = <K extends EndpointDef['kind']>(defs: Definitions, id: string, kind: K) => {
  const found = defs.endpoints.find((e) => e.id === id);
  if (found?.kind !== kind) throw new Error(`no ${kind} endpoint ${id}`);
  return found as Extract<EndpointDef, { kind: K }>;
};

describe('routing sections of fixtures/good/routing.yaml', () => {
  const defs = definitionsOf(parseConfig(fixture('good/routing.yaml'), 'routing.yaml', ENV));

  it('reads people with their contact points, naming unnamed people by id', () => {
    expect(defs.people.slice(0, 2)).toEqual([
      {
        id: 'alice',
        name: 'Alice Example',
        contactPoints: [
          { endpointId: 'team-mail', address: 'alice@example.com' },
          { endpointId: 'team-slack' },
        ],
      },
      { id: 'bob', name: 'bob', contactPoints: [{ endpointId: 'pagerduty' }] },
    ]);
  });

  it('reads a rotation: Monday 09:00 Berlin handoff, start and overrides as epoch ms', () => {
    expect(defs.rotations[0]).toEqual({
      id: 'submissions-on-call',
      memberIds: ['alice', 'bob'],
      handoffWeekday: 1,
      handoffMinuteOfDay: 9 * 60,
      timeZone: 'Europe/Berlin',
      startsAtMs: Date.parse('2026-11-02T08:00:00Z'),
      overrides: [
        {
          personId: 'carol',
          fromMs: Date.parse('2026-11-04T23:00:00Z'),
          toMs: Date.parse('2026-11-05T23:00:00Z'),
        },
      ],
    });
  });

  it('fills a rotation handoff with Monday 09:00 UTC and no overrides', () => {
    expect(defs.rotations[1]).toMatchObject({
      handoffWeekday: 1,
      handoffMinuteOfDay: 540,
      timeZone: 'UTC',
      overrides: [],
    });
  });

  it('maps the YAML role keys to roles, and reads the escalation policy', () => {
    expect(defs.services[0]).toEqual({
      id: 'submissions',
      name: 'Submissions API',
      roles: {
        'on-call': { rotationId: 'submissions-on-call' },
        'product-owner': { personId: 'dana' },
        'tech-lead': { personId: 'erin' },
        communicator: { personId: 'frank' },
      },
      escalation: { ackWithinMs: 10 * 60_000, chain: ['tech-lead', 'product-owner'] },
    });
    expect(defs.services[1]?.roles).toEqual({ 'on-call': { personId: 'bob' } });
  });

  it('reads client contacts and a contract that turns automatic notices off', () => {
    expect(defs.clients[0]?.contacts).toEqual([
      {
        name: 'Acme ops',
        contactPoints: [
          { endpointId: 'team-mail', address: 'ops@acme.example' },
          { endpointId: 'client-hooks' },
        ],
      },
    ]);
    expect(defs.slas[0]?.contract.autoNotice).toBe(false);
  });

  it('reads endpoint secrets from the environment given, and fills PagerDuty URL and SMTP TLS', () => {
    const mail = endpoint(defs, 'team-mail', 'email');
    expect(mail.smtp).toMatchObject({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      user: 'forewarn',
      from: 'Forewarn <forewarn@example.com>',
    });
    expect(mail.smtp.password?.reveal()).toBe(ENV.SMTP_PASSWORD);
    expect(endpoint(defs, 'team-slack', 'slack').url.reveal()).toBe(ENV.SLACK_WEBHOOK_URL);
    expect(endpoint(defs, 'teams', 'teams').url.reveal()).toBe(ENV.TEAMS_WEBHOOK_URL);
    const pd = endpoint(defs, 'pagerduty', 'pagerduty');
    expect(pd.routingKey.reveal()).toBe(ENV.PD_ROUTING_KEY);
    expect(pd.url).toBe('https://events.pagerduty.com/v2/enqueue');
    const hooks = endpoint(defs, 'client-hooks', 'webhook');
    expect(hooks.url.reveal()).toBe('https://hooks.acme.example/forewarn');
    expect(hooks.signingSecret.reveal()).toBe(ENV.ACME_WEBHOOK_SECRET);
  });

  it('prints every secret as <secret> through JSON.stringify', () => {
    const json = JSON.stringify(defs);
    expect(json).toContain('"url":"<secret>"');
    expect(json).toContain('"password":"<secret>"');
    for (const value of [...SECRET_VALUES, 'https://hooks.acme.example/forewarn']) {
      expect(json).not.toContain(value);
    }
  });

  it('uses TLS from the start on port 465 unless told otherwise', () => {
    const text = fixture('good/routing.yaml').replace(
      'port: 587\n      secure: false',
      'port: 465',
    );
    const mail = endpoint(definitionsOf(parseConfig(text, 'r.yaml', ENV)), 'team-mail', 'email');
    expect(mail.smtp.secure).toBe(true);
  });
});

describe('endpoint secrets from the environment', () => {
  it('refuses an unset variable, naming it and the endpoint', () => {
    const errors = errorsOf(
      parseConfig(fixture('good/routing.yaml'), 'routing.yaml', { ...ENV, SLACK_WEBHOOK_URL: '' }),
    );
    expect(errors).toMatchObject([
      { path: 'endpoints[1].url.env', line: 16, value: 'SLACK_WEBHOOK_URL' },
    ]);
    expect(errors[0]?.message).toBe(
      'environment variable SLACK_WEBHOOK_URL is not set, expected it to hold the webhook URL of endpoint "team-slack"',
    );
  });

  it('refuses a variable whose value does not fit, without showing the value', () => {
    const errors = errorsOf(
      parseConfig(fixture('good/routing.yaml'), 'routing.yaml', {
        ...ENV,
        TEAMS_WEBHOOK_URL: 'http://teams.example.com/hook/top-secret',
        PD_ROUTING_KEY: 'short-top-secret',
      }),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'endpoints[2].url.env',
      'endpoints[3].routingKey.env',
    ]);
    expect(errors[0]?.message).toBe(
      'environment variable TEAMS_WEBHOOK_URL does not hold an https:// URL (http:// only for localhost, 127.0.0.1 or [::1]) (the webhook URL of endpoint "teams")',
    );
    expect(JSON.stringify(errors) + formatConfigErrors(errors)).not.toContain('top-secret');
  });
});

describe('serializeDefinitions and deserializeDefinitions', () => {
  const defs = definitionsOf(parseConfig(fixture('good/routing.yaml'), 'routing.yaml', ENV));

  it('keep endpoint secrets across a JSON round trip, as Secrets that still print <secret>', () => {
    const text = serializeDefinitions(defs);
    expect(text).toContain(`{"$secret":"${ENV.SLACK_WEBHOOK_URL}"}`);
    const back = deserializeDefinitions(text);
    expect(endpoint(back, 'team-slack', 'slack').url.reveal()).toBe(ENV.SLACK_WEBHOOK_URL);
    expect(endpoint(back, 'team-mail', 'email').smtp.password?.reveal()).toBe(ENV.SMTP_PASSWORD);
    expect(JSON.stringify(back)).toBe(JSON.stringify(defs));
    expect(serializeDefinitions(back)).toBe(text);
  });

  it('leave everything that is not a secret as plain JSON would', () => {
    const back = deserializeDefinitions(serializeDefinitions(defs));
    const { endpoints: _a, ...rest } = back;
    const { endpoints: _b, ...original } = defs;
    expect(rest).toEqual(original);
  });
});

describe('the examples', () => {
  it.each(['forewarn.yaml', 'demo.yaml'])(
    '%s declares routing that loads with no environment',
    (name) => {
      const defs = definitionsOf(parseConfig(example(name), name, {}));
      expect(defs.people.length).toBeGreaterThan(0);
      expect(defs.endpoints.length).toBeGreaterThan(0);
      expect(defs.clients[0]?.contacts.length).toBeGreaterThan(0);
      expect(defs.services[0]?.roles['on-call']).toBeDefined();
    },
  );

  it('demo.yaml sends only to this machine', () => {
    const defs = definitionsOf(parseConfig(example('demo.yaml'), 'demo.yaml', {}));
    for (const e of defs.endpoints) {
      expect(e.kind).toBe('webhook');
      if (e.kind === 'webhook') expect(new URL(e.url.reveal()).hostname).toBe('127.0.0.1');
    }
  });
});
