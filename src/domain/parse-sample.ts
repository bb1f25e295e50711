// Turns one untrusted JSON item into a Sample, or a problem naming the field, value and expectation.
// Hand-written rather than schema-driven: this runs per sample on the ingest hot path (TARGETS P4).

import type { Sample } from './sample.js';

export interface SampleLimits {
  nowMs: number;
  /** Samples older than this are refused (windows only keep minute detail this long). */
  maxAgeMs: number;
  /** Tolerated clock skew into the future. */
  maxFutureMs: number;
}

export interface SampleProblem {
  field: string;
  value: unknown;
  expected: string;
  code: 'E_SAMPLE_INVALID' | 'E_SAMPLE_TOO_OLD' | 'E_SAMPLE_IN_FUTURE' | 'E_SLI_UNKNOWN';
}

export type ParsedSample = { ok: true; sample: Sample } | { ok: false; problem: SampleProblem };

/** Below this a number timestamp is almost certainly seconds, not milliseconds (year 1973 in ms). */
const MIN_PLAUSIBLE_MS = 100_000_000_000;
const MAX_COUNT = 1e12;
const MAX_SLI_ID_LENGTH = 128;

const invalid = (field: string, value: unknown, expected: string): ParsedSample => ({
  ok: false,
  problem: { field, value: preview(value), expected, code: 'E_SAMPLE_INVALID' },
});

export function parseSample(raw: unknown, limits: SampleLimits): ParsedSample {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return invalid('', raw, 'a JSON object with "sli" and either "good"/"total" or "value"');
  }
  const item = raw as Record<string, unknown>;
  const sliId = item.sli;
  if (typeof sliId !== 'string' || sliId.length === 0 || sliId.length > MAX_SLI_ID_LENGTH) {
    return invalid('sli', sliId, `an SLI id (a string of 1 to ${MAX_SLI_ID_LENGTH} characters)`);
  }
  const ts = parseTimestamp(item.ts, limits);
  if (typeof ts !== 'number') return ts;

  if (item.value !== undefined) {
    if (item.good !== undefined || item.total !== undefined) {
      return invalid('value', item.value, 'either "value" or "good"/"total", not both');
    }
    const value = item.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return invalid('value', value, 'a finite number ≥ 0');
    }
    const count = item.count === undefined ? 1 : item.count;
    if (!isCount(count) || count < 1) {
      return invalid('count', count, `a whole number from 1 to ${MAX_COUNT}`);
    }
    return { ok: true, sample: { kind: 'value', sliId, tsMs: ts, value, count } };
  }

  const { good, total } = item;
  if (good === undefined && total === undefined) {
    return invalid('value', undefined, 'either "value" (a number) or "good" and "total" (counts)');
  }
  if (!isCount(total)) return invalid('total', total, `a whole number from 0 to ${MAX_COUNT}`);
  if (!isCount(good)) return invalid('good', good, `a whole number from 0 to ${MAX_COUNT}`);
  if (good > total) return invalid('good', good, `at most total (${total})`);
  return { ok: true, sample: { kind: 'ratio', sliId, tsMs: ts, good, total } };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT;
}

function parseTimestamp(raw: unknown, limits: SampleLimits): number | ParsedSample {
  if (raw === undefined) return limits.nowMs;
  let tsMs: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return invalid('ts', raw, 'epoch milliseconds or an ISO-8601 time');
    if (Math.abs(raw) < MIN_PLAUSIBLE_MS) {
      return invalid('ts', raw, 'epoch milliseconds (this looks like seconds: multiply by 1000)');
    }
    tsMs = Math.floor(raw);
  } else if (typeof raw === 'string' && raw.length <= 40) {
    tsMs = Date.parse(raw);
    if (Number.isNaN(tsMs) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
      return invalid('ts', raw, 'an ISO-8601 time with a zone, e.g. 2026-11-27T10:00:00Z');
    }
  } else {
    return invalid('ts', raw, 'epoch milliseconds or an ISO-8601 time');
  }
  if (tsMs < limits.nowMs - limits.maxAgeMs) {
    return {
      ok: false,
      problem: {
        field: 'ts',
        value: raw,
        expected: `a time no older than ${Math.round(limits.maxAgeMs / 60_000)} minutes`,
        code: 'E_SAMPLE_TOO_OLD',
      },
    };
  }
  if (tsMs > limits.nowMs + limits.maxFutureMs) {
    return {
      ok: false,
      problem: {
        field: 'ts',
        value: raw,
        expected: `a time no more than ${Math.round(limits.maxFutureMs / 1000)} s in the future`,
        code: 'E_SAMPLE_IN_FUTURE',
      },
    };
  }
  return tsMs;
}

/** Echo at most a short preview of a bad value, never a huge or nested structure. */
export function preview(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}...` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value === 'boolean' || value === undefined) return value;
  return Array.isArray(value) ? '[array]' : '[object]';
}
