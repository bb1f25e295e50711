import { describe, expect, it } from 'vitest';
import { calendarMonthOf } from './calendar-month.js';

const at = (iso: string) => Date.parse(iso);

describe('calendarMonthOf', () => {
  it.each([
    // Berlin: CET (+1) in winter, CEST (+2) from the last Sunday of March.
    ['Europe/Berlin', '2026-03-15T12:00:00Z', '2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z'],
    ['Europe/Berlin', '2026-06-30T21:59:59Z', '2026-05-31T22:00:00Z', '2026-06-30T22:00:00Z'],
    ['Europe/Berlin', '2026-06-30T22:00:00Z', '2026-06-30T22:00:00Z', '2026-07-31T22:00:00Z'],
    ['Europe/Berlin', '2026-12-31T23:30:00Z', '2026-12-31T23:00:00Z', '2027-01-31T23:00:00Z'],
    // New York: EST (−5), EDT (−4) from the second Sunday of March to the first of November.
    ['America/New_York', '2026-11-01T03:00:00Z', '2026-10-01T04:00:00Z', '2026-11-01T04:00:00Z'],
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T04:00:00Z', '2026-12-01T05:00:00Z'],
    ['America/New_York', '2027-01-01T04:59:00Z', '2026-12-01T05:00:00Z', '2027-01-01T05:00:00Z'],
    ['UTC', '2026-02-10T00:00:00Z', '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'],
    // A half-hour offset (+5:30).
    ['Asia/Kolkata', '2026-04-30T18:30:00Z', '2026-04-30T18:30:00Z', '2026-05-31T18:30:00Z'],
  ])('in %s, %s lies in the month from %s to %s', (zone, instant, start, end) => {
    expect(calendarMonthOf(at(instant), zone)).toEqual({ startMs: at(start), endMs: at(end) });
  });
});
