import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './retry-after.js';

const nowMs = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfterMs', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sun, 01 Mar 2026 12:00:30 GMT', 30_000],
    ['Sun, 01 Mar 2026 11:59:00 GMT', 0],
  ])('reads %j as %d ms', (value, expectedMs) => {
    expect(parseRetryAfterMs(value, nowMs)).toBe(expectedMs);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %j', (value) => {
    expect(parseRetryAfterMs(value, nowMs)).toBeUndefined();
  });
});
