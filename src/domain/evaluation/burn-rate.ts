// Error-budget arithmetic shared by burn-rate warnings and budget breaches.

import { toSignificant } from './significant.js';

/**
 * How many times faster than sustainable the budget burns: the bad share over the allowed bad
 * share (1 − objective). 1x spends exactly the budget over the period; no events burn nothing.
 */
export function burnRateOf(good: number, total: number, objectiveRatio: number): number {
  if (total <= 0) return 0;
  const badRatio = (total - good) / total;
  const allowedBadRatio = 1 - objectiveRatio;
  if (allowedBadRatio <= 0) return badRatio > 0 ? Number.POSITIVE_INFINITY : 0;
  return toSignificant(badRatio / allowedBadRatio);
}

/** Share of the period's error budget left: 1 untouched, 0 spent, negative overspent. */
export function budgetRemainingRatioOf(
  good: number,
  total: number,
  objectiveRatio: number,
): number {
  if (total <= 0) return 1;
  return toSignificant(1 - burnRateOf(good, total, objectiveRatio));
}
