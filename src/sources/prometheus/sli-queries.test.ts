import { describe, expect, it } from 'vitest';
import { someDefinitions } from '../../../test/support/builders.js';
import { defaultEventQueries, parseSliQueries, substituteWindow } from './sli-queries.js';

const defs = someDefinitions();

describe('parseSliQueries', () => {
  it('reads errors and total queries for an SLI, and statistics for threshold objectives', () => {
    const result = parseSliQueries(
      [
        'requests:',
        '  errors: sum(rate(http_requests_total{code=~"5.."}[{{window}}]))',
        '  total: sum(rate(http_requests_total[{{window}}]))',
        'latency:',
        '  statistics:',
        '    p95: histogram_quantile(0.95, sum by (le) (rate(x_bucket[{{ .window }}])))',
      ].join('\n'),
      defs,
    );
    expect(result).toEqual({
      ok: true,
      queries: {
        requests: {
          events: {
            errors: 'sum(rate(http_requests_total{code=~"5.."}[{{window}}]))',
            total: 'sum(rate(http_requests_total[{{window}}]))',
          },
        },
        latency: {
          statistics: {
            p95: 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[{{ .window }}])))',
          },
        },
      },
    });
  });

  it('reads JSON as well', () => {
    const result = parseSliQueries(
      JSON.stringify({
        latency: { good: 'sum(rate(b[{{window}}]))', total: 'sum(rate(c[{{window}}]))' },
      }),
      defs,
    );
    expect(result.ok && result.queries.latency?.events?.good).toBe('sum(rate(b[{{window}}]))');
  });

  it.each([
    [
      'an unknown SLI',
      'nope:\n  errors: a[{{window}}]\n  total: b[{{window}}]',
      'nope: expected the id of a defined SLI',
    ],
    [
      'a query without the window placeholder',
      'requests:\n  errors: a[5m]\n  total: b[{{window}}]',
      'requests.errors: expected a PromQL query with a {{window}} placeholder',
    ],
    [
      'errors without total',
      'requests:\n  errors: a[{{window}}]',
      'requests.total: expected a total query next to errors/good',
    ],
    [
      'errors and good together',
      'requests:\n  errors: a[{{window}}]\n  good: a[{{window}}]\n  total: b[{{window}}]',
      'requests: expected errors or good, not both',
    ],
    [
      'an unknown statistic',
      'latency:\n  statistics:\n    p42: a[{{window}}]',
      'latency.statistics: expected a mapping from statistics (good-ratio, mean',
    ],
    [
      'a typo in a key',
      'requests:\n  eror: a[{{window}}]',
      'requests: expected a mapping with the keys errors or good, total, statistics',
    ],
    ['text that is not YAML', 'requests: [', 'not YAML or JSON'],
  ])('refuses %s, naming the field and what was expected', (_case, text, message) => {
    const result = parseSliQueries(text, defs);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.join('\n')).toContain(message);
  });
});

describe('substituteWindow', () => {
  it('replaces every {{window}} and {{.window}} with the range', () => {
    expect(substituteWindow('a[{{window}}] / b[{{ .window }}]', '1h')).toBe('a[1h] / b[1h]');
  });
});

describe('defaultEventQueries', () => {
  it('reads Forewarn’s own exposition, counting no bad series as zero errors', () => {
    expect(defaultEventQueries('requests')).toEqual({
      errors:
        '(sum(rate(forewarn_sli_events_total{sli="requests",outcome="bad"}[{{window}}])) or vector(0))',
      total: 'sum(rate(forewarn_sli_events_total{sli="requests"}[{{window}}]))',
    });
  });
});
