// The minutes of a billing period, each with its SLI data (merged when several deltas share a
// minute) and whether it counts: outside the contract's active span, inside an agreed
// maintenance window (any overlap excludes the whole minute), or eligible.

import { MINUTE_MS, type MinuteData } from '../windows/minute-data.js';
import { Sketch } from '../windows/sketch.js';
import type { CreditTerms, TimeSpan } from './credit-terms.js';

export const ELIGIBLE = 0;
export const INACTIVE = 1;
export const EXCLUDED = 2;
export type MinuteStatus = typeof ELIGIBLE | typeof INACTIVE | typeof EXCLUDED;

export interface PeriodMinutes {
  firstMinuteMs: number;
  /** Minute i starts at firstMinuteMs + i minutes. */
  count: number;
  status: Uint8Array;
  /** Undefined: no data that minute. */
  data: Array<MinuteData | undefined>;
  inactive: number;
  excluded: number;
  eligible: number;
}

type Eligibility = Pick<CreditTerms, 'exclusions' | 'activeFromMs' | 'activeUntilMs'>;

export function periodMinutesOf(
  period: TimeSpan,
  terms: Eligibility,
  minutes: readonly MinuteData[],
): PeriodMinutes {
  const firstMinuteMs = Math.ceil(period.fromMs / MINUTE_MS) * MINUTE_MS;
  const count = Math.max(0, Math.floor((period.toMs - firstMinuteMs) / MINUTE_MS));
  const status = statusesOf(firstMinuteMs, count, terms);
  let inactive = 0;
  let excluded = 0;
  for (const s of status) {
    if (s === INACTIVE) inactive++;
    else if (s === EXCLUDED) excluded++;
  }
  return {
    firstMinuteMs,
    count,
    status,
    data: dataOf(firstMinuteMs, count, minutes),
    inactive,
    excluded,
    eligible: count - inactive - excluded,
  };
}

function statusesOf(firstMinuteMs: number, count: number, terms: Eligibility): Uint8Array {
  const status = new Uint8Array(count);
  // A minute is active only when it lies wholly inside the contract.
  const from = terms.activeFromMs ?? -Infinity;
  const until = terms.activeUntilMs ?? Infinity;
  for (let i = 0; i < count; i++) {
    const startMs = firstMinuteMs + i * MINUTE_MS;
    if (startMs < from || startMs + MINUTE_MS > until) status[i] = INACTIVE;
  }
  for (const e of terms.exclusions) {
    const first = Math.max(0, Math.floor((e.fromMs - firstMinuteMs) / MINUTE_MS));
    const end = Math.min(count, Math.ceil((e.toMs - firstMinuteMs) / MINUTE_MS));
    for (let i = first; i < end; i++) if (status[i] === ELIGIBLE) status[i] = EXCLUDED;
  }
  return status;
}

function dataOf(firstMinuteMs: number, count: number, minutes: readonly MinuteData[]) {
  const data: Array<MinuteData | undefined> = new Array<MinuteData | undefined>(count);
  for (const m of minutes) {
    const i = Math.floor((m.minuteMs - firstMinuteMs) / MINUTE_MS);
    if (i < 0 || i >= count) continue;
    const before = data[i];
    data[i] = before === undefined ? m : mergeMinutes(before, m);
  }
  return data;
}

/** The sum of two minutes' data; neither input is changed. */
export function mergeMinutes(a: MinuteData, b: MinuteData): MinuteData {
  let sketch: Sketch | null = null;
  if (a.sketch !== null || b.sketch !== null) {
    sketch = new Sketch();
    if (a.sketch !== null) sketch.merge(a.sketch);
    if (b.sketch !== null) sketch.merge(b.sketch);
  }
  return { minuteMs: a.minuteMs, good: a.good + b.good, total: a.total + b.total, sketch };
}

/** Whether the minute carried any events. */
export const hasEvents = (d: MinuteData | undefined): boolean =>
  d !== undefined && (d.total > 0 || (d.sketch?.count ?? 0) > 0);
