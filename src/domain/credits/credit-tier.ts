// Which credit tier an attainment falls in. The tier is chosen on the attainment as shown (3
// decimals, half up), so a statement never reads "99.900 %" beside a credit for "below 99.9 %".

import type { CreditTier } from '../definitions.js';

/** Attainment as shown: 3 decimals, half up; float noise such as 99.89999999999999 is dropped. */
export function shownPercent(percent: number): number {
  return Math.floor(percent * 1000 + 0.5 + 1e-7) / 1000;
}

/** The worst tier whose belowPercent is above the attainment; null when none is. */
export function tierFor(
  attainmentPercent: number,
  tiers: readonly CreditTier[],
): CreditTier | null {
  let worst: CreditTier | null = null;
  for (const tier of tiers) {
    if (attainmentPercent >= tier.belowPercent) continue;
    if (worst === null || tier.belowPercent < worst.belowPercent) worst = tier;
  }
  return worst;
}
