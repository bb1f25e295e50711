// The two calls of the Prometheus HTTP API the puller needs (instant and range queries), through
// the guarded outbound client. Works with any compatible API (Thanos, Mimir, VictoriaMetrics).
// API reference: https://prometheus.io/docs/prometheus/latest/querying/api/

import type { OutboundClient } from '../../net/outbound-client.js';
import { isOutboundError } from '../../net/outbound-error.js';

/** One point; the value may be NaN or ±Infinity (Prometheus sends "NaN", "+Inf", "-Inf"). */
export interface PrometheusPoint {
  timeMs: number;
  value: number;
}

export interface PrometheusSeries {
  labels: Record<string, string>;
  points: PrometheusPoint[];
}

export type PrometheusFailureKind =
  /** Not reached: DNS, connect, TLS, timeout, refused by the outbound policy. */
  | 'unreachable'
  /** An answer that is not JSON (a proxy's HTML page, a truncated body). */
  | 'not-json'
  /** `status: "error"`: the query is bad or failed to run; Prometheus says why. */
  | 'query-error'
  /** JSON, but not the documented shape, or a result type the caller cannot use. */
  | 'bad-shape'
  /** A non-2xx answer without Prometheus's error body. */
  | 'http-status';

export class PrometheusQueryError extends Error {
  readonly kind: PrometheusFailureKind;
  readonly retryable: boolean;

  constructor(kind: PrometheusFailureKind, message: string, retryable: boolean) {
    super(message);
    this.name = 'PrometheusQueryError';
    this.kind = kind;
    this.retryable = retryable;
  }
}

export interface PrometheusApiClientOptions {
  outbound: OutboundClient;
  /** Base URL; `/api/v1/query` and `/api/v1/query_range` are appended (a path prefix is kept). */
  baseUrl: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Default 8 MiB: a day of 15 s points for a few series. */
  maxResponseBytes?: number;
}

export interface PrometheusApiClient {
  /** `/api/v1/query` at `timeMs`: a vector (or a scalar, as one series without labels). */
  queryInstant(query: string, timeMs: number): Promise<PrometheusSeries[]>;
  /** `/api/v1/query_range` from `startMs` to `endMs` every `stepMs`: a matrix. */
  queryRange(
    query: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<PrometheusSeries[]>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export function createPrometheusApiClient(
  options: PrometheusApiClientOptions,
): PrometheusApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const seconds = (ms: number) => (ms / 1000).toString();

  async function call(path: string, form: Record<string, string>, expected: ResultShape) {
    const body = new URLSearchParams(form).toString();
    let res;
    try {
      res = await options.outbound.request({
        url: `${base}${path}`,
        method: 'POST',
        headers: {
          accept: 'application/json',
          ...options.headers,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      });
    } catch (err) {
      // OutboundError messages name the kind of failure, never the URL or a header.
      const reason = isOutboundError(err) ? err.message : 'the request failed';
      const retryable = isOutboundError(err) ? err.retryable : true;
      throw new PrometheusQueryError('unreachable', `Prometheus not reached: ${reason}`, retryable);
    }
    if (res.truncated) {
      throw new PrometheusQueryError(
        'not-json',
        `the answer is larger than ${options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES} bytes; query fewer series or a shorter range`,
        false,
      );
    }
    return parsePrometheusAnswer(res.status, res.body.toString('utf8'), expected);
  }

  return {
    queryInstant: (query, timeMs) =>
      call('/api/v1/query', { query, time: seconds(timeMs) }, 'vector'),
    queryRange: (query, startMs, endMs, stepMs) =>
      call(
        '/api/v1/query_range',
        { query, start: seconds(startMs), end: seconds(endMs), step: seconds(stepMs) },
        'matrix',
      ),
  };
}

export type ResultShape = 'vector' | 'matrix';

/**
 * An API answer → series, or a PrometheusQueryError saying what was wrong. `vector` accepts
 * `vector` and `scalar` results; `matrix` accepts `matrix`.
 */
export function parsePrometheusAnswer(
  httpStatus: number,
  text: string,
  expected: ResultShape,
): PrometheusSeries[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    if (httpStatus < 200 || httpStatus > 299) {
      throw new PrometheusQueryError(
        'http-status',
        `Prometheus answered HTTP ${httpStatus}: ${preview(text)}`,
        RETRYABLE_STATUS.has(httpStatus) || httpStatus >= 500,
      );
    }
    throw new PrometheusQueryError(
      'not-json',
      `the answer is not JSON (is the URL a Prometheus API?): ${preview(text)}`,
      false,
    );
  }
  if (!isRecord(doc) || (doc.status !== 'success' && doc.status !== 'error')) {
    throw shape('"status" is neither "success" nor "error"');
  }
  if (doc.status === 'error') {
    const errorType = typeof doc.errorType === 'string' ? doc.errorType : 'unknown';
    const error = typeof doc.error === 'string' ? doc.error : 'no reason given';
    // bad_data is the query's fault; timeout, execution, unavailable may pass.
    throw new PrometheusQueryError(
      'query-error',
      `Prometheus refused the query (${errorType}, HTTP ${httpStatus}): ${error}`,
      errorType !== 'bad_data',
    );
  }
  const data = doc.data;
  if (!isRecord(data) || typeof data.resultType !== 'string') {
    throw shape('"data.resultType" is missing');
  }
  const { resultType, result } = data;
  if (expected === 'vector' && resultType === 'scalar') {
    return [{ labels: {}, points: [parsePoint(result, 'data.result')] }];
  }
  if (resultType !== expected) {
    throw shape(
      `the result is a ${resultType}, expected a ${expected === 'vector' ? 'vector (or scalar)' : 'matrix'}`,
    );
  }
  if (!Array.isArray(result)) throw shape('"data.result" is not a list');
  return result.map((item: unknown, i) => {
    const at = `data.result[${i}]`;
    if (!isRecord(item) || !isRecord(item.metric)) throw shape(`${at}.metric is missing`);
    const labels: Record<string, string> = {};
    for (const [name, value] of Object.entries(item.metric)) {
      if (typeof value !== 'string') throw shape(`${at}.metric.${name} is not a string`);
      labels[name] = value;
    }
    if (expected === 'vector') return { labels, points: [parsePoint(item.value, `${at}.value`)] };
    if (!Array.isArray(item.values)) throw shape(`${at}.values is not a list`);
    return {
      labels,
      points: item.values.map((p: unknown, k) => parsePoint(p, `${at}.values[${k}]`)),
    };
  });
}

function parsePoint(raw: unknown, at: string): PrometheusPoint {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number') {
    throw shape(`${at} is not a [time, "value"] pair`);
  }
  const value = parseValue(raw[1]);
  if (value === undefined) throw shape(`${at} has the value ${preview(String(raw[1]))}`);
  return { timeMs: Math.round(raw[0] * 1000), value };
}

/** Prometheus writes sample values as strings: decimals, "NaN", "+Inf", "-Inf". */
export function parseValue(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (raw === '+Inf' || raw === 'Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  if (raw === 'NaN') return Number.NaN;
  const value = Number(raw);
  return Number.isNaN(value) ? undefined : value;
}

function shape(what: string): PrometheusQueryError {
  return new PrometheusQueryError('bad-shape', `unexpected answer from the API: ${what}`, false);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat === '' ? '(empty)' : flat;
}
