import { describe, expect, it } from 'vitest';
import { formatPrometheusDuration } from './prometheus-duration.js';

describe('formatPrometheusDuration', () => {
  it.each([
    [300_000, '5m'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3 * 86_400_000, '3d'],
    [30 * 86_400_000, '30d'],
    [14 * 86_400_000, '14d'],
    [1_500, '1s500ms'],
  ])('writes %i ms as %s, with days as the largest unit', (ms, text) => {
    expect(formatPrometheusDuration(ms)).toBe(text);
  });

  it('refuses durations Prometheus cannot write', () => {
    expect(() => formatPrometheusDuration(0)).toThrow(RangeError);
    expect(() => formatPrometheusDuration(1.5)).toThrow(RangeError);
  });
});
