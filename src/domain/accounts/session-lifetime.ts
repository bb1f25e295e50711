// A session lives until it has been idle too long or reached its absolute end, whichever is first.

export interface SessionPolicy {
  /** Unused this long: signed out. */
  idleMs: number;
  /** From sign-in, however active. */
  absoluteMs: number;
  /** Last-seen is written at most this often (saves a write per request). */
  touchEveryMs: number;
}

/** 12 h idle, 7 days absolute (OWASP Session Management Cheat Sheet: both, sized to the risk). */
export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 12 * 3_600_000,
  absoluteMs: 7 * 24 * 3_600_000,
  touchEveryMs: 60_000,
};

export interface SessionTimes {
  createdAtMs: number;
  lastSeenAtMs: number;
  expiresAtMs: number;
}

export type SessionCheck =
  { kind: 'active'; touch: boolean } | { kind: 'expired'; reason: 'idle' | 'absolute' };

export function checkSession(s: SessionTimes, nowMs: number, policy: SessionPolicy): SessionCheck {
  if (nowMs >= s.expiresAtMs) return { kind: 'expired', reason: 'absolute' };
  if (nowMs - s.lastSeenAtMs >= policy.idleMs) return { kind: 'expired', reason: 'idle' };
  return { kind: 'active', touch: nowMs - s.lastSeenAtMs >= policy.touchEveryMs };
}

export interface SessionRecord extends SessionTimes {
  /** SHA-256 (hex) of the session id; the id itself is only in the cookie. */
  idHash: string;
  userId: string;
}
