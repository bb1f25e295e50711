// One sentence for a reason, with its numbers: for terminals, logs and notifications.

import type { Reason } from './objective-state.js';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  const s = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    // Exact in its unit ("90m") unless the count gets too long to read ("38080m" is 26d).
    if (s >= size && s % size === 0 && s / size < 1000) return `${s / size}${unit}`;
  }
  if (s < 60) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  return s < 259_200 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86_400)}d`;
}

const num = (x: number, digits = 3): string => String(Number(x.toPrecision(digits)));
/** Both numbers with enough digits that different values never print the same. */
function distinct(a: number, b: number): [string, string] {
  for (let digits = 3; digits < 12; digits++) {
    if (a === b || num(a, digits) !== num(b, digits)) return [num(a, digits), num(b, digits)];
  }
  return [String(a), String(b)];
}

const pct = (ratio: number, digits = 4): string => `${num(ratio * 100, digits)} %`;

export function describeReason(reason: Reason, unit = ''): string {
  const u = unit === '' ? '' : ` ${unit}`;
  switch (reason.kind) {
    case 'within-objective':
      return 'within objective';
    case 'no-data':
      return 'no data';
    case 'burn-rate':
      return (
        `error budget burning ${num(reason.longBurnRate)}x over ${formatDuration(reason.longWindowMs)} ` +
        `and ${num(reason.shortBurnRate)}x over ${formatDuration(reason.shortWindowMs)} ` +
        `(${reason.severity} threshold ${num(reason.thresholdBurnRate)}x); budget left ${pct(reason.budgetRemainingRatio, 3)}`
      );
    case 'fraction-of-threshold':
      return (
        `observed ${num(reason.observed)}${u} is ${pct(reason.fractionOfThreshold, 3)} of the way to the ` +
        `${num(reason.threshold)}${u} threshold (warning from ${num(reason.enterAt)}${u})`
      );
    case 'trend-projection':
      return (
        `observed ${num(reason.observed)}${u} rising ${num(reason.slopePerMinute)}${u}/min: ` +
        `${num(reason.threshold)}${u} crossed in ~${formatDuration(reason.projectedCrossingInMs)} ` +
        `(horizon ${formatDuration(reason.horizonMs)})`
      );
    case 'threshold-crossed': {
      const [observed, threshold] = distinct(reason.observed, reason.threshold);
      return (
        `observed ${observed}${u} breaks ${reason.comparator} ${threshold}${u} ` +
        `over ${formatDuration(reason.measurementWindowMs)}`
      );
    }
    case 'budget-exhausted':
      return (
        `attainment ${pct(reason.attainmentRatio, 5)} is below the objective ` +
        `${pct(reason.objectiveRatio, 5)}: error budget exhausted`
      );
    case 'recovering':
      return `back within threshold; ok again once it stays within for ${formatDuration(reason.recoveryPeriodMs)}`;
    case 'recovery-complete':
      return `within threshold for ${formatDuration(reason.recoveryPeriodMs)}: recovered`;
    case 'warning-cleared':
      return `no warning condition for ${formatDuration(reason.clearAfterMs)}: breach avoided`;
    case 'external-alert':
      return `${reason.source} alert "${reason.alertname}" firing`;
  }
}
