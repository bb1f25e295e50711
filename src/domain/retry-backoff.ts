// Exponential backoff with full jitter ("Exponential Backoff and Jitter", AWS Architecture Blog,
// 2015): the delay is uniform in [0, min(cap, base·2^(attempt-1))], so retries of many
// notifications to one recovering receiver spread out instead of arriving together.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60_000 };

/** Delay before attempt `attempt + 1`, after `attempt` failed; `random` returns [0, 1). */
export function backoffDelayMs(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
