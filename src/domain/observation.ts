// What window state reports to the evaluator: plain numbers, so evaluation stays a pure function.

export interface WindowTotals {
  windowMs: number;
  good: number;
  total: number;
}

export interface BudgetObservation {
  kind: 'budget';
  /** One entry per window the objective's burn-rate table needs (any order). */
  windows: WindowTotals[];
  /** Totals over the whole objective period (rolling or calendar month so far). */
  period: { good: number; total: number; startMs: number; endMs: number };
}

export interface SeriesPoint {
  tMs: number;
  value: number;
}

export interface ThresholdObservation {
  kind: 'threshold';
  /** The statistic over the measurement window; undefined when the window holds no data. */
  value: number | undefined;
  /** Recent history of the statistic, oldest first, for trend projection. */
  series: SeriesPoint[];
}

export type Observation = BudgetObservation | ThresholdObservation;
