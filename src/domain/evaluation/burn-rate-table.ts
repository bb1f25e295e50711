// The multiwindow, multi-burn-rate defaults as data, and their scaling to any objective period.
// Source: Google, "The Site Reliability Workbook", ch. 5 "Alerting on SLOs", recommended
// parameters for a 30-day period (https://sre.google/workbook/alerting-on-slos/).

import type { BurnRateRule, WindowDef } from '../definitions.js';
import { toSignificant } from './significant.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The period the Workbook's table is written for. */
export const WORKBOOK_PERIOD_MS = 30 * DAY_MS;

/** Calendar months last 28–31 days; budgets and the Workbook's table assume 30. */
export const NOMINAL_MONTH_MS = 30 * DAY_MS;

export interface WorkbookBurnRateRow extends BurnRateRule {
  /** Share of the period's error budget spent when the long window burns at `burnRate`. */
  budgetConsumedRatio: number;
}

export const WORKBOOK_BURN_RATES: readonly WorkbookBurnRateRow[] = [
  {
    severity: 'page',
    longWindowMs: HOUR_MS,
    shortWindowMs: 5 * MINUTE_MS,
    burnRate: 14.4,
    budgetConsumedRatio: 0.02,
  },
  {
    severity: 'page',
    longWindowMs: 6 * HOUR_MS,
    shortWindowMs: 30 * MINUTE_MS,
    burnRate: 6,
    budgetConsumedRatio: 0.05,
  },
  {
    severity: 'ticket',
    longWindowMs: 3 * DAY_MS,
    shortWindowMs: 6 * HOUR_MS,
    burnRate: 1,
    budgetConsumedRatio: 0.1,
  },
];

/**
 * The rows for a period of `periodMs`, windows unchanged. Spending a share f of the budget of a
 * period P within a long window L takes a burn rate of f·P/L, so each rule keeps its meaning
 * ("2 % of the budget in an hour") and only its rate changes: 14.4x at 30 d is 3.36x at 7 d.
 */
export function scaleBurnRates(
  periodMs: number,
  rows: readonly WorkbookBurnRateRow[] = WORKBOOK_BURN_RATES,
): BurnRateRule[] {
  return rows.map((row) => ({
    severity: row.severity,
    longWindowMs: row.longWindowMs,
    shortWindowMs: row.shortWindowMs,
    burnRate: toSignificant((row.budgetConsumedRatio * periodMs) / row.longWindowMs),
  }));
}

/**
 * The Workbook rules scaled to the period, without those whose long window outlasts the period
 * (the same rule the configuration applies to rules a team writes).
 */
export function defaultBurnRates(periodMs: number): BurnRateRule[] {
  return scaleBurnRates(periodMs).filter((rule) => rule.longWindowMs <= periodMs);
}

/** The length of an objective's period: a calendar month counts as its nominal 30 days. */
export function periodMsOf(window: WindowDef): number {
  return window.kind === 'rolling' ? window.durationMs : NOMINAL_MONTH_MS;
}
