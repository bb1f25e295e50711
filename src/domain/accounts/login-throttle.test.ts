import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_POLICY, decideAttempt } from './login-throttle.js';

const MIN = 60_000;
const t0 = 1_800_000_000_000;

describe('decideAttempt', () => {
  it('allows an attempt after four failures in fifteen minutes', () => {
    expect(decideAttempt([t0, t0 + MIN, t0 + 2 * MIN, t0 + 3 * MIN], t0 + 4 * MIN)).toEqual({
      allowed: true,
    });
  });

  it('refuses after five failures until the oldest is fifteen minutes old', () => {
    const failures = [0, 1, 2, 3, 4].map((m) => t0 + m * MIN);
    expect(decideAttempt(failures, t0 + 5 * MIN)).toEqual({
      allowed: false,
      retryAfterMs: 10 * MIN,
    });
    expect(decideAttempt(failures, t0 + 15 * MIN - 1)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(decideAttempt(failures, t0 + 15 * MIN)).toEqual({ allowed: true });
  });

  it('counts only the failures inside the window', () => {
    const old = [0, 1, 2, 3].map((m) => t0 + m * MIN);
    expect(decideAttempt([...old, t0 + 20 * MIN], t0 + 20 * MIN)).toEqual({ allowed: true });
  });

  it('with more than five failures, waits until only four remain', () => {
    const failures = [0, 1, 2, 3, 4, 5, 6].map((m) => t0 + m * MIN);
    expect(decideAttempt(failures, t0 + 7 * MIN)).toEqual({
      allowed: false,
      retryAfterMs: 10 * MIN,
    });
  });

  it('uses 5 failures in 15 minutes by default', () => {
    expect(DEFAULT_THROTTLE_POLICY).toEqual({ maxFailures: 5, windowMs: 15 * MIN });
  });
});
