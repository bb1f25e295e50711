// Login throttling: after too many failed sign-ins for one account from one address within a
// window, further attempts wait. Pure: the caller keeps the failure times and passes the clock.

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

/** 5 failures per account and address in 15 minutes (OWASP Authentication Cheat Sheet range). */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Failure times still inside the window, oldest first. */
export function recentFailures(
  failuresMs: readonly number[],
  nowMs: number,
  policy: ThrottlePolicy,
): number[] {
  return failuresMs.filter((t) => t > nowMs - policy.windowMs && t <= nowMs);
}

/** May another attempt be made now? When not, how long until the oldest counted failure ages out. */
export function decideAttempt(
  failuresMs: readonly number[],
  nowMs: number,
  policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
): ThrottleDecision {
  const recent = recentFailures(failuresMs, nowMs, policy);
  if (recent.length < policy.maxFailures) return { allowed: true };
  const freedAt = recent[recent.length - policy.maxFailures]! + policy.windowMs;
  return { allowed: false, retryAfterMs: Math.max(1, freedAt - nowMs) };
}

/** The throttle key: one account from one address. */
export function throttleKey(email: string, ip: string): string {
  return `${email}\u0000${ip}`;
}
