// A `prometheus:` entry: a Prometheus-compatible query API (Prometheus, Thanos, Mimir,
// VictoriaMetrics) pulled on a schedule. Each SLI is measured by PromQL: good/total queries with a
// `{{.window}}` range placeholder (as Sloth writes them), or a value query.

import { z } from 'zod';
import {
  type PrometheusSliQuery,
  type PrometheusSourceDef,
  WINDOW_PLACEHOLDER,
} from '../domain/sources.js';
import type { SecretRef } from './config-input.js';
import { headersSchema } from './source-headers-schema.js';
import { durationSchema, idSchema, strict } from './schema-parts.js';

export type PrometheusSourceInput = Omit<PrometheusSourceDef, 'headers'> & {
  headers: Record<string, SecretRef>;
};

export const MIN_PULL_INTERVAL_MS = 15_000;
const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 10_000;

const API_URL_EXPECTED =
  'the http:// or https:// base URL of a Prometheus-compatible API, e.g. "http://prometheus:9090"';

function isApiUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.hostname !== '' &&
      url.search === '' &&
      url.hash === ''
    );
  } catch {
    return false;
  }
}

const query = (what: string, needsWindow: boolean) => {
  const expected = needsWindow
    ? `a PromQL query for ${what} over the range "[${WINDOW_PLACEHOLDER}]", e.g. sum(increase(http_requests_total[${WINDOW_PLACEHOLDER}]))`
    : `a PromQL query for ${what}`;
  return z
    .string({ error: expected })
    .trim()
    .min(1, { error: expected })
    .max(10_000, { error: 'a query of at most 10000 characters' })
    .refine((q) => !needsWindow || q.includes(WINDOW_PLACEHOLDER), { error: expected });
};

const sliQuerySchema = strict({
  sli: idSchema,
  good: query('the good events', true).optional(),
  total: query('all events', true).optional(),
  value: query("the SLI's value", false).optional(),
}).transform((q, ctx): PrometheusSliQuery => {
  if (q.value !== undefined && q.good === undefined && q.total === undefined) {
    return { sliId: q.sli, kind: 'value', valueQuery: q.value };
  }
  if (q.value === undefined && q.good !== undefined && q.total !== undefined) {
    return { sliId: q.sli, kind: 'ratio', goodQuery: q.good, totalQuery: q.total };
  }
  ctx.issues.push({
    code: 'custom',
    message:
      'either "good" and "total" queries (a ratio SLI) or one "value" query (a distribution SLI)',
    input: q,
  });
  return z.NEVER;
});

export const prometheusSourceSchema = strict({
  id: idSchema,
  url: z.string({ error: API_URL_EXPECTED }).refine(isApiUrl, { error: API_URL_EXPECTED }),
  headers: headersSchema,
  interval: durationSchema({ expected: 'a duration of at least "15s", such as "1m"' })
    .refine((ms) => ms >= MIN_PULL_INTERVAL_MS && ms % 1000 === 0, {
      error: 'a whole number of seconds of at least "15s", such as "1m"',
    })
    .default(DEFAULT_INTERVAL_MS),
  /** Default: 10 s, or the interval when that is shorter. */
  timeout: durationSchema()
    .refine((ms) => ms > 0, { error: 'a duration above zero' })
    .optional(),
  backfill: durationSchema().optional(),
  slis: z
    .array(sliQuerySchema, { error: 'a list of { sli, good, total } or { sli, value } entries' })
    .min(1, { error: 'at least one SLI to measure' }),
})
  .superRefine((s, ctx) => {
    if (s.timeout !== undefined && s.timeout > s.interval) {
      ctx.issues.push({
        code: 'custom',
        path: ['timeout'],
        message: `a timeout no longer than the interval (${s.interval / 1000}s)`,
        input: s.timeout,
      });
    }
  })
  .transform((s): PrometheusSourceInput => ({
    id: s.id,
    url: s.url.replace(/\/+$/, ''),
    headers: s.headers,
    intervalMs: s.interval,
    timeoutMs: s.timeout ?? Math.min(DEFAULT_TIMEOUT_MS, s.interval),
    ...(s.backfill === undefined ? {} : { backfillMs: s.backfill }),
    queries: s.slis,
  }));
