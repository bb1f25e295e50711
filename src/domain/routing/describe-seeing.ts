// X of a notice — "We are seeing X" — in the client's words: what got worse, the measured
// value against the agreed one, and since when. No burn rates, budgets or thresholds.

import type { ObjectiveDef, SliDef } from '../definitions.js';
import type { Reason } from '../objective-state.js';

const STATISTIC_WORDS: Record<string, string> = {
  p50: 'median',
  p90: '90th percentile',
  p95: '95th percentile',
  p99: '99th percentile',
  p999: '99.9th percentile',
  mean: 'average',
  max: 'maximum',
};

const TIME_UNITS = new Set(['ns', 'us', 'µs', 'ms', 's', 'sec', 'seconds', 'min', 'minutes']);

const COMPARATOR_WORDS: Record<string, string> = {
  '<=': 'within',
  '<': 'under',
  '>=': 'of at least',
  '>': 'over',
};

/** Whole numbers from 100 up, three significant digits below: "804 ms", "1530 ms", "2.75 s". */
export const formatValue = (x: number): string =>
  Math.abs(x) >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));

/** Five significant digits, so 99.949 % never reads as the agreed 99.95 %. */
export const formatPercent = (ratio: number): string => `${Number((ratio * 100).toPrecision(5))} %`;

/** "10:02 UTC". */
export const formatClock = (ms: number): string =>
  `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export function formatPeriod(objective: ObjectiveDef): string {
  if (objective.kind !== 'budget') return '';
  const period = objective.period;
  if (period.kind === 'calendar-month') return ' this month';
  const ms = period.durationMs;
  const [count, unit] =
    ms % 86_400_000 === 0
      ? [ms / 86_400_000, 'day']
      : ms % 3_600_000 === 0
        ? [ms / 3_600_000, 'hour']
        : [Math.round(ms / 60_000), 'minute'];
  return ` over the last ${count} ${unit}${count === 1 ? '' : 's'}`;
}

const lowerFirst = (text: string): string =>
  /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;

interface Measure {
  isTime: boolean;
  /** What the SLI measures, e.g. "latency", "successful submissions". */
  noun: string;
  unit: string;
}

function measureOf(sli: SliDef): Measure {
  const isTime = sli.unit !== undefined && TIME_UNITS.has(sli.unit);
  return { isTime, noun: isTime ? 'latency' : lowerFirst(sli.name), unit: sli.unit ?? '' };
}

const withUnit = (x: number, unit: string) =>
  unit === '' ? formatValue(x) : `${formatValue(x)} ${unit}`;

function headline(measure: Measure, sli: SliDef, upperBound: boolean): string {
  if (upperBound) return measure.isTime ? 'slower responses' : `higher ${measure.noun}`;
  return sli.kind === 'ratio' ? 'more failures' : `lower ${measure.noun}`;
}

const isUpperBound = (comparator: string) => comparator === '<=' || comparator === '<';

/** "slower responses from Submissions API: 95th percentile latency at 804 ms against the agreed 800 ms". */
export function describeSeeing(
  serviceName: string,
  objective: ObjectiveDef,
  sli: SliDef,
  reason: Reason,
): string {
  const measure = measureOf(sli);
  if (reason.kind === 'threshold-crossed' && objective.kind === 'threshold') {
    const head = headline(measure, sli, isUpperBound(objective.comparator));
    if (objective.statistic === 'good-ratio') {
      return `${head} from ${serviceName}: ${measure.noun} at ${formatPercent(reason.observed)} against the agreed ${formatPercent(reason.threshold)}`;
    }
    const statistic = STATISTIC_WORDS[objective.statistic] ?? objective.statistic;
    return `${head} from ${serviceName}: ${statistic} ${measure.noun} at ${withUnit(reason.observed, measure.unit)} against the agreed ${withUnit(reason.threshold, measure.unit)}`;
  }
  if (reason.kind === 'budget-exhausted' && objective.kind === 'budget') {
    let what = measure.noun;
    let upper = false;
    if (objective.goodWhen) {
      const g = objective.goodWhen;
      upper = isUpperBound(g.comparator);
      what = `${measure.isTime ? 'responses' : 'values'} ${COMPARATOR_WORDS[g.comparator]} ${withUnit(g.threshold, measure.unit)}`;
    } else if (objective.timeSlice) {
      const t = objective.timeSlice;
      upper = t.statistic !== 'good-ratio' && isUpperBound(t.comparator);
      const value =
        t.statistic === 'good-ratio'
          ? `${measure.noun} ${COMPARATOR_WORDS[t.comparator]} ${formatPercent(t.threshold)}`
          : `${STATISTIC_WORDS[t.statistic] ?? t.statistic} ${measure.noun} ${COMPARATOR_WORDS[t.comparator]} ${withUnit(t.threshold, measure.unit)}`;
      what = `minutes with ${value}`;
    }
    return `${headline(measure, sli, upper)} from ${serviceName}: ${what} at ${formatPercent(reason.attainmentRatio)}${formatPeriod(objective)} against the agreed ${formatPercent(reason.objectiveRatio)}`;
  }
  // Breaches carry one of the two reasons above; anything else still reads as a client would.
  return `a problem with ${serviceName}: it is not meeting the agreed service level`;
}
