import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../windows/minute-data.js';
import { billingPeriodBefore, billingPeriodContaining } from './billing-period.js';
import { at } from './test-support/credit-data.js';

describe('billingPeriodContaining', () => {
  it('spans October 2026 in Berlin from CEST midnight to CET midnight, 31 days and one hour', () => {
    const p = billingPeriodContaining(at('2026-10-15T12:00:00Z'), 'Europe/Berlin');
    expect(p).toEqual({
      fromMs: at('2026-09-30T22:00:00Z'),
      toMs: at('2026-10-31T23:00:00Z'),
      label: '2026-10',
      timeZone: 'Europe/Berlin',
    });
    expect(p.toMs - p.fromMs).toBe((31 * 24 + 1) * HOUR_MS);
  });

  it.each([
    ['2026-09-30T21:59:59Z', 'Europe/Berlin', '2026-09'],
    ['2026-09-30T22:00:00Z', 'Europe/Berlin', '2026-10'],
    ['2026-10-31T23:30:00Z', 'Europe/Berlin', '2026-11'],
    ['2026-10-31T23:30:00Z', 'UTC', '2026-10'],
    ['2027-01-01T03:00:00Z', 'America/New_York', '2026-12'],
    ['2026-04-30T18:30:00Z', 'Asia/Kolkata', '2026-05'],
  ])('puts %s in %s into %s', (instant, zone, label) => {
    expect(billingPeriodContaining(at(instant), zone).label).toBe(label);
  });
});

describe('billingPeriodBefore', () => {
  it('is the month before the one holding the instant, across a year end', () => {
    const p = billingPeriodBefore(at('2026-01-01T00:30:00Z'), 'Europe/Berlin');
    expect(p).toMatchObject({
      label: '2025-12',
      fromMs: at('2025-11-30T23:00:00Z'),
      toMs: at('2025-12-31T23:00:00Z'),
    });
  });

  it('settles October on the first of November in Berlin', () => {
    expect(billingPeriodBefore(at('2026-11-01T06:00:00Z'), 'Europe/Berlin').label).toBe('2026-10');
  });
});
