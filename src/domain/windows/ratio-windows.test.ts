import { describe, expect, it } from 'vitest';
import { calendarMonthOf } from './calendar-month.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, minuteStart } from './minute-data.js';
import { CALENDAR_MONTH_HOURS, RatioWindows } from './ratio-windows.js';

const NOW_MS = Date.UTC(2026, 10, 2, 12, 0, 30);
const WINDOWS_MS = [5 * MINUTE_MS, 30 * MINUTE_MS, HOUR_MS, 6 * HOUR_MS, 3 * DAY_MS, 30 * DAY_MS];

describe('RatioWindows', () => {
  it.each([
    ['5 m', 5 * MINUTE_MS, 5 * MINUTE_MS, 1],
    ['5 m', 5 * MINUTE_MS, 6 * MINUTE_MS, 0],
    ['1 h', HOUR_MS, 0, 1],
    ['1 h', HOUR_MS, 60 * MINUTE_MS, 1],
    ['1 h', HOUR_MS, 61 * MINUTE_MS, 0],
    ['6 h', 6 * HOUR_MS, 6 * HOUR_MS, 1],
    ['6 h', 6 * HOUR_MS, 6 * HOUR_MS + MINUTE_MS, 0],
    ['3 d', 3 * DAY_MS, 3 * DAY_MS, 1],
    ['3 d', 3 * DAY_MS, 3 * DAY_MS + MINUTE_MS, 0],
    ['30 d', 30 * DAY_MS, 30 * DAY_MS, 1],
    ['30 d', 30 * DAY_MS, 30 * DAY_MS + MINUTE_MS, 0],
  ])('the %s window holds %i ms-old data: %i', (_name, windowMs, agoMs, expected) => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS - 40 * DAY_MS);
    w.add(minuteStart(NOW_MS - agoMs), 1, 1);
    w.advance(NOW_MS);
    expect(w.totals(windowMs)).toEqual({ good: expected, total: expected });
  });

  it('sums each window at the finest resolution that holds it, the current bucket included', () => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS);
    expect(WINDOWS_MS.map((ms) => w.resolutionMs(ms) / MINUTE_MS)).toEqual([1, 1, 1, 5, 60, 60]);
  });

  it('subtracts what leaves each window as time goes on', () => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS);
    w.add(minuteStart(NOW_MS), 3, 4);
    w.advance(NOW_MS + 61 * MINUTE_MS);
    expect(w.totals(HOUR_MS)).toEqual({ good: 0, total: 0 });
    expect(w.totals(6 * HOUR_MS)).toEqual({ good: 3, total: 4 });
    w.advance(NOW_MS + 31 * DAY_MS);
    expect(w.totals(30 * DAY_MS)).toEqual({ good: 0, total: 0 });
  });

  it('adds late data into every resolution that still holds its minute', () => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS);
    w.add(minuteStart(NOW_MS - 2 * HOUR_MS), 1, 2);
    w.add(minuteStart(NOW_MS - 40 * DAY_MS), 1, 2);
    expect(w.totals(HOUR_MS)).toEqual({ good: 0, total: 0 });
    expect(w.totals(6 * HOUR_MS)).toEqual({ good: 1, total: 2 });
    expect(w.totals(30 * DAY_MS)).toEqual({ good: 1, total: 2 });
  });

  it('moves the head forward when data is newer than it', () => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS - DAY_MS);
    w.add(minuteStart(NOW_MS), 1, 1);
    expect(w.headMs).toBe(minuteStart(NOW_MS));
    expect(w.totals(5 * MINUTE_MS)).toEqual({ good: 1, total: 1 });
  });

  it('answers a window it was not built for by summing its buckets', () => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS);
    for (let m = 0; m < 200; m++) w.add(minuteStart(NOW_MS - m * MINUTE_MS), 1, 1);
    // 5-minute buckets from 10:00 to the current 12:00 one: minutes 10:00…12:00.
    expect(w.totals(2 * HOUR_MS)).toEqual({ good: 121, total: 121 });
    expect(w.totals(10 * MINUTE_MS)).toEqual({ good: 11, total: 11 });
  });

  it('forgets everything after a jump longer than it keeps', () => {
    const w = new RatioWindows(WINDOWS_MS, NOW_MS);
    w.add(minuteStart(NOW_MS), 1, 1);
    w.advance(NOW_MS + 40 * DAY_MS);
    expect(WINDOWS_MS.map((ms) => w.totals(ms).total)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it.each([
    ['Europe/Berlin', '2026-03-15T12:00:00Z', '2026-02-28T22:59:00Z', '2026-02-28T23:00:00Z'],
    ['America/New_York', '2026-11-20T12:00:00Z', '2026-11-01T03:59:00Z', '2026-11-01T04:00:00Z'],
  ])('in %s at %s the month excludes %s and includes %s', (zone, now, before, first) => {
    const nowMs = Date.parse(now);
    const w = new RatioWindows([HOUR_MS], nowMs, CALENDAR_MONTH_HOURS);
    w.add(Date.parse(before), 1, 1);
    w.add(Date.parse(first), 2, 2);
    w.add(minuteStart(nowMs), 4, 4);
    const { startMs } = calendarMonthOf(nowMs, zone);
    expect(startMs).toBe(Date.parse(first));
    expect(w.totalsSince(startMs)).toEqual({ good: 6, total: 6 });
  });

  it('keeps the month running sum up to date as data arrives and hours pass', () => {
    const startMs = Date.parse('2026-11-01T04:00:00Z');
    const w = new RatioWindows([HOUR_MS], startMs + 5 * HOUR_MS, CALENDAR_MONTH_HOURS);
    w.add(startMs, 1, 1);
    expect(w.totalsSince(startMs)).toEqual({ good: 1, total: 1 });
    w.advance(startMs + 20 * DAY_MS);
    w.add(startMs + 3 * HOUR_MS, 0, 5);
    w.add(startMs + 20 * DAY_MS, 2, 2);
    expect(w.totalsSince(startMs)).toEqual({ good: 3, total: 8 });
    w.advance(startMs + 33 * DAY_MS);
    expect(w.totalsSince(startMs)).toEqual({ good: 2, total: 2 });
  });

  it('keeps 30 days of counts in about 14 KiB', () => {
    expect(new RatioWindows(WINDOWS_MS, NOW_MS).memoryBytes()).toBeLessThan(14.5 * 1024);
  });
});
