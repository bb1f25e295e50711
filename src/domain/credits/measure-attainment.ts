// One objective's attainment over a billing period for service credits, with the numbers behind
// it so a report can show the calculation. Maintenance windows and minutes outside the contract's
// active span are not eligible. See credit-terms.ts for the two bases.

import type { ObjectiveDef } from '../definitions.js';
import type { MinuteData } from '../windows/minute-data.js';
import { badMinutesOf, errorShareLimitOf } from './bad-minutes.js';
import type { CreditBasis, CreditTerms, TimeSpan } from './credit-terms.js';
import { downtimeOf } from './downtime-periods.js';
import { intervalErrorRatesOf } from './interval-error-rates.js';
import { ELIGIBLE, hasEvents, periodMinutesOf, type PeriodMinutes } from './period-minutes.js';

/** Why a requests-basis contract was measured on time for this objective. */
export type TimeBasisFallbackReason = 'threshold-objective' | 'time-slice-objective';

interface AttainmentBase {
  objectiveKey: string;
  /** Unrounded, 0–100. 100 when nothing was eligible or nothing had traffic. */
  attainmentPercent: number;
  periodMinutes: number;
  /** Outside the contract's active span (partial months). */
  inactiveMinutes: number;
  /** Inside agreed maintenance windows (and active). */
  excludedMinutes: number;
  eligibleMinutes: number;
  /** Eligible minutes that carried any events. */
  minutesWithData: number;
}

export interface TimeAttainment extends AttainmentBase {
  basis: 'time';
  /** Present when the terms asked for the requests basis and this objective cannot use it. */
  fallback?: { from: 'requests'; reason: TimeBasisFallbackReason };
  minimumDowntimeMs: number;
  /** The error share above which a minute was down; absent for threshold and time-slice objectives. */
  badMinuteErrorRatio?: number;
  /** Bad minutes in downtime periods: these lower the attainment. */
  badMinutes: number;
  /** Bad minutes in runs shorter than the minimum downtime, counted as good. */
  shortBadMinutes: number;
  downtimePeriods: TimeSpan[];
}

export interface RequestsAttainment extends AttainmentBase {
  basis: 'requests';
  intervalMs: number;
  intervalsWithTraffic: number;
  meanErrorRate: number;
  goodEvents: number;
  totalEvents: number;
  /** For comparison only: the attainment uses the mean of the intervals' rates. */
  pooledErrorRate: number;
}

export type Attainment = TimeAttainment | RequestsAttainment;

/**
 * `minutes` are the objective's SLI minutes (any order, gaps meaning no traffic; minutes outside
 * the period are ignored).
 */
export function measureAttainment(
  objective: ObjectiveDef,
  minutes: readonly MinuteData[],
  period: TimeSpan,
  terms: CreditTerms,
): Attainment {
  const grid = periodMinutesOf(period, terms, minutes);
  const fallback = fallbackOf(objective, terms.basis);
  if (terms.basis === 'requests' && fallback === undefined && objective.kind === 'budget') {
    const rates = intervalErrorRatesOf(objective, grid, terms.intervalMs);
    return {
      ...baseOf(objective, grid),
      basis: 'requests',
      attainmentPercent: 100 - 100 * rates.meanErrorRate,
      intervalMs: terms.intervalMs,
      ...rates,
    };
  }
  const downtime = downtimeOf(
    badMinutesOf(objective, grid, terms.badMinuteErrorRatio),
    grid.firstMinuteMs,
    terms.minimumDowntimeMs,
  );
  const usesErrorShare = objective.kind === 'budget' && objective.timeSlice === undefined;
  return {
    ...baseOf(objective, grid),
    basis: 'time',
    ...(fallback === undefined ? {} : { fallback: { from: 'requests', reason: fallback } }),
    attainmentPercent:
      grid.eligible === 0 ? 100 : ((grid.eligible - downtime.badMinutes) * 100) / grid.eligible,
    minimumDowntimeMs: terms.minimumDowntimeMs,
    ...(usesErrorShare
      ? { badMinuteErrorRatio: errorShareLimitOf(objective, terms.badMinuteErrorRatio) }
      : {}),
    badMinutes: downtime.badMinutes,
    shortBadMinutes: downtime.shortBadMinutes,
    downtimePeriods: downtime.periods,
  };
}

function fallbackOf(
  objective: ObjectiveDef,
  basis: CreditBasis,
): TimeBasisFallbackReason | undefined {
  if (basis !== 'requests') return undefined;
  if (objective.kind === 'threshold') return 'threshold-objective';
  if (objective.timeSlice !== undefined) return 'time-slice-objective';
  return undefined;
}

function baseOf(objective: ObjectiveDef, grid: PeriodMinutes): AttainmentBase {
  let minutesWithData = 0;
  for (let i = 0; i < grid.count; i++) {
    if (grid.status[i] === ELIGIBLE && hasEvents(grid.data[i])) minutesWithData++;
  }
  return {
    objectiveKey: objective.key,
    attainmentPercent: 100,
    periodMinutes: grid.count,
    inactiveMinutes: grid.inactive,
    excludedMinutes: grid.excluded,
    eligibleMinutes: grid.eligible,
    minutesWithData,
  };
}
