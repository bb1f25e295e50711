import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSample } from './parse-sample.js';

const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);
const limits = { nowMs: NOW, maxAgeMs: 3_600_000, maxFutureMs: 60_000 };

describe('parseSample', () => {
  it.each([
    [
      'a ratio sample',
      { sli: 'a', ts: NOW, good: 9, total: 10 },
      { kind: 'ratio', sliId: 'a', tsMs: NOW, good: 9, total: 10 },
    ],
    [
      'a value sample with a count',
      { sli: 'a', ts: NOW, value: 12.5, count: 3 },
      { kind: 'value', sliId: 'a', tsMs: NOW, value: 12.5, count: 3 },
    ],
    [
      'an ISO time',
      { sli: 'a', ts: '2026-11-27T09:59:00Z', value: 1 },
      { kind: 'value', sliId: 'a', tsMs: NOW - 60_000, value: 1, count: 1 },
    ],
    [
      'no time (the time received)',
      { sli: 'a', good: 0, total: 0 },
      { kind: 'ratio', sliId: 'a', tsMs: NOW, good: 0, total: 0 },
    ],
  ])('accepts %s', (_name, raw, sample) => {
    expect(parseSample(raw, limits)).toEqual({ ok: true, sample });
  });

  it.each([
    ['a non-object', 42, '', 'E_SAMPLE_INVALID'],
    ['a missing sli', { good: 1, total: 1 }, 'sli', 'E_SAMPLE_INVALID'],
    [
      'seconds instead of milliseconds',
      { sli: 'a', ts: NOW / 1000, value: 1 },
      'ts',
      'E_SAMPLE_INVALID',
    ],
    ['a time without a date', { sli: 'a', ts: 'yesterday', value: 1 }, 'ts', 'E_SAMPLE_INVALID'],
    ['a time two hours old', { sli: 'a', ts: NOW - 7_200_000, value: 1 }, 'ts', 'E_SAMPLE_TOO_OLD'],
    [
      'a time ten minutes ahead',
      { sli: 'a', ts: NOW + 600_000, value: 1 },
      'ts',
      'E_SAMPLE_IN_FUTURE',
    ],
    ['a negative value', { sli: 'a', value: -1 }, 'value', 'E_SAMPLE_INVALID'],
    ['an infinite value', { sli: 'a', value: Infinity }, 'value', 'E_SAMPLE_INVALID'],
    ['a value given as text', { sli: 'a', value: '12' }, 'value', 'E_SAMPLE_INVALID'],
    ['good above total', { sli: 'a', good: 3, total: 2 }, 'good', 'E_SAMPLE_INVALID'],
    ['fractional counts', { sli: 'a', good: 1.5, total: 2 }, 'good', 'E_SAMPLE_INVALID'],
    [
      'both value and counts',
      { sli: 'a', value: 1, good: 1, total: 1 },
      'value',
      'E_SAMPLE_INVALID',
    ],
    ['neither value nor counts', { sli: 'a' }, 'value', 'E_SAMPLE_INVALID'],
    ['a zero count', { sli: 'a', value: 1, count: 0 }, 'count', 'E_SAMPLE_INVALID'],
  ])('refuses %s, naming the field', (_name, raw, field, code) => {
    const parsed = parseSample(raw, limits);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem.field).toBe(field);
      expect(parsed.problem.code).toBe(code);
      expect(parsed.problem.expected.length).toBeGreaterThan(5);
    }
  });

  it('never throws and never echoes a large value, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const parsed = parseSample(raw, limits);
        if (!parsed.ok)
          expect(JSON.stringify(parsed.problem.value ?? null).length).toBeLessThan(100);
      }),
      { numRuns: 2000 },
    );
  });
});
