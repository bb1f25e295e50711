import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultBurnRates } from '../domain/evaluation/burn-rate-table.js';
import type { BudgetObjectiveDef, ThresholdObjectiveDef } from '../domain/definitions.js';
import { formatConfigErrors, loadConfigFiles, parseConfig } from './load-config.js';
import type { ConfigResult } from './load-config.js';
import { withoutRouting } from './test-support/without-routing.js';

const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, '..', '..', 'examples');
const fixture = (name: string) => readFileSync(join(here, 'fixtures', name), 'utf8');

const loaded = (result: ConfigResult) => {
  if (!result.ok)
    throw new Error(`expected the config to load:\n${formatConfigErrors(result.errors)}`);
  return result.config;
};
const failed = (result: ConfigResult) => {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
};

const DAY_MS = 86_400_000;
// Inline rather than a fixture file: prettier --check refuses to read invalid YAML.
const BROKEN_YAML =
  'apiVersion: forewarn/v1\nclients:\n  - id: acme\n    name: "Acme\nservices: []\n';

describe('parseConfig on examples/forewarn.yaml', () => {
  const config = loaded(
    parseConfig(readFileSync(join(examples, 'forewarn.yaml'), 'utf8'), 'forewarn.yaml', {}),
  );
  const defs = config.definitions;

  it('declares acme and globex with their services, SLIs and SLAs', () => {
    expect(defs.clients.map((c) => c.id)).toEqual(['acme', 'globex']);
    expect(defs.services.map((s) => s.id)).toEqual(['submissions', 'checkout']);
    expect(defs.slas.map((s) => s.id)).toEqual(['acme-submissions', 'globex-checkout']);
  });

  it('keys objectives by SLA and local id, with durations in ms and the objective as a ratio', () => {
    const [latency, availability] = defs.slas[0]?.objectives ?? [];
    expect(latency).toEqual<ThresholdObjectiveDef>({
      key: 'acme-submissions/latency',
      slaId: 'acme-submissions',
      localId: 'latency',
      name: 'p95 latency within 800 ms',
      sliId: 'submission-latency',
      kind: 'threshold',
      statistic: 'p95',
      comparator: '<=',
      threshold: 800,
      measurementWindowMs: 5 * 60_000,
      earlyWarning: {
        fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 },
        trendProjection: { horizonMs: 15 * 60_000, lookbackMs: 10 * 60_000 },
      },
      recoveryPeriodMs: 10 * 60_000,
      clearAfterMs: 5 * 60_000,
    });
    expect(availability).toMatchObject<Partial<BudgetObjectiveDef>>({
      key: 'acme-submissions/availability',
      kind: 'budget',
      objectiveRatio: 0.999,
      period: { kind: 'rolling', durationMs: 30 * DAY_MS },
      earlyWarning: { burnRates: defaultBurnRates(30 * DAY_MS) },
    });
  });

  it('reads the contract: notice, cadence, fee, credit tiers and exclusions', () => {
    expect(defs.slas[0]?.contract).toEqual({
      noticeMs: 15 * 60_000,
      updateCadenceMs: 30 * 60_000,
      monthlyFee: { amount: 5000, currency: 'EUR' },
      creditTiers: [
        { belowPercent: 99.9, creditPercent: 10 },
        { belowPercent: 99, creditPercent: 25 },
        { belowPercent: 95, creditPercent: 100 },
      ],
      exclusions: [
        {
          name: 'Planned maintenance',
          startsAt: '2026-11-01T02:00:00.000Z',
          endsAt: '2026-11-01T04:00:00.000Z',
        },
      ],
      autoNotice: true,
      noticeFallback: 'auto-send',
      postmortemDueMs: 5 * 86_400_000,
      credits: { basis: 'time', minimumDowntimeMs: 5 * 60_000, intervalMs: 5 * 60_000 },
    });
  });

  it('reads the breach-protocol terms of the globex contract and the checkout lever', () => {
    expect(defs.slas[1]?.contract).toMatchObject({
      autoNotice: false,
      noticeFallback: 'remind-only',
      postmortemDueMs: 3 * DAY_MS,
      credits: { basis: 'requests', minimumDowntimeMs: 5 * 60_000, intervalMs: 5 * 60_000 },
      startsAt: '2026-11-15T05:00:00.000Z',
    });
    expect(defs.services[1]?.leverActions).toEqual({
      'feature-flag': { endpointId: 'flag-service' },
    });
    expect(defs.endpoints.find((e) => e.id === 'flag-service')?.kind).toBe('webhook');
  });

  it('runs with no environment: the demo push tokens are inline values', () => {
    expect(config.pushTokens.map((t) => [t.clientId, t.token.reveal()])).toEqual([
      ['acme', 'acme-demo-push-token-0001'],
      ['globex', 'globex-demo-push-token-0001'],
    ]);
    expect(JSON.stringify(config)).not.toContain('demo-push-token');
  });
});

describe('defaults', () => {
  const defs = loaded(parseConfig(fixture('good/minimal.yaml'), 'minimal.yaml', {})).definitions;

  it('fills names from ids and the time zone with UTC', () => {
    expect(defs.clients).toEqual([{ id: 'acme', name: 'acme', timeZone: 'UTC', contacts: [] }]);
    expect(defs.services).toEqual([{ id: 'api', name: 'api', roles: {} }]);
    expect(defs.slis).toEqual([
      { id: 'api-success', serviceId: 'api', name: 'api-success', kind: 'ratio' },
    ]);
    expect(defs.slas[0]?.name).toBe('acme-api');
  });

  it('gives an unnamed objective a name that says what it promises', () => {
    expect(defs.slas[0]?.objectives[0]?.name).toBe('99.5% good over 28d');
  });

  it('fills the contract with 15m notice, 30m updates, no credits, no exclusions, auto notice, a 5-day postmortem and time-based credits with 5-minute downtime', () => {
    expect(defs.slas[0]?.contract).toEqual({
      noticeMs: 15 * 60_000,
      updateCadenceMs: 30 * 60_000,
      creditTiers: [],
      exclusions: [],
      autoNotice: true,
      noticeFallback: 'auto-send',
      postmortemDueMs: 5 * 86_400_000,
      credits: { basis: 'time', minimumDowntimeMs: 5 * 60_000, intervalMs: 5 * 60_000 },
    });
  });

  it('declares no people, rotations or endpoints', () => {
    expect([defs.people, defs.rotations, defs.endpoints]).toEqual([[], [], []]);
  });

  it('fills recovery 10m, clear-after 5m, and the default burn-rate table scaled to the period', () => {
    expect(defs.slas[0]?.objectives[0]).toMatchObject({
      recoveryPeriodMs: 10 * 60_000,
      clearAfterMs: 5 * 60_000,
      earlyWarning: { burnRates: defaultBurnRates(28 * DAY_MS) },
    });
  });

  it('gives a threshold objective without earlyWarning a warning at 80% of the threshold', () => {
    const text = fixture('good/minimal.yaml').replace(
      'budget: { objective: 99.5, period: 28d }',
      'threshold: { statistic: good-ratio, comparator: ">=", value: 0.99, window: 5m }',
    );
    const objective = loaded(parseConfig(text, 'minimal.yaml', {})).definitions.slas[0]
      ?.objectives[0];
    expect(objective?.earlyWarning).toEqual({
      fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 },
    });
  });

  it('keeps an explicit empty earlyWarning empty', () => {
    const defs2 = loaded(
      parseConfig(fixture('good/every-objective-shape.yaml'), 'x.yaml', {
        INITECH_PUSH_TOKEN: 'initech-token-from-env',
      }),
    ).definitions;
    const objective = defs2.slas[0]?.objectives.find((o) => o.localId === 'success-ratio-now');
    expect(objective?.earlyWarning).toEqual({});
  });
});

describe('error reports', () => {
  it('reports every mistake of a file at once', () => {
    const errors = failed(
      parseConfig(fixture('bad/three-mistakes.yaml'), 'three-mistakes.yaml', {}),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'clients[0].timeZone',
      'slis[0].kind',
      'slas[0].objectives[0].threshold.value',
    ]);
  });

  it('names the file, the YAML line, the value found and what was expected', () => {
    const errors = failed(
      parseConfig(fixture('bad/objective-out-of-range.yaml'), 'forewarn.yaml', {}),
    );
    expect(errors).toEqual([
      {
        file: 'forewarn.yaml',
        path: 'slas[0].objectives[0].budget.objective',
        line: 12,
        value: 100.5,
        expected: 'a percentage between 0 and 100 (exclusive)',
        message: 'got 100.5, expected a percentage between 0 and 100 (exclusive)',
      },
    ]);
    expect(formatConfigErrors(errors)).toBe(
      'forewarn.yaml:12 slas[0].objectives[0].budget.objective: got 100.5, expected a percentage between 0 and 100 (exclusive)',
    );
  });

  it('points a missing key at the line of the mapping that lacks it', () => {
    const text = [
      'apiVersion: forewarn/v1',
      'services:',
      '  - id: api',
      '  - name: Billing',
      '',
    ].join('\n');
    const errors = failed(parseConfig(text, 'f.yaml', {}));
    expect(errors).toMatchObject([{ path: 'services[1].id', line: 4, value: undefined }]);
    expect(errors[0]?.message).toMatch(/^missing, expected an id/);
  });

  it('reports YAML syntax errors with their line', () => {
    const errors = failed(parseConfig(BROKEN_YAML, 'broken.yaml', {}));
    expect(errors[0]).toMatchObject({ file: 'broken.yaml', path: '' });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(4);
    expect(errors[0]?.message).toMatch(/^invalid YAML/);
  });

  it('refuses an empty file', () => {
    expect(failed(parseConfig('# nothing\n', 'empty.yaml', {}))[0]?.message).toMatch(/empty/);
  });

  it('never echoes a token value in an error', () => {
    const errors = failed(
      parseConfig(fixture('bad/client-problems.yaml'), 'c.yaml', {
        SHARED_TOKEN: 'shared-token-value-123',
      }),
    );
    const text = JSON.stringify(errors) + formatConfigErrors(errors);
    expect(text).not.toContain('too-short');
    expect(text).not.toContain('shared-token-value-123');
    expect(errors.find((e) => e.path === 'clients[0].pushTokens[0].value')?.value).toBe('<secret>');
  });
});

describe('push tokens', () => {
  it('reads tokens from the environment given, not from process.env', () => {
    const config = loaded(
      parseConfig(fixture('good/every-objective-shape.yaml'), 'x.yaml', {
        INITECH_PUSH_TOKEN: 'initech-token-from-env',
      }),
    );
    expect(config.pushTokens.map((t) => t.token.reveal())).toEqual([
      'initech-token-from-env',
      'initech-second-token-42',
    ]);
  });

  it('refuses a token from the environment that is too short, without showing it', () => {
    const errors = failed(
      parseConfig(fixture('good/every-objective-shape.yaml'), 'x.yaml', {
        INITECH_PUSH_TOKEN: 'short',
      }),
    );
    expect(errors).toMatchObject([
      { path: 'clients[0].pushTokens[0].env', value: 'INITECH_PUSH_TOKEN' },
    ]);
    expect(errors[0]?.message).toBe(
      'environment variable INITECH_PUSH_TOKEN holds 5 characters, expected a token of at least 16',
    );
  });
});

describe('loadConfigFiles', () => {
  const dir = join(here, 'fixtures', 'multi');

  it('merges several files; references may cross files', () => {
    const config = loaded(loadConfigFiles([join(dir, 'catalog.yaml'), join(dir, 'slas.yaml')], {}));
    expect(config.definitions.slas.map((s) => s.id)).toEqual(['acme-api']);
    expect(config.definitions.clients.map((c) => c.id)).toEqual(['acme']);
  });

  it('refuses an id declared in two files, naming where it was first declared', () => {
    const catalog = join(dir, 'catalog.yaml');
    const errors = failed(
      loadConfigFiles([catalog, join(dir, 'slas.yaml'), join(dir, 'duplicate-client.yaml')], {}),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      file: join(dir, 'duplicate-client.yaml'),
      path: 'clients[0].id',
      value: 'acme',
    });
    expect(errors[0]?.expected).toContain(`${catalog}:3`);
  });

  it('reports a file that cannot be read', () => {
    const errors = failed(loadConfigFiles([join(dir, 'missing.yaml')], {}));
    expect(errors[0]?.message).toContain('ENOENT');
  });

  it('loads the OpenSLO example from several files to the same acme SLA as our own format', () => {
    const openslo = loaded(
      loadConfigFiles(
        [
          join(examples, 'openslo', 'services.yaml'),
          join(examples, 'openslo', 'acme-submissions.yaml'),
        ],
        {},
      ),
    );
    const native = loaded(loadConfigFiles([join(examples, 'forewarn.yaml')], {}));
    const acmeOnly = withoutRouting({
      ...native.definitions,
      clients: native.definitions.clients.filter((c) => c.id === 'acme'),
      services: native.definitions.services.filter((s) => s.id === 'submissions'),
      slis: native.definitions.slis.filter((s) => s.serviceId === 'submissions'),
      slas: native.definitions.slas.filter((s) => s.clientId === 'acme'),
    });
    expect(openslo.definitions).toEqual(acmeOnly);
    expect(openslo.pushTokens.map((t) => t.token.reveal())).toEqual(['acme-demo-push-token-0001']);
  });
});
