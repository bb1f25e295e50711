// services[].levers: which signed webhook each containment lever posts to. The lever names, the
// shape of each binding, and that the endpoint exists and is a webhook endpoint.

import { describe, expect, it } from 'vitest';
import { formatConfigErrors, parseConfig } from './load-config.js';
import type { ConfigError } from './load-config.js';

const ENDPOINTS = [
  'endpoints:',
  '  - id: flag-service',
  '    kind: webhook',
  "    url: { value: 'https://flags.example/hooks/forewarn' }",
  '    signingSecret: { value: whsec_Zm9yZXdhcm4tZXhhbXBsZS1zaWduaW5nLWtleS0zMmI= }',
  '  - id: cd-pipeline',
  '    kind: webhook',
  "    url: { value: 'https://cd.example/hooks/rollback' }",
  '    signingSecret: { value: whsec_Zm9yZXdhcm4tZXhhbXBsZS1zaWduaW5nLWtleS0zMmI= }',
  '  - id: team-slack',
  '    kind: slack',
  "    url: { value: 'https://hooks.slack.example/services/T000/B000/demo' }",
  '  - id: team-mail',
  '    kind: email',
  "    smtp: { host: smtp.example.com, user: forewarn, password: { value: pw }, from: 'f@example.com' }",
];

/** One service whose `levers:` block holds the lines given. */
function configWith(levers: string[], endpoints: string[] = ENDPOINTS): string {
  return [
    'apiVersion: forewarn/v1',
    ...endpoints,
    'services:',
    '  - id: checkout',
    ...(levers.length === 0 ? [] : ['    levers:', ...levers.map((l) => `      ${l}`)]),
    '',
  ].join('\n');
}

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((line) => line.includes(needle)) + 1;

function leverActionsOf(levers: string[]) {
  const result = parseConfig(configWith(levers), 'levers.yaml', {});
  if (!result.ok) throw new Error(formatConfigErrors(result.errors));
  return result.config.definitions.services[0]?.leverActions;
}

function errorsOf(text: string): ConfigError[] {
  const result = parseConfig(text, 'levers.yaml', {});
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
}

describe('service levers', () => {
  it('binds no lever when the service says nothing', () => {
    expect(leverActionsOf([])).toBeUndefined();
  });

  it('binds each of the four levers to a webhook endpoint', () => {
    expect(
      leverActionsOf([
        'feature-flag: { endpoint: flag-service }',
        'deploy-rollback: { endpoint: cd-pipeline }',
        'migration-rollback: { endpoint: cd-pipeline }',
        'data-correction: { endpoint: cd-pipeline }',
      ]),
    ).toEqual({
      'feature-flag': { endpointId: 'flag-service' },
      'deploy-rollback': { endpointId: 'cd-pipeline' },
      'migration-rollback': { endpointId: 'cd-pipeline' },
      'data-correction': { endpointId: 'cd-pipeline' },
    });
  });

  it('refuses a lever name it does not know, listing the levers', () => {
    const text = configWith([
      'feature-flag: { endpoint: flag-service }',
      'rollback: { endpoint: cd-pipeline }',
    ]);
    expect(errorsOf(text)).toEqual([
      {
        file: 'levers.yaml',
        path: 'services[0].levers.rollback',
        line: lineOf(text, 'rollback:'),
        value: { endpoint: 'cd-pipeline' },
        expected: 'a lever: feature-flag, deploy-rollback, migration-rollback, data-correction',
        message:
          'unknown key "rollback", expected a lever: feature-flag, deploy-rollback, migration-rollback, data-correction',
      },
    ]);
  });

  it.each<[string, string[], string, unknown, string]>([
    [
      'a list instead of a mapping',
      ['- feature-flag'],
      'services[0].levers',
      ['feature-flag'],
      'a mapping from lever name to { endpoint: <id of a webhook endpoint> }',
    ],
    [
      'an endpoint id without { endpoint: … }',
      ['feature-flag: flag-service'],
      'services[0].levers.feature-flag',
      'flag-service',
      '{ endpoint: <id of a webhook endpoint> }',
    ],
    [
      'a URL where the endpoint id goes',
      ["feature-flag: { endpoint: 'https://flags.example/x' }"],
      'services[0].levers.feature-flag.endpoint',
      'https://flags.example/x',
      'an id of lowercase letters',
    ],
    [
      'another key than endpoint',
      ["feature-flag: { url: 'https://flags.example/x' }"],
      'services[0].levers.feature-flag.url',
      'https://flags.example/x',
      '{ endpoint: <id of a webhook endpoint> }',
    ],
  ])('refuses %s', (_, levers, path, value, expected) => {
    const errors = errorsOf(configWith(levers));
    expect(errors.map((e) => e.path)).toContain(path);
    const error = errors.find((e) => e.path === path);
    expect(error?.value).toEqual(value);
    expect(error?.expected).toContain(expected);
  });

  it('refuses an endpoint that is not declared, listing the webhook endpoints', () => {
    const text = configWith(['feature-flag: { endpoint: flags }']);
    expect(errorsOf(text)).toMatchObject([
      {
        path: 'services[0].levers.feature-flag.endpoint',
        line: lineOf(text, 'feature-flag:'),
        value: 'flags',
        expected:
          'the id of a declared webhook endpoint (webhook endpoints declared: flag-service, cd-pipeline)',
      },
    ]);
  });

  it.each([
    ['team-slack', 'a slack endpoint'],
    ['team-mail', 'an email endpoint'],
  ])('refuses the %s endpoint, saying it is %s and not a webhook', (id, kind) => {
    const text = configWith([`deploy-rollback: { endpoint: ${id} }`]);
    expect(errorsOf(text)).toMatchObject([
      {
        path: 'services[0].levers.deploy-rollback.endpoint',
        line: lineOf(text, 'deploy-rollback:'),
        value: id,
        expected: `the id of a webhook endpoint: a lever action is a signed webhook, and "${id}" is ${kind} (webhook endpoints declared: flag-service, cd-pipeline)`,
      },
    ]);
  });

  it('says so when no webhook endpoint is declared at all', () => {
    const errors = errorsOf(configWith(['feature-flag: { endpoint: flag-service }'], []));
    expect(errors[0]?.expected).toBe(
      'the id of a declared webhook endpoint (no webhook endpoint is declared)',
    );
  });

  it('reports a broken endpoint once, not again at the lever that names it', () => {
    const broken = ENDPOINTS.map((line) =>
      line.includes('whsec_') ? '    signingSecret: { value: not-a-secret }' : line,
    );
    const errors = errorsOf(configWith(['feature-flag: { endpoint: flag-service }'], broken));
    expect(errors.map((e) => e.path)).toEqual([
      'endpoints[0].signingSecret.value',
      'endpoints[1].signingSecret.value',
    ]);
  });
});
