import type { Reason } from '../objective-state.js';

/** Whether two reasons say the same thing, field by field (every field is a string or number). */
export function sameReason(a: Reason, b: Reason): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'within-objective':
    case 'no-data':
      return b.kind === a.kind;
    case 'burn-rate':
      return (
        b.kind === 'burn-rate' &&
        a.severity === b.severity &&
        a.longWindowMs === b.longWindowMs &&
        a.shortWindowMs === b.shortWindowMs &&
        a.longBurnRate === b.longBurnRate &&
        a.shortBurnRate === b.shortBurnRate &&
        a.thresholdBurnRate === b.thresholdBurnRate &&
        a.budgetRemainingRatio === b.budgetRemainingRatio
      );
    case 'fraction-of-threshold':
      return (
        b.kind === 'fraction-of-threshold' &&
        a.observed === b.observed &&
        a.threshold === b.threshold &&
        a.enterAt === b.enterAt &&
        a.fractionOfThreshold === b.fractionOfThreshold
      );
    case 'trend-projection':
      return (
        b.kind === 'trend-projection' &&
        a.observed === b.observed &&
        a.threshold === b.threshold &&
        a.slopePerMinute === b.slopePerMinute &&
        a.projectedCrossingInMs === b.projectedCrossingInMs &&
        a.horizonMs === b.horizonMs
      );
    case 'threshold-crossed':
      return (
        b.kind === 'threshold-crossed' &&
        a.observed === b.observed &&
        a.threshold === b.threshold &&
        a.comparator === b.comparator &&
        a.measurementWindowMs === b.measurementWindowMs
      );
    case 'budget-exhausted':
      return (
        b.kind === 'budget-exhausted' &&
        a.attainmentRatio === b.attainmentRatio &&
        a.objectiveRatio === b.objectiveRatio &&
        a.budgetRemainingRatio === b.budgetRemainingRatio
      );
    case 'recovering':
    case 'recovery-complete':
      return (
        (b.kind === 'recovering' || b.kind === 'recovery-complete') &&
        b.kind === a.kind &&
        a.withinSinceMs === b.withinSinceMs &&
        a.recoveryPeriodMs === b.recoveryPeriodMs
      );
    case 'warning-cleared':
      return (
        b.kind === 'warning-cleared' &&
        a.clearSinceMs === b.clearSinceMs &&
        a.clearAfterMs === b.clearAfterMs
      );
    case 'external-alert':
      return (
        b.kind === 'external-alert' &&
        a.source === b.source &&
        a.alertname === b.alertname &&
        a.fingerprint === b.fingerprint &&
        a.startsAtMs === b.startsAtMs
      );
  }
}
