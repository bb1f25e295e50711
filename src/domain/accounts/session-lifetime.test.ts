import { describe, expect, it } from 'vitest';
import { checkSession, DEFAULT_SESSION_POLICY as policy } from './session-lifetime.js';

const H = 3_600_000;
const t0 = 1_800_000_000_000;
const session = { createdAtMs: t0, lastSeenAtMs: t0, expiresAtMs: t0 + policy.absoluteMs };

describe('checkSession', () => {
  it.each([
    ['just signed in', t0, { kind: 'active', touch: false }],
    ['a minute later, last seen is written', t0 + 60_000, { kind: 'active', touch: true }],
    ['11 h 59 min idle', t0 + 12 * H - 60_000, { kind: 'active', touch: true }],
    ['12 h idle', t0 + 12 * H, { kind: 'expired', reason: 'idle' }],
  ])('%s', (_label, nowMs, expected) => {
    expect(checkSession(session, nowMs, policy)).toEqual(expected);
  });

  it('ends at its absolute expiry however recently it was used', () => {
    const end = t0 + 7 * 24 * H;
    const busy = { ...session, lastSeenAtMs: end - 1 };
    expect(checkSession(busy, end - 1, policy)).toMatchObject({ kind: 'active' });
    expect(checkSession(busy, end, policy)).toEqual({ kind: 'expired', reason: 'absolute' });
  });
});
