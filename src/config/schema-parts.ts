// Building blocks shared by the section schemas. Each error message is the "expected" phrase
// that ends up in ConfigError.expected, so it reads after "expected …".

import { z } from 'zod';
import type { Comparator, Statistic, WindowDef } from '../domain/definitions.js';
import { DURATION_EXPECTED, parseDuration } from './duration.js';

/** A mapping that rejects unknown keys, naming the ones it knows (typos are the usual cause). */
export function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `one of the keys ${known}`
        : issue.code === 'invalid_type'
          ? `a mapping with the keys ${known}`
          : undefined,
  });
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ID_EXPECTED =
  'an id of lowercase letters, digits and "-" (1 to 63, not starting with "-")';
export const idSchema = z.string({ error: ID_EXPECTED }).regex(ID_PATTERN, { error: ID_EXPECTED });

export const textSchema = z
  .string({ error: 'a non-empty text' })
  .trim()
  .min(1, { error: 'a non-empty text' })
  .max(200, { error: 'a text of at most 200 characters' });

export const descriptionSchema = z
  .string({ error: 'a text' })
  .max(2000, { error: 'a text of at most 2000 characters' });

export const finiteNumber = (expected: string) =>
  z.number({ error: expected }).refine(Number.isFinite, { error: expected });

export function durationSchema(options: { expected?: string; wholeMinutes?: boolean } = {}) {
  const expected =
    options.expected ??
    (options.wholeMinutes ? 'a whole number of minutes such as "5m" or "1h"' : DURATION_EXPECTED);
  return z.string({ error: expected }).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || (options.wholeMinutes && ms % 60_000 !== 0)) {
      ctx.issues.push({ code: 'custom', message: expected, input: text });
      return z.NEVER;
    }
    return ms;
  });
}

const COMPARATOR_WORDS: Record<string, Comparator> = {
  '<=': '<=',
  '<': '<',
  '>=': '>=',
  '>': '>',
  lte: '<=',
  lt: '<',
  gte: '>=',
  gt: '>',
};
export const COMPARATOR_EXPECTED = 'one of "<=", "<", ">=", ">" (or lte, lt, gte, gt)';
export const comparatorSchema = z
  .string({ error: COMPARATOR_EXPECTED })
  .transform((text, ctx): Comparator => {
    const comparator = COMPARATOR_WORDS[text.trim()];
    if (comparator === undefined) {
      ctx.issues.push({ code: 'custom', message: COMPARATOR_EXPECTED, input: text });
      return z.NEVER;
    }
    return comparator;
  });

export const STATISTICS = [
  'good-ratio',
  'mean',
  'max',
  'p50',
  'p90',
  'p95',
  'p99',
  'p999',
] as const satisfies readonly Statistic[];
export const statisticSchema = z.enum(STATISTICS, {
  error: `one of ${STATISTICS.join(', ')}`,
});

export const TIME_ZONE_EXPECTED = 'an IANA time zone such as "Europe/Berlin" or "UTC"';
export const timeZoneSchema = z.string({ error: TIME_ZONE_EXPECTED }).refine(isTimeZone, {
  error: TIME_ZONE_EXPECTED,
});

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const PERIOD_EXPECTED =
  'a rolling period of at least 1h in whole minutes (e.g. "30d") or "calendar-month"';
export const periodSchema = z
  .string({ error: PERIOD_EXPECTED })
  .transform((text, ctx): WindowDef => {
    if (text.trim() === 'calendar-month') return { kind: 'calendar-month' };
    const ms = parseDuration(text);
    if (ms === undefined || ms % 60_000 !== 0 || ms < 3_600_000) {
      ctx.issues.push({ code: 'custom', message: PERIOD_EXPECTED, input: text });
      return z.NEVER;
    }
    return { kind: 'rolling', durationMs: ms };
  });

/** Percent → ratio without float noise (99.9 / 100 is 0.9990000000000001 in binary floating point). */
export const percentToRatio = (percent: number): number => Number((percent / 100).toPrecision(12));
export const ratioToPercent = (ratio: number): number => Number((ratio * 100).toPrecision(12));

const INSTANT_EXPECTED = 'an ISO-8601 instant with a time zone, e.g. "2026-11-01T02:00:00Z"';
const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** An instant written with its offset, as epoch milliseconds. */
export const instantMsSchema = z.string({ error: INSTANT_EXPECTED }).transform((text, ctx) => {
  const ms = Date.parse(text);
  if (!INSTANT_PATTERN.test(text) || Number.isNaN(ms)) {
    ctx.issues.push({ code: 'custom', message: INSTANT_EXPECTED, input: text });
    return z.NEVER;
  }
  return ms;
});
/** The same, normalised to an ISO string in UTC. */
export const instantSchema = instantMsSchema.transform((ms) => new Date(ms).toISOString());
