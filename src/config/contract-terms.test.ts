// The contract terms the breach protocol reads: noticeFallback, postmortemDue, credits and the
// contract's dates — defaults, every accepted value, every refusal with path, line, value and
// what was expected, and the checks of credit terms against the SLA's objectives.

import { describe, expect, it } from 'vitest';
import type { ContractTerms } from '../domain/definitions.js';
import { checkInputs } from './check-inputs.js';
import { emptyInputs } from './config-input.js';
import { formatConfigErrors, parseConfig } from './load-config.js';
import type { ConfigError } from './load-config.js';
import { readNativeDocument } from './read-native.js';
import { parseYamlFile } from './source-document.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const AVAILABILITY =
  '{ id: availability, sli: api-success, budget: { objective: 99.9, period: 30d } }';
const LATENCY_LIMIT =
  '{ id: latency, sli: api-latency, threshold: { statistic: p95, comparator: "<=", value: 800, window: 5m } }';
const GOOD_MINUTES =
  '{ id: good-minutes, sli: api-success, budget: { objective: 99, period: 30d, timeSlice: { statistic: good-ratio, comparator: ">=", value: 0.95 } } }';

/** A config whose one SLA has the contract lines given (indented under `contract:`). */
function configWith(contract: string[], objectives: string[] = [AVAILABILITY]): string {
  return [
    'apiVersion: forewarn/v1',
    'clients: [{ id: acme }]',
    'services: [{ id: api }]',
    'slis:',
    '  - { id: api-success, service: api, kind: ratio }',
    '  - { id: api-latency, service: api, kind: distribution, unit: ms }',
    'slas:',
    '  - id: acme-api',
    '    client: acme',
    '    service: api',
    ...(contract.length === 0 ? [] : ['    contract:', ...contract.map((line) => `      ${line}`)]),
    '    objectives:',
    ...objectives.map((o) => `      - ${o}`),
    '',
  ].join('\n');
}

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((line) => line.includes(needle)) + 1;

function contractOf(contract: string[], objectives?: string[]): ContractTerms {
  const result = parseConfig(configWith(contract, objectives), 'terms.yaml', {});
  if (!result.ok) throw new Error(formatConfigErrors(result.errors));
  const terms = result.config.definitions.slas[0]?.contract;
  if (terms === undefined) throw new Error('no SLA');
  return terms;
}

function errorsOf(contract: string[], objectives?: string[]): ConfigError[] {
  const result = parseConfig(configWith(contract, objectives), 'terms.yaml', {});
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
}

describe('contract terms of the breach protocol: defaults', () => {
  it('without them: auto-send fallback, postmortem due in 5 days, time-based credits with 5-minute downtime and intervals, no dates', () => {
    const terms = contractOf([]);
    expect(terms).toMatchObject({
      noticeFallback: 'auto-send',
      postmortemDueMs: 5 * DAY_MS,
      credits: { basis: 'time', minimumDowntimeMs: 5 * MINUTE_MS, intervalMs: 5 * MINUTE_MS },
    });
    expect(terms.credits).not.toHaveProperty('badMinuteErrorRatio');
    expect(terms).not.toHaveProperty('startsAt');
    expect(terms).not.toHaveProperty('endsAt');
  });

  it('fills the credit fields a partial credits block leaves out', () => {
    expect(contractOf(['credits: { basis: requests }']).credits).toEqual({
      basis: 'requests',
      minimumDowntimeMs: 5 * MINUTE_MS,
      intervalMs: 5 * MINUTE_MS,
    });
  });
});

describe('contract terms of the breach protocol: accepted values', () => {
  it.each(['auto-send', 'remind-only'] as const)('reads noticeFallback: %s', (fallback) => {
    expect(contractOf([`noticeFallback: ${fallback}`]).noticeFallback).toBe(fallback);
  });

  it.each([
    ['3d', 3 * DAY_MS],
    ['36h', 36 * 60 * MINUTE_MS],
    ['1w', 7 * DAY_MS],
  ])('reads postmortemDue: %s as %i ms', (text, ms) => {
    expect(contractOf([`postmortemDue: ${text}`]).postmortemDueMs).toBe(ms);
  });

  it.each(['time', 'requests'] as const)('reads credits.basis: %s', (basis) => {
    expect(contractOf([`credits: { basis: ${basis} }`]).credits.basis).toBe(basis);
  });

  it.each([
    ['1m', MINUTE_MS],
    ['10m', 10 * MINUTE_MS],
    ['1h', 60 * MINUTE_MS],
  ])('reads credits.minimumDowntime and credits.interval: %s', (text, ms) => {
    const credits = contractOf([
      `credits: { minimumDowntime: ${text}, interval: ${text} }`,
    ]).credits;
    expect([credits.minimumDowntimeMs, credits.intervalMs]).toEqual([ms, ms]);
  });

  it.each([
    [0, 0],
    [2.5, 0.025],
    [99.9, 0.999],
  ])('reads credits.badMinuteErrorRate: %s (a percentage) as the ratio %s', (percent, ratio) => {
    expect(contractOf([`credits: { badMinuteErrorRate: ${percent} }`]).credits).toMatchObject({
      badMinuteErrorRatio: ratio,
    });
  });

  it('reads startsAt and endsAt with their offsets as UTC instants', () => {
    const terms = contractOf([
      "startsAt: '2026-11-15T00:00:00+01:00'",
      "endsAt: '2027-11-15T00:00:00+01:00'",
    ]);
    expect([terms.startsAt, terms.endsAt]).toEqual([
      '2026-11-14T23:00:00.000Z',
      '2027-11-14T23:00:00.000Z',
    ]);
  });

  it('accepts a contract with only a start or only an end', () => {
    expect(contractOf(["startsAt: '2026-11-15T00:00:00Z'"])).not.toHaveProperty('endsAt');
    expect(contractOf(["endsAt: '2026-11-15T00:00:00Z'"])).not.toHaveProperty('startsAt');
  });
});

describe('contract terms of the breach protocol: refusals', () => {
  it.each<[string, string, unknown, string]>([
    ['noticeFallback: never', 'noticeFallback', 'never', 'one of "auto-send" or "remind-only"'],
    ['noticeFallback: true', 'noticeFallback', true, 'one of "auto-send" or "remind-only"'],
    ['postmortemDue: soon', 'postmortemDue', 'soon', 'a duration such as "30s"'],
    ['postmortemDue: 5', 'postmortemDue', 5, 'a duration such as "30s"'],
    ['credits: cheap', 'credits', 'cheap', 'a mapping with the keys basis, minimumDowntime'],
    ['credits: { basis: minutes }', 'credits.basis', 'minutes', 'one of "time" (good minutes)'],
    [
      'credits: { minimumDowntime: 90s }',
      'credits.minimumDowntime',
      '90s',
      'a whole number of minutes',
    ],
    ['credits: { minimumDowntime: 0m }', 'credits.minimumDowntime', '0m', 'a whole number'],
    ['credits: { interval: 30s }', 'credits.interval', '30s', 'a whole number of minutes'],
    ['credits: { interval: often }', 'credits.interval', 'often', 'a whole number of minutes'],
    [
      'credits: { badMinuteErrorRate: 100 }',
      'credits.badMinuteErrorRate',
      100,
      'a percentage from 0 up to (not including) 100',
    ],
    [
      'credits: { badMinuteErrorRate: -1 }',
      'credits.badMinuteErrorRate',
      -1,
      'a percentage from 0 up to (not including) 100',
    ],
    [
      "credits: { badMinuteErrorRate: '5%' }",
      'credits.badMinuteErrorRate',
      '5%',
      'a percentage from 0 up to (not including) 100',
    ],
    ['credits: { window: 5m }', 'credits.window', '5m', 'one of the keys basis, minimumDowntime'],
    ["startsAt: '2026-11-15'", 'startsAt', '2026-11-15', 'an ISO-8601 instant with a time zone'],
    ["endsAt: '2026-11-15 00:00'", 'endsAt', '2026-11-15 00:00', 'an ISO-8601 instant'],
  ])('refuses %s', (line, field, value, expected) => {
    const text = configWith([line]);
    const errors = errorsOf([line]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: 'terms.yaml',
      path: `slas[0].contract.${field}`,
      line: lineOf(text, line),
      value,
    });
    expect(errors[0]?.expected).toContain(expected);
    expect(errors[0]?.message).toContain(expected);
  });

  it('reports every mistake in the new terms at once', () => {
    const errors = errorsOf([
      'noticeFallback: later',
      'postmortemDue: 2 days',
      'credits: { basis: uptime, minimumDowntime: 5, badMinuteErrorRate: 150, interval: 1s }',
    ]);
    expect(errors.map((e) => e.path)).toEqual([
      'slas[0].contract.noticeFallback',
      'slas[0].contract.postmortemDue',
      'slas[0].contract.credits.basis',
      'slas[0].contract.credits.minimumDowntime',
      'slas[0].contract.credits.badMinuteErrorRate',
      'slas[0].contract.credits.interval',
    ]);
  });

  it.each([
    ['before', "'2026-10-01T00:00:00Z'"],
    ['at the same instant as', "'2026-11-01T00:00:00+00:00'"],
  ])('refuses an endsAt %s startsAt, naming the start', (_, end) => {
    const lines = ["startsAt: '2026-11-01T00:00:00Z'", `endsAt: ${end}`];
    const errors = errorsOf(lines);
    expect(errors).toMatchObject([
      {
        path: 'slas[0].contract.endsAt',
        line: lineOf(configWith(lines), 'endsAt'),
        value: end.slice(1, -1),
        expected: 'an instant after "startsAt" (2026-11-01T00:00:00.000Z)',
      },
    ]);
  });
});

describe('credit terms against the SLA', () => {
  it('refuses a requests basis when every objective is a threshold or time-slice objective', () => {
    const lines = ['credits: { basis: requests }'];
    const text = configWith(lines, [LATENCY_LIMIT, GOOD_MINUTES]);
    const errors = errorsOf(lines, [LATENCY_LIMIT, GOOD_MINUTES]);
    expect(errors).toEqual([
      {
        file: 'terms.yaml',
        path: 'slas[0].contract.credits.basis',
        line: lineOf(text, 'credits:'),
        value: 'requests',
        expected:
          '"time", since no objective of this SLA counts requests (each is a threshold or time-slice objective)',
        message:
          'got "requests", expected "time", since no objective of this SLA counts requests (each is a threshold or time-slice objective)',
      },
    ]);
  });

  it('accepts a requests basis when one objective counts requests; the others are measured on time', () => {
    const terms = contractOf(['credits: { basis: requests }'], [LATENCY_LIMIT, AVAILABILITY]);
    expect(terms.credits.basis).toBe('requests');
  });

  it('reports what the credit arithmetic refuses at the contract field it comes from', () => {
    // 99.99999999999999 % passes the schema but becomes the ratio 1 (12 significant digits).
    const line = 'credits: { badMinuteErrorRate: 99.99999999999999 }';
    const errors = errorsOf([line]);
    expect(errors).toMatchObject([
      {
        path: 'slas[0].contract.credits.badMinuteErrorRate',
        line: lineOf(configWith([line]), 'credits:'),
        value: 99.99999999999999,
        expected: 'a ratio in [0, 1) (the credit terms read badMinuteErrorRatio as 1)',
      },
    ]);
  });

  it('maps each credit-terms field to its contract field when terms reach the check unvalidated', () => {
    const lines = [
      'creditTiers: [{ below: 99.9, credit: 10 }]',
      "startsAt: '2026-11-01T00:00:00Z'",
      "endsAt: '2026-12-01T00:00:00Z'",
      'credits: { interval: 5m }',
    ];
    const parsed = parseYamlFile(configWith(lines), 'terms.yaml');
    if (!parsed.ok || parsed.documents[0] === undefined) throw new Error('YAML');
    const inputs = emptyInputs();
    expect(readNativeDocument(parsed.documents[0], inputs)).toEqual([]);
    const sla = inputs.slas[0];
    if (sla === undefined) throw new Error('no SLA');
    // As if another reader had produced the terms without the schema's checks.
    sla.value.contract = {
      ...sla.value.contract,
      creditTiers: [{ belowPercent: 99.9, creditPercent: 120 }],
      endsAt: '2026-10-01T00:00:00.000Z',
      credits: { ...sla.value.contract.credits, intervalMs: 90_000 },
    };

    const errors = checkInputs(inputs);

    expect(errors.map((e) => [e.path, e.value])).toEqual([
      ['slas[0].contract.credits.interval', '5m'],
      ['slas[0].contract.creditTiers[0].credit', 10],
      ['slas[0].contract.endsAt', '2026-12-01T00:00:00Z'],
    ]);
    expect(errors.map((e) => e.expected)).toEqual([
      'whole minutes, at least one (the credit terms read intervalMs as 90000)',
      'a percentage from 0 to 100 (the credit terms read tiers[0].creditPercent as 120)',
      `after activeFromMs (${Date.parse('2026-11-01T00:00:00Z')}) (the credit terms read activeUntilMs as ${Date.parse('2026-10-01T00:00:00Z')})`,
    ]);
  });
});
