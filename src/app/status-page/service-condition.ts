// What a client sees of an objective's state: operational, degraded or outage. An early warning
// stays internal (the product owner decides on a heads-up, which then shows as a notice); a breach
// is an outage of the promise; recovering after a breach is degraded.

import type { ObjectiveStatus } from '../../domain/objective-state.js';

/** `no-data`: only for history days before anything was measured (never for "now"). */
export type ServiceCondition = 'no-data' | 'operational' | 'degraded' | 'outage';

const CONDITION: Record<ObjectiveStatus, ServiceCondition> = {
  ok: 'operational',
  'early-warning': 'operational',
  recovered: 'degraded',
  breach: 'outage',
};

const RANK: Record<ServiceCondition, number> = {
  'no-data': 0,
  operational: 1,
  degraded: 2,
  outage: 3,
};

export const conditionOf = (status: ObjectiveStatus): ServiceCondition => CONDITION[status];

/** The worst of them; any measured condition outranks `no-data`; none at all reads operational. */
export function worstCondition(conditions: Iterable<ServiceCondition>): ServiceCondition {
  let worst: ServiceCondition | undefined;
  for (const c of conditions) if (worst === undefined || RANK[c] > RANK[worst]) worst = c;
  return worst ?? 'operational';
}

/** One local calendar day of history: the worst condition any objective was in during it. */
export interface HistoryDay {
  /** "YYYY-MM-DD" in the client's time zone. */
  date: string;
  fromMs: number;
  toMs: number;
  condition: ServiceCondition;
}

export interface StatusChange {
  atMs: number;
  to: ObjectiveStatus;
}

/**
 * Per day, the worst status an objective held at any moment of it: its status at the day's start
 * (from `before`, the status in force when the first day began) and every change during it.
 * `changes` are oldest first; days after `nowMs` are not asked for.
 */
export function worstStatusPerDay(
  days: ReadonlyArray<{ fromMs: number; toMs: number }>,
  before: ObjectiveStatus,
  changes: readonly StatusChange[],
  /** When the objective's record starts (first data or change); days ending by then: `no-data`. */
  startMs = Number.NEGATIVE_INFINITY,
): ServiceCondition[] {
  const out: ServiceCondition[] = [];
  let current = before;
  let i = 0;
  for (const day of days) {
    if (day.toMs <= startMs) {
      out.push('no-data');
      continue;
    }
    while (i < changes.length && changes[i]!.atMs < day.fromMs) current = changes[i++]!.to;
    const seen: ServiceCondition[] = [conditionOf(current)];
    while (i < changes.length && changes[i]!.atMs < day.toMs) {
      current = changes[i++]!.to;
      seen.push(conditionOf(current));
    }
    out.push(worstCondition(seen));
  }
  return out;
}
