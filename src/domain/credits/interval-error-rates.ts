// Requests basis: the error rate of each interval that had traffic, averaged (AWS/Azure style),
// beside the pooled rate over all requests, which weighs busy intervals more. Intervals run from
// the period start and hold only eligible minutes; idle intervals are left out of the mean.

import type { BudgetObjectiveDef } from '../definitions.js';
import { MINUTE_MS } from '../windows/minute-data.js';
import { eventCountsOf } from './event-counts.js';
import { ELIGIBLE, type PeriodMinutes } from './period-minutes.js';

export interface IntervalErrorRates {
  intervalsWithTraffic: number;
  /** 0 when no interval had traffic. */
  meanErrorRate: number;
  goodEvents: number;
  totalEvents: number;
  /** (total − good) / total over the whole period; 0 without traffic. */
  pooledErrorRate: number;
}

export function intervalErrorRatesOf(
  objective: Pick<BudgetObjectiveDef, 'goodWhen'>,
  minutes: PeriodMinutes,
  intervalMs: number,
): IntervalErrorRates {
  const intervalMinutes = Math.max(1, Math.round(intervalMs / MINUTE_MS));
  let intervals = 0;
  let rateSum = 0;
  let goodEvents = 0;
  let totalEvents = 0;
  for (let start = 0; start < minutes.count; start += intervalMinutes) {
    let good = 0;
    let total = 0;
    const end = Math.min(minutes.count, start + intervalMinutes);
    for (let i = start; i < end; i++) {
      if (minutes.status[i] !== ELIGIBLE) continue;
      const c = eventCountsOf(objective, minutes.data[i]);
      good += c.good;
      total += c.total;
    }
    if (total <= 0) continue;
    intervals++;
    rateSum += (total - good) / total;
    goodEvents += good;
    totalEvents += total;
  }
  return {
    intervalsWithTraffic: intervals,
    meanErrorRate: intervals === 0 ? 0 : rateSum / intervals,
    goodEvents,
    totalEvents,
    pooledErrorRate: totalEvents === 0 ? 0 : (totalEvents - goodEvents) / totalEvents,
  };
}
