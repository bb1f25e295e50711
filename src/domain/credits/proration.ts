// The share of a billing period the contract was active, by elapsed time (a DST month's extra
// or missing hour counts). Maintenance windows do not reduce it: they are part of the paid service.

import type { CreditTerms, TimeSpan } from './credit-terms.js';

export interface Proration {
  activeFromMs: number;
  activeUntilMs: number;
  activeMs: number;
  periodMs: number;
  /** activeMs / periodMs: 1 for a whole month, 0 when the contract was not active at all. */
  ratio: number;
}

export function prorationOf(
  period: TimeSpan,
  terms: Pick<CreditTerms, 'activeFromMs' | 'activeUntilMs'>,
): Proration {
  const activeFromMs = Math.max(period.fromMs, terms.activeFromMs ?? period.fromMs);
  const activeUntilMs = Math.min(period.toMs, terms.activeUntilMs ?? period.toMs);
  const activeMs = Math.max(0, activeUntilMs - activeFromMs);
  const periodMs = period.toMs - period.fromMs;
  return { activeFromMs, activeUntilMs, activeMs, periodMs, ratio: activeMs / periodMs };
}
