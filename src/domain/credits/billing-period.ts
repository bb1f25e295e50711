// A billing period: the calendar month in the client's IANA time zone, as UTC instants, labelled
// with its local year and month ("2026-10").

import { calendarMonthOf } from '../windows/calendar-month.js';
import { DAY_MS } from '../windows/minute-data.js';
import { wallTimeAt } from '../zoned-time.js';

export interface BillingPeriod {
  /** Local midnight of the 1st. */
  fromMs: number;
  /** Local midnight of the 1st of the next month (exclusive). */
  toMs: number;
  /** Local year and month, e.g. "2026-10". */
  label: string;
  timeZone: string;
}

/** The month holding `ms` in `timeZone`. */
export function billingPeriodContaining(ms: number, timeZone: string): BillingPeriod {
  const month = calendarMonthOf(ms, timeZone);
  const first = new Date(wallTimeAt(month.startMs, timeZone).epochDay * DAY_MS);
  const label = `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}`;
  return { fromMs: month.startMs, toMs: month.endMs, label, timeZone };
}

/** The month before the one holding `ms`: the one to settle once a month has closed. */
export function billingPeriodBefore(ms: number, timeZone: string): BillingPeriod {
  return billingPeriodContaining(calendarMonthOf(ms, timeZone).startMs - 1, timeZone);
}
