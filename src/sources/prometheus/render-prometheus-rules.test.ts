import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  aBudgetObjective,
  aLatencySli,
  aRatioSli,
  anSla,
  aThresholdObjective,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  someDefinitions,
} from '../../../test/support/builders.js';
import { renderPrometheusRules } from './render-prometheus-rules.js';
import type { SliQueries } from './sli-queries.js';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}
const rulesOf = (yaml: string) =>
  (parse(yaml) as { groups: Array<{ name: string; rules: Rule[] }> }).groups;

const mixed = someDefinitions({
  slis: [
    aRatioSli({ id: 'requests' }),
    aLatencySli({ id: 'latency' }),
    aRatioSli({ id: 'checkout', serviceId: 'checkout' }),
  ],
  slas: [
    anSla([
      aThresholdObjective(),
      aBudgetObjective(),
      aBudgetObjective({
        localId: 'fast',
        name: '99 % within 1.5 s',
        sliId: 'latency',
        objectiveRatio: 0.99,
        goodWhen: { comparator: '<=', threshold: 1500 },
      }),
    ]),
    anSla(
      [
        aBudgetObjective({
          slaId: 'globex-checkout',
          name: '99.95 % of checkouts each month',
          sliId: 'checkout',
          objectiveRatio: 0.9995,
          period: { kind: 'calendar-month' },
          earlyWarning: {
            burnRates: [
              {
                severity: 'page',
                longWindowMs: HOUR_MS,
                shortWindowMs: 5 * MINUTE_MS,
                burnRate: 14.4,
              },
              { severity: 'ticket', longWindowMs: DAY_MS, shortWindowMs: 2 * HOUR_MS, burnRate: 1 },
            ],
          },
        }),
      ],
      { id: 'globex-checkout', clientId: 'globex', serviceId: 'checkout', name: 'Globex checkout' },
    ),
  ],
});

const teamQueries: SliQueries = {
  requests: {
    events: {
      errors: 'sum(rate(http_requests_total{job="submissions",code=~"5.."}[{{window}}]))',
      total: 'sum(rate(http_requests_total{job="submissions"}[{{ .window }}]))',
    },
  },
  latency: {
    events: {
      good: 'sum(rate(http_request_duration_seconds_bucket{job="submissions",le="1.5"}[{{window}}]))',
      total: 'sum(rate(http_request_duration_seconds_count{job="submissions"}[{{window}}]))',
    },
    statistics: {
      p95: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="submissions"}[{{window}}])))',
    },
  },
};

describe('renderPrometheusRules', () => {
  it('writes the golden rules with Forewarn exposition names when no queries are mapped', async () => {
    await expect(renderPrometheusRules(mixed)).toMatchFileSnapshot(
      'golden/default-exposition.rules.yaml',
    );
  });

  it('writes the golden rules with the team queries from --queries', async () => {
    await expect(renderPrometheusRules(mixed, teamQueries)).toMatchFileSnapshot(
      'golden/team-queries.rules.yaml',
    );
  });

  it('records the error ratio of every burn-rate window, 5m and the period, named as Sloth names them', () => {
    const [group] = rulesOf(renderPrometheusRules(mixed));
    expect(group?.name).toBe('forewarn-slo-submissions-acme-submissions-availability');
    expect(
      group?.rules.filter((r) => r.record?.startsWith('slo:sli_error')).map((r) => r.record),
    ).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
    ]);
    expect(group?.rules[0]?.labels).toMatchObject({
      sloth_id: 'submissions-acme-submissions-availability',
      sloth_service: 'submissions',
      sloth_slo: 'acme-submissions-availability',
      sloth_window: '5m',
    });
  });

  it('records the objective and the error budget as ratios without float noise', () => {
    const rules = rulesOf(renderPrometheusRules(mixed)).flatMap((g) => g.rules);
    const exprOf = (record: string, slo: string) =>
      rules.find((r) => r.record === record && r.labels.sloth_slo === slo)?.expr;
    expect(exprOf('slo:objective:ratio', 'acme-submissions-availability')).toBe('vector(0.999)');
    expect(exprOf('slo:error_budget:ratio', 'acme-submissions-availability')).toBe('vector(0.001)');
    expect(exprOf('slo:error_budget:ratio', 'globex-checkout-availability')).toBe('vector(0.0005)');
    expect(exprOf('slo:time_period:days', 'globex-checkout-availability')).toBe('vector(30)');
  });

  it('alerts once per row of the objective’s own burn-rate table, long and short window both above the rate', () => {
    const rules = rulesOf(renderPrometheusRules(mixed)).flatMap((g) => g.rules);
    const globex = rules.filter(
      (r) => r.alert && r.labels.sloth_slo === 'globex-checkout-availability',
    );
    expect(
      globex.map((r) => [
        r.labels.severity,
        r.labels.forewarn_long_window,
        r.labels.forewarn_short_window,
      ]),
    ).toEqual([
      ['page', '1h', '5m'],
      ['ticket', '1d', '2h'],
    ]);
    const sel =
      '{sloth_id="checkout-globex-checkout-availability", sloth_service="checkout", sloth_slo="globex-checkout-availability"}';
    expect(globex[0]?.expr).toBe(
      `(slo:sli_error:ratio_rate1h${sel} > (14.4 * 0.0005))\nand ignoring (sloth_window)\n(slo:sli_error:ratio_rate5m${sel} > (14.4 * 0.0005))\n`,
    );
  });

  it('substitutes {{window}} and Sloth’s {{.window}} in mapped queries, and turns good events into errors', () => {
    const rules = rulesOf(renderPrometheusRules(mixed, teamQueries)).flatMap((g) => g.rules);
    const requests1h = rules.find(
      (r) =>
        r.record === 'slo:sli_error:ratio_rate1h' &&
        r.labels.sloth_slo === 'acme-submissions-availability',
    );
    expect(requests1h?.expr).toBe(
      '(sum(rate(http_requests_total{job="submissions",code=~"5.."}[1h])))\n/\n(sum(rate(http_requests_total{job="submissions"}[1h])))\n',
    );
    const latency5m = rules.find(
      (r) =>
        r.record === 'slo:sli_error:ratio_rate5m' && r.labels.sloth_slo === 'acme-submissions-fast',
    );
    expect(latency5m?.expr).toContain(
      '1 - (\n(sum(rate(http_request_duration_seconds_bucket{job="submissions",le="1.5"}[5m])))',
    );
  });

  it('records a threshold objective’s statistic over its measurement window when a query is mapped', () => {
    const rules = rulesOf(renderPrometheusRules(mixed, teamQueries)).flatMap((g) => g.rules);
    const p95 = rules.find((r) => r.record === 'forewarn:sli:p95');
    expect(p95?.expr).toContain('[5m]');
    expect(p95?.labels).toMatchObject({
      forewarn_window: '5m',
      forewarn_comparator: '<=',
      forewarn_threshold: '800',
    });
  });

  it('explains in a comment each objective it cannot write rules for', () => {
    const yaml = renderPrometheusRules(mixed);
    expect(yaml).toContain(
      '# - acme-submissions/latency: threshold objective on p95; map statistics.p95',
    );
    expect(yaml).toContain(
      '# - acme-submissions/fast: distribution SLI latency needs errors (or good) and total',
    );
    const slicing = someDefinitions({
      slas: [
        anSla([
          aBudgetObjective({
            timeSlice: {
              sliceMs: MINUTE_MS,
              statistic: 'good-ratio',
              comparator: '>=',
              threshold: 0.99,
            },
          }),
        ]),
      ],
    });
    const sliced = renderPrometheusRules(slicing);
    expect(sliced).toContain(
      '# - acme-submissions/availability: a time-slice budget counts bad slices',
    );
    expect(rulesOf(sliced)).toEqual([]);
  });

  it('keeps a name with template delimiters literal in annotations', () => {
    const defs = someDefinitions({
      slas: [anSla([aBudgetObjective({ name: 'Up {{ $labels.x }}\nnow' })])],
    });
    const alert = rulesOf(renderPrometheusRules(defs))
      .flatMap((g) => g.rules)
      .find((r) => r.alert !== undefined);
    expect(alert?.annotations?.summary).toBe(
      'Acme submissions: Up {{ "{{" }} $labels.x {{ "}}" }} now is burning its error budget at over 14.4x (page)',
    );
  });

  it('writes no alerts for a budget objective without burn rates, but still records its ratios', () => {
    const defs = someDefinitions({
      slas: [anSla([aBudgetObjective({ earlyWarning: {} })])],
    });
    const rules = rulesOf(renderPrometheusRules(defs)).flatMap((g) => g.rules);
    expect(rules.filter((r) => r.alert !== undefined)).toEqual([]);
    expect(rules.map((r) => r.record)).toContain('slo:sli_error:ratio_rate5m');
  });

  it('gives each objective its own sloth_id even when ids joined by "-" collide', () => {
    const defs = someDefinitions({
      slas: [
        anSla([aBudgetObjective({ slaId: 'a-b', localId: 'c' })], { id: 'a-b' }),
        anSla([aBudgetObjective({ slaId: 'a', localId: 'b-c' })], { id: 'a' }),
      ],
    });
    expect(rulesOf(renderPrometheusRules(defs)).map((g) => g.name)).toEqual([
      'forewarn-slo-submissions-a-b-c',
      'forewarn-slo-submissions-a-b-c-2',
    ]);
  });
});
