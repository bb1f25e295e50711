import { describe, expect, it } from 'vitest';
import {
  parsePrometheusAnswer,
  parseValue,
  PrometheusQueryError,
} from './prometheus-api-client.js';

const vector = (result: unknown[]) =>
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
const matrix = (result: unknown[]) =>
  JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });

function failure(run: () => unknown): PrometheusQueryError {
  try {
    run();
  } catch (err) {
    if (err instanceof PrometheusQueryError) return err;
    throw err;
  }
  throw new Error('expected a PrometheusQueryError');
}

describe('parsePrometheusAnswer', () => {
  it('reads an instant vector into series with one point each, labels kept', () => {
    const series = parsePrometheusAnswer(
      200,
      vector([{ metric: { code: '200' }, value: [1795767706.5, '42.25'] }]),
      'vector',
    );
    expect(series).toEqual([
      { labels: { code: '200' }, points: [{ timeMs: 1795767706500, value: 42.25 }] },
    ]);
  });

  it('reads a scalar result as one series without labels', () => {
    const text = JSON.stringify({
      status: 'success',
      data: { resultType: 'scalar', result: [1795767706, '3'] },
    });
    expect(parsePrometheusAnswer(200, text, 'vector')).toEqual([
      { labels: {}, points: [{ timeMs: 1795767706000, value: 3 }] },
    ]);
  });

  it('reads a range matrix with every point of every series', () => {
    const series = parsePrometheusAnswer(
      200,
      matrix([
        {
          metric: {},
          values: [
            [100, '1'],
            [115, 'NaN'],
            [130, '+Inf'],
          ],
        },
      ]),
      'matrix',
    );
    expect(series[0]!.points.map((p) => p.value)).toEqual([
      1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]);
    expect(series[0]!.points.map((p) => p.timeMs)).toEqual([100_000, 115_000, 130_000]);
  });

  it('gives an empty list for an empty vector (no series matched)', () => {
    expect(parsePrometheusAnswer(200, vector([]), 'vector')).toEqual([]);
  });

  it('turns status "error" into a query error quoting Prometheus, not retryable for bad_data', () => {
    const text = JSON.stringify({
      status: 'error',
      errorType: 'bad_data',
      error: '1:5: parse error: unclosed left parenthesis',
    });
    const err = failure(() => parsePrometheusAnswer(400, text, 'vector'));
    expect(err.kind).toBe('query-error');
    expect(err.message).toBe(
      'Prometheus refused the query (bad_data, HTTP 400): 1:5: parse error: unclosed left parenthesis',
    );
    expect(err.retryable).toBe(false);
  });

  it('calls a query timeout retryable', () => {
    const text = JSON.stringify({
      status: 'error',
      errorType: 'timeout',
      error: 'query timed out',
    });
    expect(failure(() => parsePrometheusAnswer(503, text, 'vector')).retryable).toBe(true);
  });

  it('says so when the answer is not JSON, with the start of what came instead', () => {
    const err = failure(() =>
      parsePrometheusAnswer(200, '<html><body>Login</body></html>', 'vector'),
    );
    expect(err.kind).toBe('not-json');
    expect(err.message).toContain('not JSON');
    expect(err.message).toContain('<html><body>Login</body></html>');
  });

  it('reports a non-2xx answer without an error body by its status, retryable for 502', () => {
    const err = failure(() => parsePrometheusAnswer(502, 'Bad Gateway', 'vector'));
    expect(err.kind).toBe('http-status');
    expect(err.message).toBe('Prometheus answered HTTP 502: Bad Gateway');
    expect(err.retryable).toBe(true);
  });

  it.each([
    ['a matrix where a vector is expected', matrix([]), 'vector', 'the result is a matrix'],
    ['a vector where a matrix is expected', vector([]), 'matrix', 'the result is a vector'],
    [
      'a string result',
      JSON.stringify({ status: 'success', data: { resultType: 'string', result: [1, 'x'] } }),
      'vector',
      'the result is a string',
    ],
    ['no status', JSON.stringify({ data: {} }), 'vector', '"status"'],
    [
      'a point that is not a pair',
      vector([{ metric: {}, value: ['1', '2'] }]),
      'vector',
      'data.result[0].value',
    ],
    [
      'a value that is not a number',
      vector([{ metric: {}, value: [1, 'abc'] }]),
      'vector',
      'the value abc',
    ],
    [
      'a label that is not a string',
      vector([{ metric: { a: 1 }, value: [1, '1'] }]),
      'vector',
      'metric.a',
    ],
  ] as const)('refuses %s as an unexpected shape', (_name, text, expected, words) => {
    const err = failure(() => parsePrometheusAnswer(200, text, expected));
    expect(err.kind).toBe('bad-shape');
    expect(err.message).toContain(words);
  });
});

describe('parseValue', () => {
  it.each([
    ['0.5', 0.5],
    ['1e3', 1000],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['-Inf', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
    ['', undefined],
    ['x', undefined],
    [3, undefined],
  ])('reads %j as %s', (raw, value) => {
    expect(parseValue(raw)).toBe(value);
  });
});
