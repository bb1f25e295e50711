import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const MIN = 60_000;
const t0 = 1_800_000_000_000;

describe('LoginThrottle', () => {
  it('refuses the sixth attempt within fifteen minutes and says how long to wait', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++)
      expect(throttle.begin('erin|10.0.0.1', t0 + i * MIN).allowed).toBe(true);
    expect(throttle.begin('erin|10.0.0.1', t0 + 5 * MIN)).toEqual({
      allowed: false,
      retryAfterMs: 10 * MIN,
    });
    expect(throttle.begin('erin|10.0.0.1', t0 + 15 * MIN).allowed).toBe(true);
  });

  it('counts parallel attempts before they finish, so a burst cannot get past the limit', () => {
    const throttle = new LoginThrottle();
    const burst = Array.from({ length: 20 }, () => throttle.begin('erin|10.0.0.1', t0));
    expect(burst.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('keeps accounts and addresses apart', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) throttle.begin('erin|10.0.0.1', t0);
    expect(throttle.begin('erin|10.0.0.2', t0).allowed).toBe(true);
    expect(throttle.begin('bob|10.0.0.1', t0).allowed).toBe(true);
  });

  it('forgets the failures of an account once it signs in', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 4; i++) throttle.begin('erin|10.0.0.1', t0);
    throttle.succeeded('erin|10.0.0.1');
    for (let i = 0; i < 5; i++) expect(throttle.begin('erin|10.0.0.1', t0).allowed).toBe(true);
  });

  it('keeps a bounded number of keys, dropping the stalest first', () => {
    const throttle = new LoginThrottle(undefined, 2);
    for (let i = 0; i < 5; i++) throttle.begin('a', t0);
    throttle.begin('b', t0);
    throttle.begin('c', t0);
    expect(throttle.begin('a', t0).allowed).toBe(true);
  });
});
