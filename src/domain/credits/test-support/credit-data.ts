// Small builders for credit tests; each takes overrides.

import type { CreditTier } from '../../definitions.js';
import { MINUTE_MS, type MinuteData } from '../../windows/minute-data.js';
import { Sketch } from '../../windows/sketch.js';
import type { CreditTerms } from '../credit-terms.js';

export const at = (iso: string): number => Date.parse(iso);

/** Like the public cloud SLAs: below 99.9 → 10 %, below 99 → 25 %, below 95 → 100 %. */
export const CLOUD_TIERS: CreditTier[] = [
  { belowPercent: 99.9, creditPercent: 10 },
  { belowPercent: 99, creditPercent: 25 },
  { belowPercent: 95, creditPercent: 100 },
];

export const creditTerms = (o: Partial<CreditTerms> = {}): CreditTerms => ({
  basis: 'time',
  minimumDowntimeMs: 5 * MINUTE_MS,
  intervalMs: 5 * MINUTE_MS,
  tiers: CLOUD_TIERS.map((t) => ({ ...t })),
  exclusions: [],
  ...o,
});

/** `count` consecutive minutes from fromMs, each with the same good/total. */
export function ratioMinutes(
  fromMs: number,
  count: number,
  good: number,
  total: number,
): MinuteData[] {
  return Array.from({ length: count }, (_, i) => ({
    minuteMs: fromMs + i * MINUTE_MS,
    good,
    total,
    sketch: null,
  }));
}

export const sketchOf = (values: readonly number[]): Sketch => {
  const s = new Sketch();
  for (const v of values) s.add(v);
  return s;
};

/** `count` consecutive minutes from fromMs, each holding `values` (e.g. latencies in ms). */
export function distributionMinutes(
  fromMs: number,
  count: number,
  values: readonly number[],
): MinuteData[] {
  return Array.from({ length: count }, (_, i) => ({
    minuteMs: fromMs + i * MINUTE_MS,
    good: 0,
    total: 0,
    sketch: sketchOf(values),
  }));
}

/** Minutes replaced by others at the same start (later lists win). */
export function overlay(...lists: MinuteData[][]): MinuteData[] {
  const byMinute = new Map<number, MinuteData>();
  for (const list of lists) for (const m of list) byMinute.set(m.minuteMs, m);
  return [...byMinute.values()].sort((a, b) => a.minuteMs - b.minuteMs);
}
