// A `promtool test rules` file for the multi-window burn-rate alerts: from a steady baseline that
// fills the longest window, one SLI turns to a constant error ratio, and the test asserts which
// alerts fire at each minute. Detection times follow the SRE Workbook ch. 5: a rule of burn rate
// b over a long window L first fires after b × budget ÷ errorRatio × L of errors.

import { stringify } from 'yaml';
import type { BurnRateRule } from '../../../domain/definitions.js';
import { toSignificant } from '../../../domain/evaluation/significant.js';

const MINUTE_MS = 60_000;
/** Requests per minute, all good in the baseline. */
const TOTAL_PER_MINUTE = 60;

export interface BurnScenario {
  sliId: string;
  /** Share of events that fail once the errors start, e.g. 1 or 0.1. */
  errorRatio: number;
  /** Labels each burn alert carries besides its rule's own (sloth_* and forewarn_*). */
  alertLabels: Record<string, string>;
  burnRates: BurnRateRule[];
  budgetRatio: number;
  /** The rendered annotations of each burn-rate row's alert, keyed by long window. */
  annotationsOf: (row: BurnRateRule, valueRatio: number) => Record<string, string>;
  windowName: (ms: number) => string;
}

export interface ExpectedFiring {
  sliId: string;
  row: BurnRateRule;
  /** Minutes of errors before the Workbook says the rule fires. */
  detectionMinutes: number;
  /** The first evaluation (every minute) at or after the detection time. */
  firstFiringMinute: number;
}

export function expectedFirings(scenario: BurnScenario): ExpectedFiring[] {
  return scenario.burnRates.map((row) => {
    const detectionMinutes = toSignificant(
      ((row.burnRate * scenario.budgetRatio) / scenario.errorRatio) *
        (row.longWindowMs / MINUTE_MS),
    );
    return {
      sliId: scenario.sliId,
      row,
      detectionMinutes,
      firstFiringMinute: Math.max(1, Math.ceil(detectionMinutes)),
    };
  });
}

/** Go's %.4g as Prometheus's humanizePercentage prints it, for the values these tests reach. */
export function humanizePercentage(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}

export function promtoolTestFile(
  ruleFile: string,
  scenarios: BurnScenario[],
  baselineMinutes: number,
): string {
  const errorMinutes =
    Math.max(...scenarios.flatMap((s) => expectedFirings(s).map((f) => f.firstFiringMinute))) + 1;
  const inputSeries = scenarios.flatMap((s) => {
    const badPerMinute = TOTAL_PER_MINUTE * s.errorRatio;
    const goodPerMinute = TOTAL_PER_MINUTE - badPerMinute;
    const baselineGood = TOTAL_PER_MINUTE * baselineMinutes;
    return [
      {
        series: `forewarn_sli_events_total{sli="${s.sliId}",outcome="good"}`,
        values:
          `0+${TOTAL_PER_MINUTE}x${baselineMinutes} ` +
          `${baselineGood + goodPerMinute}+${goodPerMinute}x${errorMinutes - 1}`,
      },
      {
        series: `forewarn_sli_events_total{sli="${s.sliId}",outcome="bad"}`,
        values: `0x${baselineMinutes} ${badPerMinute}+${badPerMinute}x${errorMinutes - 1}`,
      },
    ];
  });

  const checkMinutes = new Set<number>([0]);
  for (const s of scenarios) {
    for (const f of expectedFirings(s)) {
      checkMinutes.add(f.firstFiringMinute - 1);
      checkMinutes.add(f.firstFiringMinute);
    }
  }
  const alertTests = [...checkMinutes]
    .sort((a, b) => a - b)
    .map((minute) => ({
      eval_time: `${baselineMinutes + minute}m`,
      alertname: 'ForewarnErrorBudgetBurn',
      exp_alerts: scenarios.flatMap((s) =>
        expectedFirings(s)
          .filter((f) => f.firstFiringMinute <= minute)
          .map((f) => {
            // The alert's value is its long window's error ratio (the left side of `and`).
            const valueRatio = (s.errorRatio * minute * MINUTE_MS) / f.row.longWindowMs;
            return {
              exp_labels: {
                ...s.alertLabels,
                sloth_window: s.windowName(f.row.longWindowMs),
                severity: f.row.severity,
                sloth_severity: f.row.severity,
                forewarn_long_window: s.windowName(f.row.longWindowMs),
                forewarn_short_window: s.windowName(f.row.shortWindowMs),
                forewarn_burn_rate: String(f.row.burnRate),
              },
              exp_annotations: s.annotationsOf(f.row, valueRatio),
            };
          }),
      ),
    }));

  return stringify(
    {
      rule_files: [ruleFile],
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: inputSeries, alert_rule_test: alertTests }],
    },
    { lineWidth: 0 },
  );
}
