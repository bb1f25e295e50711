import { describe, expect, it } from 'vitest';
import type { BurnRateRule } from '../definitions.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../test/support/builders.js';
import {
  defaultBurnRates,
  periodMsOf,
  scaleBurnRates,
  WORKBOOK_BURN_RATES,
  WORKBOOK_PERIOD_MS,
} from './burn-rate-table.js';

const rates = (periodMs: number) => scaleBurnRates(periodMs).map((r) => r.burnRate);

describe('the SRE Workbook burn-rate table', () => {
  it('holds the Workbook rows for a 30-day period: 14.4x 1 h/5 m, 6x 6 h/30 m page, 1x 3 d/6 h ticket', () => {
    expect(defaultBurnRates(30 * DAY_MS)).toEqual([
      { severity: 'page', longWindowMs: HOUR_MS, shortWindowMs: 5 * MINUTE_MS, burnRate: 14.4 },
      { severity: 'page', longWindowMs: 6 * HOUR_MS, shortWindowMs: 30 * MINUTE_MS, burnRate: 6 },
      { severity: 'ticket', longWindowMs: 3 * DAY_MS, shortWindowMs: 6 * HOUR_MS, burnRate: 1 },
    ]);
  });

  it.each(WORKBOOK_BURN_RATES)(
    'has a $burnRate x rate that spends its stated share of the budget over its long window',
    (row) => {
      expect((row.burnRate * row.longWindowMs) / WORKBOOK_PERIOD_MS).toBeCloseTo(
        row.budgetConsumedRatio,
        12,
      );
    },
  );
});

describe('scaling the burn rates to another period', () => {
  it.each([
    { period: '7 days', periodMs: 7 * DAY_MS, expected: [3.36, 1.4, 0.233333333333] },
    { period: '28 days', periodMs: 28 * DAY_MS, expected: [13.44, 5.6, 0.933333333333] },
    { period: '90 days', periodMs: 90 * DAY_MS, expected: [43.2, 18, 3] },
  ])('rescales the rates by period / 30 days for $period', ({ periodMs, expected }) => {
    expect(rates(periodMs)).toEqual(expected);
  });

  it.each([7, 90])('keeps the windows and severities for a %i-day period', (days) => {
    const strip = ({ severity, longWindowMs, shortWindowMs }: BurnRateRule) => ({
      severity,
      longWindowMs,
      shortWindowMs,
    });
    expect(scaleBurnRates(days * DAY_MS).map(strip)).toEqual(WORKBOOK_BURN_RATES.map(strip));
  });

  it.each([7, 28, 90])(
    'keeps the share of the budget each rule spends over its long window for a %i-day period',
    (days) => {
      const periodMs = days * DAY_MS;
      scaleBurnRates(periodMs).forEach((rule, i) => {
        expect((rule.burnRate * rule.longWindowMs) / periodMs).toBeCloseTo(
          WORKBOOK_BURN_RATES[i]!.budgetConsumedRatio,
          10,
        );
      });
    },
  );

  it('leaves out default rules whose long window is longer than the period', () => {
    expect(defaultBurnRates(2 * DAY_MS).map((r) => r.longWindowMs)).toEqual([HOUR_MS, 6 * HOUR_MS]);
    expect(defaultBurnRates(3 * DAY_MS)).toHaveLength(3);
  });
});

describe('the period of an objective', () => {
  it.each([
    { window: { kind: 'rolling', durationMs: 7 * DAY_MS } as const, expected: 7 * DAY_MS },
    { window: { kind: 'calendar-month' } as const, expected: 30 * DAY_MS },
  ])('is $expected ms for a $window.kind window', ({ window, expected }) => {
    expect(periodMsOf(window)).toBe(expected);
  });
});
