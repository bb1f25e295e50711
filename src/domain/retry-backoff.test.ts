import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './retry-backoff.js';

describe('backoffDelayMs', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [5, 16_000],
    [12, 300_000],
    [40, 300_000],
  ])('after attempt %d waits at most %d ms', (attempt, ceiling) => {
    expect(backoffDelayMs(attempt, () => 0.999_999)).toBe(Math.floor(0.999_999 * ceiling));
    expect(backoffDelayMs(attempt, () => 0)).toBe(0);
  });
});
