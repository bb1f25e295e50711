// Every file under fixtures/good loads; every file under fixtures/bad fails with exactly the
// errors listed here (path, line, value, and a phrase of what was expected).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatConfigErrors, parseConfig } from './load-config.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (kind: 'good' | 'bad', name: string) => readFileSync(join(dir, kind, name), 'utf8');
const ENV = {
  INITECH_PUSH_TOKEN: 'initech-token-from-env',
  SHARED_TOKEN: 'shared-token-value-123',
  SMTP_PASSWORD: 'smtp-password-from-env',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
  TEAMS_WEBHOOK_URL: 'https://acme.webhook.office.com/webhookb2/xyz',
  PD_ROUTING_KEY: 'R0123456789abcdefABCDEF012345678',
  ACME_WEBHOOK_SECRET: 'whsec_Zm9yZXdhcm4tZXhhbXBsZS1zaWduaW5nLWtleS0zMmI=',
};

interface Expected {
  path: string;
  line: number;
  value?: unknown;
  expected: string;
}

const BAD: Record<string, Expected[]> = {
  'routing-problems.yaml': [
    {
      path: 'endpoints[1].id',
      line: 6,
      value: 'mail',
      expected: 'first declared at routing-problems.yaml:3',
    },
    {
      path: 'people[0].notify[0].address',
      line: 12,
      value: undefined,
      expected: 'an e-mail address, since endpoint "mail" sends e-mail',
    },
    {
      path: 'people[0].notify[1].endpoint',
      line: 13,
      value: 'pager',
      expected: 'the id of a declared endpoint (declared: mail)',
    },
    {
      path: 'people[1].notify[0].address',
      line: 15,
      value: 'bob(at)example.com',
      expected: 'an e-mail address',
    },
    {
      path: 'people[2].notify',
      line: 17,
      value: [],
      expected: 'at least one { endpoint, address }',
    },
    {
      path: 'rotations[0].members[1]',
      line: 20,
      value: 'zoe',
      expected: 'the id of a declared person',
    },
    {
      path: 'rotations[0].overrides[0].person',
      line: 23,
      value: 'nobody',
      expected: 'a declared person',
    },
    {
      path: 'rotations[1].overrides[0].to',
      line: 28,
      value: '2026-11-04T00:00:00Z',
      expected: 'an instant after "from"',
    },
    { path: 'rotations[2].members', line: 30, value: [], expected: 'at least one member' },
    {
      path: 'rotations[2].handoff.weekday',
      line: 31,
      value: 'funday',
      expected: 'a weekday: sunday, monday',
    },
    {
      path: 'rotations[2].handoff.time',
      line: 31,
      value: '25:00',
      expected: 'a local time of day "HH:MM"',
    },
    {
      path: 'clients[0].contacts[0].notify[0].address',
      line: 37,
      expected: 'an e-mail address, since endpoint "mail" sends e-mail',
    },
    {
      path: 'services[0].roles.onCall.rotation',
      line: 41,
      value: 'on-cal',
      expected: 'the id of a declared rotation (declared: on-call)',
    },
    {
      path: 'services[0].roles.productOwner.person',
      line: 42,
      value: 'dan',
      expected: 'a declared person',
    },
    {
      path: 'services[0].escalation.chain[1]',
      line: 43,
      value: 'communicator',
      expected: 'a role this service has a holder for (roles.communicator is not set)',
    },
    { path: 'services[1].roles.techLead.person', line: 46, expected: 'an id' },
    {
      path: 'services[1].roles.techLead.rotation',
      line: 46,
      value: 'on-call',
      expected: 'one of the keys person',
    },
  ],
  'endpoint-problems.yaml': [
    {
      path: 'endpoints[0].url.value',
      line: 5,
      value: '<secret>',
      expected: 'an https:// URL (http:// only for localhost',
    },
    {
      path: 'endpoints[1].url',
      line: 8,
      value: '<secret>',
      expected: 'a mapping with the keys env, value',
    },
    {
      path: 'endpoints[2].signingSecret.value',
      line: 12,
      value: '<secret>',
      expected: 'a Standard Webhooks secret',
    },
    {
      path: 'endpoints[3].routingKey.value',
      line: 15,
      value: '<secret>',
      expected: 'a PagerDuty integration key',
    },
    {
      path: 'endpoints[3].url',
      line: 16,
      value: 'http://events.pagerduty.com/v2/enqueue',
      expected: 'an https:// URL',
    },
    { path: 'endpoints[4].smtp.user', line: 19, expected: 'a user name to go with the password' },
    {
      path: 'endpoints[4].smtp.port',
      line: 21,
      value: 70000,
      expected: 'a port number from 1 to 65535',
    },
    { path: 'endpoints[4].smtp.from', line: 23, value: 'nobody', expected: 'a sender such as' },
    {
      path: 'endpoints[5].kind',
      line: 25,
      value: 'carrier-pigeon',
      expected: 'a kind: email, webhook, slack, teams, pagerduty',
    },
  ],
  'objective-out-of-range.yaml': [
    {
      path: 'slas[0].objectives[0].budget.objective',
      line: 12,
      value: 100.5,
      expected: 'a percentage between 0 and 100 (exclusive)',
    },
  ],
  'unknown-references.yaml': [
    {
      path: 'slis[1].service',
      line: 6,
      value: 'nowhere',
      expected: 'declared service (declared: api)',
    },
    {
      path: 'slas[0].client',
      line: 9,
      value: 'acmee',
      expected: 'declared client (declared: acme)',
    },
    { path: 'slas[0].objectives[0].sli', line: 13, value: 'api-sucess', expected: 'declared SLI' },
  ],
  'sli-of-another-service.yaml': [
    {
      path: 'slas[0].objectives[0].sli',
      line: 12,
      value: 'invoice-success',
      expected: `an SLI of the SLA's service "api"`,
    },
  ],
  'duplicate-ids.yaml': [
    {
      path: 'clients[1].id',
      line: 4,
      value: 'acme',
      expected: 'first declared at duplicate-ids.yaml:3',
    },
    {
      path: 'slas[0].objectives[1].id',
      line: 13,
      value: 'availability',
      expected: 'an id not used by another objective',
    },
  ],
  'bad-durations.yaml': [
    {
      path: 'slas[0].contract.noticeTime',
      line: 10,
      value: '15 minutes',
      expected: 'a duration such as',
    },
    {
      path: 'slas[0].objectives[0].threshold.window',
      line: 14,
      value: '90s',
      expected: 'a whole number of minutes',
    },
    {
      path: 'slas[0].objectives[0].recoveryPeriod',
      line: 15,
      value: '5m1h',
      expected: 'a duration such as',
    },
  ],
  'statistic-does-not-fit-sli.yaml': [
    {
      path: 'slas[0].objectives[0].threshold.statistic',
      line: 14,
      value: 'good-ratio',
      expected: 'a statistic of a distribution SLI',
    },
    {
      path: 'slas[0].objectives[1].threshold.statistic',
      line: 17,
      value: 'p95',
      expected: 'good-ratio, since "api-success" is a ratio SLI',
    },
    {
      path: 'slas[0].objectives[2].budget.goodWhen',
      line: 20,
      value: { comparator: '<=', value: 1 },
      expected: 'no goodWhen',
    },
    { path: 'slas[0].objectives[3].budget', line: 23, expected: 'goodWhen or timeSlice' },
  ],
  'contract-terms.yaml': [
    { path: 'slas[0].contract.monthlyFee.currency', line: 10, value: 'euro', expected: 'ISO 4217' },
    {
      path: 'slas[0].contract.creditTiers[1].below',
      line: 13,
      value: 99.9,
      expected: `lower than the previous tier's 99`,
    },
    {
      path: 'slas[0].contract.exclusions[0].to',
      line: 15,
      value: '2026-11-01T02:00:00Z',
      expected: 'an instant after "from"',
    },
    {
      path: 'slas[0].contract.exclusions[1].from',
      line: 16,
      value: '2026-11-01 02:00',
      expected: 'with a time zone',
    },
  ],
  'burn-rate-windows.yaml': [
    {
      path: 'slas[0].objectives[0].earlyWarning.burnRates[0].short',
      line: 15,
      value: '1h',
      expected: 'shorter than the long window',
    },
    {
      path: 'slas[0].objectives[1].earlyWarning.fractionOfThreshold',
      line: 20,
      expected: 'no fractionOfThreshold on a budget objective',
    },
    {
      path: 'slas[0].objectives[1].earlyWarning.burnRates[1].long',
      line: 23,
      value: '10d',
      expected: 'no longer than the period (7d)',
    },
    {
      path: 'slas[0].objectives[2].earlyWarning.fractionOfThreshold.hysteresis',
      line: 28,
      value: 0.9,
      expected: 'below enterAt (0.8)',
    },
    {
      path: 'slas[0].objectives[2].earlyWarning.burnRates',
      line: 29,
      value: 'sometimes',
      expected: '"default"',
    },
  ],
  'misspelled-key.yaml': [
    {
      path: 'clients[0].timezone',
      line: 2,
      value: 'Europe/Berlin',
      expected: 'one of the keys id, name, timeZone, pushTokens',
    },
    {
      path: 'slas[0].objectives[0].buget',
      line: 12,
      expected: 'one of the keys id, name, sli, threshold, budget',
    },
  ],
  'client-problems.yaml': [
    { path: 'clients[0].id', line: 3, value: 'Acme', expected: 'lowercase letters' },
    {
      path: 'clients[0].timeZone',
      line: 4,
      value: 'Europe/Berlinn',
      expected: 'an IANA time zone',
    },
    {
      path: 'clients[0].pushTokens[0].value',
      line: 6,
      value: '<secret>',
      expected: 'at least 16 characters',
    },
    {
      path: 'clients[2].pushTokens[0].env',
      line: 13,
      value: 'SHARED_TOKEN',
      expected: 'also a token of "globex"',
    },
  ],
  'three-mistakes.yaml': [
    { path: 'clients[0].timeZone', line: 3, value: 'Mars/Olympus', expected: 'an IANA time zone' },
    { path: 'slis[0].kind', line: 5, value: 'histogram', expected: '"ratio"' },
    {
      path: 'slas[0].objectives[0].threshold.value',
      line: 13,
      value: 'fast',
      expected: 'a number',
    },
  ],
  'wrong-api-version.yaml': [
    { path: 'apiVersion', line: 1, value: 'forewarn/v2', expected: '"forewarn/v1"' },
  ],
  'openslo-problems.yaml': [
    {
      path: 'documents[2].spec.objectives[0].target',
      line: 27,
      value: 99.9,
      expected: 'a ratio between 0 and 1',
    },
    {
      path: 'documents[4].spec.objectives[1].slo',
      line: 43,
      value: 'api-latency',
      expected: 'the name of an SLO document',
    },
  ],
};

describe('good fixtures', () => {
  const names = readdirSync(join(dir, 'good'));
  it.each(names)('%s loads', (name) => {
    const result = parseConfig(read('good', name), name, ENV);
    expect(result.ok ? '' : formatConfigErrors(result.errors)).toBe('');
  });
});

describe('bad fixtures', () => {
  it('every bad fixture has its expected errors listed', () => {
    expect(
      readdirSync(join(dir, 'bad'))
        .filter((n) => n !== 'broken-yaml.yaml')
        .sort(),
    ).toEqual(Object.keys(BAD).sort());
  });

  it('never shows a secret of a bad endpoint, in any form of the errors', () => {
    const result = parseConfig(read('bad', 'endpoint-problems.yaml'), 'e.yaml', ENV);
    if (result.ok) throw new Error('loaded');
    const text = JSON.stringify(result.errors) + formatConfigErrors(result.errors);
    expect(text).not.toMatch(/secret-(path|signing|key|password)/);
  });

  it.each(Object.entries(BAD))('%s fails with exactly the listed errors', (name, expected) => {
    const result = parseConfig(read('bad', name), name, ENV);
    if (result.ok) throw new Error(`${name} loaded`);
    expect(result.errors.map((e) => e.path)).toEqual(expected.map((e) => e.path));
    for (const [i, want] of expected.entries()) {
      const got = result.errors[i];
      expect(got?.file).toBe(name);
      expect(got?.line, want.path).toBe(want.line);
      if ('value' in want) expect(got?.value, want.path).toEqual(want.value);
      expect(got?.expected, want.path).toContain(want.expected);
      expect(got?.message, want.path).toContain(want.expected);
    }
  });
});
