// One sentence for a reason, with its numbers: for terminals, logs and notifications.

import type { Reason } from './objective-state.js';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  return h < 72 ? `${h}h` : `${Math.round(h / 24)}d`;
}

const num = (x: number, digits = 3): string => String(Number(x.toPrecision(digits)));
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
        `observed ${num(reason.observed)}${u} is ${pct(reason.fractionOfThreshold, 3)} of the ` +
        `${num(reason.threshold)}${u} threshold (warning from ${num(reason.enterAt)}${u})`
      );
    case 'trend-projection':
      return (
        `observed ${num(reason.observed)}${u} rising ${num(reason.slopePerMinute)}${u}/min: ` +
        `${num(reason.threshold)}${u} crossed in ~${formatDuration(reason.projectedCrossingInMs)} ` +
        `(horizon ${formatDuration(reason.horizonMs)})`
      );
    case 'threshold-crossed':
      return (
        `observed ${num(reason.observed)}${u} breaks ${reason.comparator} ${num(reason.threshold)}${u} ` +
        `over ${formatDuration(reason.measurementWindowMs)}`
      );
    case 'budget-exhausted':
      return (
        `attainment ${pct(reason.attainmentRatio, 5)} is below the objective ` +
        `${pct(reason.objectiveRatio, 5)}: error budget exhausted`
      );
    case 'recovering':
      return `back within threshold; recovered after ${formatDuration(reason.recoveryPeriodMs)} within`;
    case 'recovery-complete':
      return `within threshold for ${formatDuration(reason.recoveryPeriodMs)}: recovered`;
    case 'warning-cleared':
      return `no warning condition for ${formatDuration(reason.clearAfterMs)}: breach avoided`;
  }
}
