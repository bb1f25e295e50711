// Approaching: each detector returns the reason with its numbers, or undefined when it does not
// hold. Priority when several hold: burn rate, then fraction of threshold, then trend.

import type { BudgetObjectiveDef, BurnRateRule, ThresholdObjectiveDef } from '../definitions.js';
import type { BudgetObservation, ThresholdObservation, WindowTotals } from '../observation.js';
import type { Reason } from '../objective-state.js';
import { budgetRemainingRatioOf, burnRateOf } from './burn-rate.js';
import { breaks } from './detect-breach.js';
import type { ObjectiveObservation } from './objective-observation.js';
import { toSignificant } from './significant.js';
import { trendSlope } from './trend-slope.js';

export type BurnRateReason = Extract<Reason, { kind: 'burn-rate' }>;
export type FractionOfThresholdReason = Extract<Reason, { kind: 'fraction-of-threshold' }>;
export type TrendProjectionReason = Extract<Reason, { kind: 'trend-projection' }>;
export type EarlyWarningReason = BurnRateReason | FractionOfThresholdReason | TrendProjectionReason;

const MINUTE_MS = 60_000;

/**
 * The most severe rule whose long and short windows both burn faster than its rate. Strictly
 * faster, as in the Workbook's rules: burning at exactly 1x still meets the objective. Rules are
 * compared as numbers; the reason is built only for the rule that holds.
 */
export function detectBurnRate(
  def: BudgetObjectiveDef,
  obs: BudgetObservation,
): BurnRateReason | undefined {
  const rules = def.earlyWarning.burnRates;
  if (rules === undefined) return undefined;
  let worst: BurnRateRule | undefined;
  let worstLong: WindowTotals | undefined;
  let worstShort: WindowTotals | undefined;
  for (const rule of rules) {
    if (worst !== undefined && !moreSevere(rule, worst)) continue;
    const long = totalsFor(obs, rule.longWindowMs);
    if (long === undefined || !burnsFaster(long, def.objectiveRatio, rule.burnRate)) continue;
    const short = totalsFor(obs, rule.shortWindowMs);
    if (short === undefined || !burnsFaster(short, def.objectiveRatio, rule.burnRate)) continue;
    worst = rule;
    worstLong = long;
    worstShort = short;
  }
  if (worst === undefined || worstLong === undefined || worstShort === undefined) return undefined;
  return {
    kind: 'burn-rate',
    severity: worst.severity,
    longWindowMs: worst.longWindowMs,
    shortWindowMs: worst.shortWindowMs,
    longBurnRate: burnRateOf(worstLong.good, worstLong.total, def.objectiveRatio),
    shortBurnRate: burnRateOf(worstShort.good, worstShort.total, def.objectiveRatio),
    thresholdBurnRate: worst.burnRate,
    budgetRemainingRatio: budgetRemainingRatioOf(
      obs.period.good,
      obs.period.total,
      def.objectiveRatio,
    ),
  };
}

/**
 * Whether burnRateOf(...) > rate, deciding on the unrounded ratio when it is clear of the rate:
 * rounding to 12 digits moves a value by at most 5e-12 of itself, far inside this margin.
 */
function burnsFaster(w: WindowTotals, objectiveRatio: number, rate: number): boolean {
  if (w.total <= 0) return 0 > rate;
  const allowedBadRatio = 1 - objectiveRatio;
  if (allowedBadRatio > 0 && rate > 0) {
    const raw = (w.total - w.good) / w.total / allowedBadRatio;
    if (raw < rate * (1 - BURN_RATE_MARGIN)) return false;
    if (raw > rate * (1 + BURN_RATE_MARGIN)) return true;
  }
  return burnRateOf(w.good, w.total, objectiveRatio) > rate;
}

/** Relative distance from a rule's rate within which burnsFaster asks the rounded burn rate. */
export const BURN_RATE_MARGIN = 1e-9;

/** The window's totals; a plain loop, since observations list only a handful of windows. */
function totalsFor(obs: BudgetObservation, windowMs: number): WindowTotals | undefined {
  const windows = obs.windows;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i];
    if (w !== undefined && w.windowMs === windowMs) return w;
  }
  return undefined;
}

function moreSevere(a: BurnRateRule, b: BurnRateRule): boolean {
  if (a.severity !== b.severity) return a.severity === 'page';
  return a.burnRate > b.burnRate;
}

/**
 * How much of the room before the threshold is used (1 = at the threshold). Upper bounds ('<=',
 * '<'): observed / threshold. Good ratios ('>='): the bad share over the allowed bad share,
 * (1 − observed) / (1 − threshold). Other lower bounds: threshold / observed, the mirror of the first.
 */
export function fractionOfThreshold(
  def: ThresholdObjectiveDef,
  observed: number,
): number | undefined {
  const raw = unroundedFraction(def, observed);
  return raw === undefined ? undefined : toSignificant(raw);
}

/** fractionOfThreshold before rounding to significant digits. */
function unroundedFraction(def: ThresholdObjectiveDef, observed: number): number | undefined {
  const { comparator, threshold } = def;
  if (comparator === '<=' || comparator === '<') {
    return threshold > 0 ? observed / threshold : undefined;
  }
  if (def.statistic === 'good-ratio') {
    return threshold < 1 ? (1 - observed) / (1 - threshold) : undefined;
  }
  return threshold > 0 && observed > 0 ? threshold / observed : undefined;
}

/**
 * toSignificant (12 digits) moves a value by at most 5e-12 of itself, so a fraction this far below
 * a positive level stays below it once rounded: no need to round it.
 */
const ROUNDING_MARGIN = 1e-11;

/** The observed value at which the used fraction reaches `ratio`: the inverse of fractionOfThreshold. */
export function valueAtFraction(def: ThresholdObjectiveDef, ratio: number): number {
  const { comparator, threshold } = def;
  if (comparator === '<=' || comparator === '<') return toSignificant(ratio * threshold);
  if (def.statistic === 'good-ratio') return toSignificant(1 - ratio * (1 - threshold));
  return toSignificant(threshold / ratio);
}

/** Enters at enterRatio; while already warning, holds down to enterRatio − hysteresisRatio. */
export function detectFractionOfThreshold(
  def: ThresholdObjectiveDef,
  obs: ThresholdObservation,
  alreadyWarning: boolean,
): FractionOfThresholdReason | undefined {
  const policy = def.earlyWarning.fractionOfThreshold;
  if (policy === undefined || obs.value === undefined) return undefined;
  const raw = unroundedFraction(def, obs.value);
  if (raw === undefined) return undefined;
  const holdFrom = alreadyWarning
    ? toSignificant(policy.enterRatio - policy.hysteresisRatio)
    : policy.enterRatio;
  if (holdFrom > 0 && raw < holdFrom * (1 - ROUNDING_MARGIN)) return undefined;
  const used = toSignificant(raw);
  if (used < holdFrom) return undefined;
  return {
    kind: 'fraction-of-threshold',
    observed: obs.value,
    threshold: def.threshold,
    enterAt: valueAtFraction(def, policy.enterRatio),
    fractionOfThreshold: used,
  };
}

/**
 * Fits a line to the series within the lookback and projects, from the current value at that
 * slope, when the threshold is reached; holds when that is within the horizon.
 */
export function detectTrendProjection(
  def: ThresholdObjectiveDef,
  obs: ThresholdObservation,
  nowMs: number,
): TrendProjectionReason | undefined {
  const policy = def.earlyWarning.trendProjection;
  const observed = obs.value;
  if (policy === undefined || observed === undefined) return undefined;
  if (breaks(def.comparator, observed, def.threshold)) return undefined;
  const slopePerMs = trendSlope(obs.series, nowMs - policy.lookbackMs, nowMs);
  if (slopePerMs === undefined) return undefined;
  const upperBound = def.comparator === '<=' || def.comparator === '<';
  if (upperBound ? slopePerMs <= 0 : slopePerMs >= 0) return undefined;
  const projectedCrossingInMs = toSignificant((def.threshold - observed) / slopePerMs);
  if (projectedCrossingInMs > policy.horizonMs) return undefined;
  return {
    kind: 'trend-projection',
    observed,
    threshold: def.threshold,
    slopePerMinute: toSignificant(slopePerMs * MINUTE_MS),
    projectedCrossingInMs,
    horizonMs: policy.horizonMs,
  };
}

/** The first warning condition that holds, by priority. */
export function detectEarlyWarning(
  pair: ObjectiveObservation,
  alreadyWarning: boolean,
  nowMs: number,
): EarlyWarningReason | undefined {
  if (pair.kind === 'budget') return detectBurnRate(pair.def, pair.obs);
  return (
    detectFractionOfThreshold(pair.def, pair.obs, alreadyWarning) ??
    detectTrendProjection(pair.def, pair.obs, nowMs)
  );
}
