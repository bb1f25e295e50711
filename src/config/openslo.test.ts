import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type {
  BudgetObjectiveDef,
  Comparator,
  ContractTerms,
  Definitions,
  ObjectiveDef,
  Statistic,
  ThresholdObjectiveDef,
} from '../domain/definitions.js';
import { formatConfigErrors, parseConfig, parseConfigSources } from './load-config.js';
import type { ConfigResult } from './load-config.js';
import { exportOpenSlo } from './openslo.js';
import { withoutRouting } from './test-support/without-routing.js';

const here = dirname(fileURLToPath(import.meta.url));
const read = (...path: string[]) => readFileSync(join(here, ...path), 'utf8');

const definitionsOf = (result: ConfigResult): Definitions => {
  if (!result.ok) throw new Error(formatConfigErrors(result.errors));
  return result.config.definitions;
};
const reimport = (defs: Definitions) =>
  definitionsOf(parseConfig(exportOpenSlo(defs), 'exported.yaml', {}));
/** The export, loaded with a forewarn/v1 file holding what it leaves out (endpoints). */
const reimportWith = (defs: Definitions, forewarnV1: string) =>
  definitionsOf(
    parseConfigSources(
      [
        { fileName: 'exported.yaml', text: exportOpenSlo(defs) },
        { fileName: 'endpoints.yaml', text: forewarnV1 },
      ],
      {},
    ),
  );
/** A forewarn/v1 document with only the endpoints of the config text given. */
const endpointsOnly = (text: string): string =>
  stringify({
    apiVersion: 'forewarn/v1',
    endpoints: (parse(text) as { endpoints: unknown[] }).endpoints,
  });
const LEVER_ENDPOINTS = stringify({
  apiVersion: 'forewarn/v1',
  endpoints: ['flag-service', 'cd-pipeline'].map((id) => ({
    id,
    kind: 'webhook',
    url: { value: `https://${id}.example/hooks/forewarn` },
    signingSecret: { value: 'whsec_Zm9yZXdhcm4tZXhhbXBsZS1zaWduaW5nLWtleS0zMmI=' },
  })),
});
const DAY_MS = 86_400_000;

function definitions(objectives: ObjectiveDef[], autoNotice = true): Definitions {
  return {
    clients: [{ id: 'acme', name: 'Acme Corp', timeZone: 'Europe/Berlin', contacts: [] }],
    services: [{ id: 'api', name: 'API', description: 'The public API.', roles: {} }],
    slis: [
      { id: 'latency', serviceId: 'api', name: 'Latency', kind: 'distribution', unit: 'ms' },
      { id: 'success', serviceId: 'api', name: 'Success', kind: 'ratio' },
    ],
    slas: [
      {
        id: 'acme-api',
        clientId: 'acme',
        serviceId: 'api',
        name: 'Acme API',
        contract: {
          noticeMs: 900_000,
          updateCadenceMs: 1_800_000,
          creditTiers: [{ belowPercent: 99.9, creditPercent: 10 }],
          exclusions: [
            {
              name: 'Migration',
              startsAt: '2026-03-01T00:00:00.000Z',
              endsAt: '2026-03-01T06:00:00.000Z',
            },
          ],
          monthlyFee: { amount: 1200.5, currency: 'EUR' },
          autoNotice,
          noticeFallback: 'auto-send',
          postmortemDueMs: 5 * 86_400_000,
          credits: { basis: 'time', minimumDowntimeMs: 300_000, intervalMs: 300_000 },
        },
        objectives,
      },
    ],
    people: [],
    rotations: [],
    endpoints: [],
  };
}

const base = {
  slaId: 'acme-api',
  recoveryPeriodMs: 600_000,
  clearAfterMs: 300_000,
  earlyWarning: {},
};
const threshold = (
  localId: string,
  o: Partial<ThresholdObjectiveDef> = {},
): ThresholdObjectiveDef => ({
  ...base,
  key: `acme-api/${localId}`,
  localId,
  name: `threshold ${localId}`,
  sliId: 'latency',
  kind: 'threshold',
  statistic: 'p95',
  comparator: '<=',
  threshold: 800,
  measurementWindowMs: 300_000,
  ...o,
});
const budget = (localId: string, o: Partial<BudgetObjectiveDef> = {}): BudgetObjectiveDef => ({
  ...base,
  key: `acme-api/${localId}`,
  localId,
  name: `budget ${localId}`,
  sliId: 'success',
  kind: 'budget',
  objectiveRatio: 0.999,
  period: { kind: 'rolling', durationMs: 30 * 86_400_000 },
  ...o,
});

describe('exportOpenSlo', () => {
  it('writes OpenSLO v1 documents plus forewarn.dev/v1 Client and SLA documents', async () => {
    const defs = definitions([
      threshold('latency', {
        earlyWarning: { fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 } },
      }),
      budget('availability', {
        earlyWarning: {
          burnRates: [
            { severity: 'page', longWindowMs: 3_600_000, shortWindowMs: 300_000, burnRate: 14.4 },
          ],
        },
      }),
    ]);
    await expect(exportOpenSlo(defs)).toMatchFileSnapshot('fixtures/golden/acme-api.openslo.yaml');
  });

  it.each<[string, ObjectiveDef[]]>([
    [
      'a p95 threshold with early warning',
      [
        threshold('p95', {
          earlyWarning: { trendProjection: { horizonMs: 900_000, lookbackMs: 600_000 } },
        }),
      ],
    ],
    [
      'thresholds OpenSLO cannot express without an annotation',
      [
        threshold('mean', { statistic: 'mean', comparator: '>', threshold: 12.5 }),
        threshold('p99-at-least', { statistic: 'p99', comparator: '>=', threshold: 3 }),
        threshold('ratio-above', {
          sliId: 'success',
          statistic: 'good-ratio',
          comparator: '>',
          threshold: 0.9,
        }),
      ],
    ],
    [
      'a ratio budget per calendar month',
      [budget('monthly', { period: { kind: 'calendar-month' }, objectiveRatio: 0.9995 })],
    ],
    [
      'a distribution budget with goodWhen',
      [budget('fast', { sliId: 'latency', goodWhen: { comparator: '<', threshold: 250 } })],
    ],
    [
      'time-slice budgets',
      [
        budget('good-minutes', {
          timeSlice: {
            sliceMs: 60_000,
            statistic: 'good-ratio',
            comparator: '>=',
            threshold: 0.95,
          },
        }),
        budget('fast-minutes', {
          sliId: 'latency',
          timeSlice: { sliceMs: 60_000, statistic: 'p90', comparator: '<=', threshold: 400 },
        }),
        budget('max-minutes', {
          sliId: 'latency',
          timeSlice: { sliceMs: 60_000, statistic: 'max', comparator: '<', threshold: 5000 },
        }),
      ],
    ],
    [
      'objectives whose SLO names would collide',
      [budget('b', { key: 'acme-api/b' }), threshold('b-2')],
    ],
  ])('round-trips %s to the same Definitions', (_, objectives) => {
    const defs = definitions(objectives);
    expect(reimport(defs)).toEqual(defs);
  });

  it('round-trips any objective the schema can produce', () => {
    const comparator = fc.constantFrom<Comparator>('<=', '<', '>=', '>');
    const distributionStatistic = fc.constantFrom<Statistic>(
      'mean',
      'max',
      'p50',
      'p90',
      'p95',
      'p99',
      'p999',
    );
    const value = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
    const share = fc.integer({ min: 1, max: 999 }).map((n) => n / 1000);
    const minutes = (max: number) => fc.integer({ min: 1, max }).map((n) => n * 60_000);
    const warning = fc.record(
      {
        trendProjection: fc.record({ horizonMs: minutes(120), lookbackMs: minutes(60) }),
      },
      { requiredKeys: [] },
    );
    const thresholdObjective = fc
      .record({
        sliId: fc.constantFrom('latency', 'success'),
        statistic: distributionStatistic,
        comparator,
        threshold: value,
        goodRatio: share,
        measurementWindowMs: minutes(60),
        earlyWarning: warning,
      })
      .map(({ sliId, statistic, threshold: t, goodRatio, ...rest }) =>
        sliId === 'success'
          ? threshold('t', { ...rest, sliId, statistic: 'good-ratio', threshold: goodRatio })
          : threshold('t', { ...rest, sliId, statistic, threshold: t }),
      );
    const period = fc.oneof(
      fc.constant({ kind: 'calendar-month' as const }),
      fc
        .integer({ min: 1, max: 90 * 24 })
        .map((h) => ({ kind: 'rolling' as const, durationMs: h * 3_600_000 })),
    );
    const budgetObjective = fc
      .record({
        objectiveRatio: share,
        period,
        shape: fc.constantFrom('ratio', 'goodWhen', 'ratioSlice', 'valueSlice'),
        statistic: distributionStatistic,
        comparator,
        threshold: value,
        sliceShare: share,
        earlyWarning: warning,
      })
      .map(({ shape, statistic, comparator: c, threshold: t, sliceShare, ...rest }) => {
        if (shape === 'goodWhen')
          return budget('b', {
            ...rest,
            sliId: 'latency',
            goodWhen: { comparator: c, threshold: t },
          });
        if (shape === 'ratioSlice') {
          return budget('b', {
            ...rest,
            timeSlice: {
              sliceMs: 60_000,
              statistic: 'good-ratio',
              comparator: c,
              threshold: sliceShare,
            },
          });
        }
        if (shape === 'valueSlice') {
          return budget('b', {
            ...rest,
            sliId: 'latency',
            timeSlice: { sliceMs: 60_000, statistic, comparator: c, threshold: t },
          });
        }
        return budget('b', rest);
      });
    fc.assert(
      fc.property(fc.oneof(thresholdObjective, budgetObjective), (objective) => {
        const defs = definitions([objective]);
        expect(reimport(defs)).toEqual(defs);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips examples/forewarn.yaml, and exporting again gives the same text', () => {
    const text = read('..', '..', 'examples', 'forewarn.yaml');
    const defs = definitionsOf(parseConfig(text, 'forewarn.yaml', {}));
    const once = exportOpenSlo(defs);
    // The example binds a lever to an endpoint: endpoints stay in a forewarn/v1 file alongside.
    const again = reimportWith(defs, endpointsOnly(text));
    expect({ ...again, endpoints: [] }).toEqual(withoutRouting(defs));
    expect(again.endpoints.map((e) => e.id)).toEqual(defs.endpoints.map((e) => e.id));
    expect(exportOpenSlo(again)).toBe(once);
    expect(once).toContain('forewarn.dev/levers: feature-flag=flag-service');
    expect(once).toContain('noticeFallback: remind-only');
  });

  it.each<[string, Partial<ContractTerms>]>([
    [
      'a requests basis, remind-only fallback, 2-day postmortem and contract dates',
      {
        noticeFallback: 'remind-only',
        postmortemDueMs: 2 * DAY_MS,
        credits: { basis: 'requests', minimumDowntimeMs: 300_000, intervalMs: 60_000 },
        startsAt: '2026-11-15T05:00:00.000Z',
        endsAt: '2027-11-15T05:00:00.000Z',
      },
    ],
    [
      'a time basis with its own downtime and bad-minute error rate',
      {
        credits: {
          basis: 'time',
          minimumDowntimeMs: 600_000,
          badMinuteErrorRatio: 0.025,
          intervalMs: 300_000,
        },
      },
    ],
    [
      'a bad-minute error rate of 0 (any error makes a minute bad)',
      {
        credits: {
          basis: 'time',
          minimumDowntimeMs: 60_000,
          badMinuteErrorRatio: 0,
          intervalMs: 300_000,
        },
      },
    ],
    ['only an end date', { endsAt: '2026-12-31T23:00:00.000Z' }],
  ])('round-trips contract terms with %s', (_, terms) => {
    const defs = definitions([budget('availability')]);
    const sla = defs.slas[0];
    if (sla === undefined) throw new Error('no SLA');
    sla.contract = { ...sla.contract, ...terms };
    expect(reimport(defs)).toEqual(defs);
  });

  it('round-trips lever actions as a Service annotation, with the endpoints loaded alongside', () => {
    const defs = definitions([budget('availability')]);
    defs.services = defs.services.map((s) => ({
      ...s,
      leverActions: {
        'feature-flag': { endpointId: 'flag-service' },
        'deploy-rollback': { endpointId: 'cd-pipeline' },
      },
    }));
    const text = exportOpenSlo(defs);
    expect(text).toContain(
      'forewarn.dev/levers: feature-flag=flag-service, deploy-rollback=cd-pipeline',
    );
    const back = reimportWith(defs, LEVER_ENDPOINTS);
    expect({ ...back, endpoints: [] }).toEqual(defs);
    expect(back.endpoints.map((e) => e.id)).toEqual(['flag-service', 'cd-pipeline']);
  });

  it('refuses lever actions whose endpoints are not loaded, at the annotation', () => {
    const defs = definitions([budget('availability')]);
    defs.services = defs.services.map((s) => ({
      ...s,
      leverActions: { 'feature-flag': { endpointId: 'flag-service' } },
    }));
    const result = parseConfig(exportOpenSlo(defs), 'exported.yaml', {});
    expect(result.ok ? [] : result.errors).toMatchObject([
      {
        path: 'documents[1].metadata.annotations.forewarn.dev/levers',
        value: 'feature-flag=flag-service',
        expected: 'the id of a declared webhook endpoint (no webhook endpoint is declared)',
      },
    ]);
  });

  it.each([
    ['kill-switch=flag-service', '"kill-switch" is not a lever: feature-flag, deploy-rollback'],
    ['feature-flag', '"feature-flag" is no lever=endpoint'],
    ['feature-flag=Flag Service', '"Flag Service" is not an endpoint id'],
    ['feature-flag=a, feature-flag=b', '"feature-flag" is bound twice'],
  ])('refuses the lever annotation %j, saying why', (annotation, why) => {
    const defs = definitions([budget('availability')]);
    defs.services = defs.services.map((s) => ({
      ...s,
      leverActions: { 'feature-flag': { endpointId: 'flag-service' } },
    }));
    const text = exportOpenSlo(defs).replace('feature-flag=flag-service', annotation);
    const result = parseConfigSources(
      [
        { fileName: 'exported.yaml', text },
        { fileName: 'endpoints.yaml', text: LEVER_ENDPOINTS },
      ],
      {},
    );
    const errors = result.ok ? [] : result.errors;
    expect(errors).toMatchObject([
      { path: 'documents[1].metadata.annotations.forewarn.dev/levers', value: annotation },
    ]);
    expect(errors[0]?.expected).toContain('comma-separated lever=endpoint pairs');
    expect(errors[0]?.expected).toContain(why);
  });

  it('round-trips a contract without automatic notices', () => {
    const defs = definitions([threshold('p95')], false);
    expect(exportOpenSlo(defs)).toContain('autoNotice: false');
    expect(reimport(defs)).toEqual(defs);
  });

  it('leaves people, rotations, endpoints, contacts and roles out of the export', () => {
    const defs = definitionsOf(
      parseConfig(read('..', '..', 'examples', 'forewarn.yaml'), 'forewarn.yaml', {}),
    );
    expect(defs.people.length).toBeGreaterThan(0);
    const text = exportOpenSlo(defs);
    for (const word of ['alice', 'team-mail', 'submissions-on-call', 'whsec_', 'demo-smtp']) {
      expect(text).not.toContain(word);
    }
  });

  it('round-trips every objective shape of the good fixtures', () => {
    const env = { INITECH_PUSH_TOKEN: 'initech-token-from-env' };
    const defs = definitionsOf(
      parseConfig(read('fixtures', 'good', 'every-objective-shape.yaml'), 'x.yaml', env),
    );
    expect(reimport(defs)).toEqual(defs);
  });
});

describe('OpenSLO import', () => {
  const result = parseConfig(read('fixtures', 'good', 'openslo-plain.yaml'), 'plain.yaml', {});

  it('reads an inline indicator, targetPercent, a calendar month and a percentile from timeSliceTarget', () => {
    const defs = definitionsOf(result);
    expect(defs.slis).toEqual([
      {
        id: 'search-latency-ms',
        serviceId: 'search',
        name: 'search-latency-ms',
        kind: 'distribution',
      },
    ]);
    expect(defs.slas[0]?.objectives[0]).toMatchObject({
      key: 'hooli-search/search-latency',
      kind: 'budget',
      name: '99.5% of minutes with p90 <= 250 per calendar month',
      objectiveRatio: 0.995,
      period: { kind: 'calendar-month' },
      timeSlice: { sliceMs: 60_000, statistic: 'p90', comparator: '<=', threshold: 250 },
    });
  });

  it('notes what it ignores instead of failing', () => {
    if (!result.ok) throw new Error('expected to load');
    expect(result.notes.map((n) => n.message)).toEqual([
      'AlertPolicy "search-burn" is ignored: Forewarn notifies per its own protocol',
    ]);
    const example = parseConfig(
      read('..', '..', 'examples', 'openslo', 'services.yaml') +
        '---\n' +
        read('..', '..', 'examples', 'openslo', 'acme-submissions.yaml'),
      'openslo.yaml',
      {},
    );
    if (!example.ok) throw new Error(formatConfigErrors(example.errors));
    expect(example.notes).toMatchObject([
      { path: 'documents[5].spec.alertPolicies', message: expect.stringContaining('ignored') },
    ]);
  });

  it('refuses a calendar window in another time zone than the client', () => {
    const text = read('fixtures', 'good', 'openslo-plain.yaml').replace(
      'timeZone: America/Los_Angeles\n  objectives',
      'timeZone: Europe/Paris\n  objectives',
    );
    const errors = parseConfig(text, 'tz.yaml', {});
    expect(errors.ok ? [] : errors.errors).toMatchObject([
      {
        path: 'documents[2].spec.timeWindow[0].calendar.timeZone',
        value: 'Europe/Paris',
        expected: expect.stringContaining('America/Los_Angeles'),
      },
    ]);
  });

  it('refuses a timeSliceTarget that is no percentile, pointing at the field', () => {
    const text = read('fixtures', 'good', 'openslo-plain.yaml').replace(
      'timeSliceTarget: 0.9',
      'timeSliceTarget: 0.97',
    );
    const errors = parseConfig(text, 'p.yaml', {});
    expect(errors.ok ? [] : errors.errors).toMatchObject([
      { path: 'documents[2].spec.objectives[0].timeSliceTarget', line: 44, value: 0.97 },
    ]);
  });

  it('reports problems the SLA cross-checks find at the OpenSLO field they come from', () => {
    const text = read('fixtures', 'good', 'openslo-plain.yaml').replace(
      'thresholdMetric:',
      'ratioMetric:',
    );
    const errors = parseConfig(text, 'k.yaml', {});
    expect(errors.ok ? [] : errors.errors.map((e) => [e.path, e.line])).toEqual([
      ['documents[2].spec.objectives[0].timeSliceTarget', 44],
    ]);
  });
});
