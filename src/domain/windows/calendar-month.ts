// The calendar month holding an instant, in a client's IANA time zone, as UTC instants.

import { instantOf, wallTimeAt } from '../zoned-time.js';

export interface MonthSpan {
  /** Local midnight of the 1st. */
  startMs: number;
  /** Local midnight of the 1st of the next month. */
  endMs: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of year-month-01 (monthIndex may run past 11 into the next year). */
const firstOfMonth = (year: number, monthIndex: number): number =>
  Date.UTC(year, monthIndex, 1) / DAY_MS;

export function calendarMonthOf(ms: number, timeZone: string): MonthSpan {
  const local = new Date(wallTimeAt(ms, timeZone).epochDay * DAY_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  // A zone whose clocks jump over that midnight starts the month just after the jump.
  return {
    startMs: instantOf(firstOfMonth(year, month), 0, timeZone),
    endMs: instantOf(firstOfMonth(year, month + 1), 0, timeZone),
  };
}
