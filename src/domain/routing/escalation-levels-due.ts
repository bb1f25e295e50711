import type { EscalationPolicy } from '../definitions.js';

/**
 * How many steps of the escalation chain are due for an unacknowledged page: one more each
 * `ackWithinMs` after the first page, at most the chain's length.
 */
export function escalationLevelsDue(
  policy: EscalationPolicy,
  firstPageAtMs: number,
  nowMs: number,
): number {
  if (policy.ackWithinMs <= 0 || nowMs < firstPageAtMs) return 0;
  return Math.min(policy.chain.length, Math.floor((nowMs - firstPageAtMs) / policy.ackWithinMs));
}
