// Where each SLI's numbers live in Prometheus: PromQL written by the team (the --queries file),
// or Forewarn's own exposition names by default. `{{window}}` (or Sloth's `{{.window}}`) stands
// for the range of each recorded window.

import { parse } from 'yaml';
import { z } from 'zod';
import type { Definitions, Statistic } from '../../domain/definitions.js';

/** Events of one SLI: bad (`errors`) or good events, each against `total`, per second. */
export type EventQueries =
  | { errors: string; total: string; good?: undefined }
  | { good: string; total: string; errors?: undefined };

export interface SliQuery {
  events?: EventQueries;
  /** A value query per statistic, for threshold objectives, e.g. p95 → histogram_quantile(…). */
  statistics?: Partial<Record<Statistic, string>>;
}

export type SliQueries = Readonly<Record<string, SliQuery>>;

export type SliQueriesResult = { ok: true; queries: SliQueries } | { ok: false; errors: string[] };

const WINDOW_PLACEHOLDER = /\{\{\s*\.?window\s*\}\}/g;
const STATISTICS = ['good-ratio', 'mean', 'max', 'p50', 'p90', 'p95', 'p99', 'p999'] as const;

/** The query with every window placeholder replaced by a Prometheus range such as "5m". */
export function substituteWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDER, window);
}

/**
 * Forewarn's exposition of a ratio SLI's events. An SLI with no bad event yet has no `bad`
 * series, so errors fall back to 0 instead of leaving the ratio empty.
 */
export function defaultEventQueries(sliId: string): EventQueries {
  const sli = JSON.stringify(sliId);
  return {
    errors: `(sum(rate(forewarn_sli_events_total{sli=${sli},outcome="bad"}[{{window}}])) or vector(0))`,
    total: `sum(rate(forewarn_sli_events_total{sli=${sli}}[{{window}}]))`,
  };
}

const query = z
  .string({ error: 'a PromQL query' })
  .trim()
  .min(1, { error: 'a PromQL query' })
  .refine((q) => new RegExp(WINDOW_PLACEHOLDER.source).test(q), {
    error: 'a PromQL query with a {{window}} placeholder for the range, e.g. rate(x[{{window}}])',
  });

const entrySchema = z
  .strictObject(
    {
      errors: query.optional(),
      good: query.optional(),
      total: query.optional(),
      statistics: z
        .strictObject(Object.fromEntries(STATISTICS.map((name) => [name, query.optional()])), {
          error: `a mapping from statistics (${STATISTICS.join(', ')}) to PromQL queries`,
        })
        .optional(),
    },
    { error: 'a mapping with the keys errors or good, total, statistics' },
  )
  .superRefine((entry, ctx) => {
    const events = [entry.errors, entry.good].filter((q) => q !== undefined).length;
    if (events > 1) ctx.addIssue({ code: 'custom', message: 'errors or good, not both' });
    if (events === 1 && entry.total === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: 'a total query next to errors/good',
      });
    }
    if (events === 0 && entry.total !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'an errors or good query next to total' });
    }
    if (events === 0 && entry.statistics === undefined) {
      ctx.addIssue({ code: 'custom', message: 'errors or good with total, or statistics' });
    }
  });

const fileSchema = z.record(z.string(), entrySchema, {
  error: 'a mapping from SLI ids to queries',
});

/** Reads a --queries file (YAML or JSON), checking each SLI id against the definitions. */
export function parseSliQueries(text: string, defs: Definitions): SliQueriesResult {
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    return { ok: false, errors: [`not YAML or JSON: ${(err as Error).message}`] };
  }
  const parsed = fileSchema.safeParse(document ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(file)'}: expected ${issue.message}`,
      ),
    };
  }
  const known = new Set(defs.slis.map((sli) => sli.id));
  const errors = Object.keys(parsed.data)
    .filter((id) => !known.has(id))
    .map((id) => `${id}: expected the id of a defined SLI (${[...known].join(', ')})`);
  if (errors.length > 0) return { ok: false, errors };

  const queries: Record<string, SliQuery> = {};
  for (const [id, entry] of Object.entries(parsed.data)) {
    const events: EventQueries | undefined =
      entry.total === undefined
        ? undefined
        : entry.errors !== undefined
          ? { errors: entry.errors, total: entry.total }
          : entry.good !== undefined
            ? { good: entry.good, total: entry.total }
            : undefined;
    queries[id] = {
      ...(events === undefined ? {} : { events }),
      ...(entry.statistics === undefined ? {} : { statistics: entry.statistics }),
    };
  }
  return { ok: true, queries };
}
