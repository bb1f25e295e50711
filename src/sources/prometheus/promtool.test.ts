// The exported rules in the real Prometheus rule engine: `promtool check rules` accepts them and
// `promtool test rules` shows each burn-rate alert firing at the first evaluation at or after the
// SRE Workbook's detection time, and not at the evaluation before.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  aBudgetObjective,
  aRatioSli,
  anSla,
  DAY_MS,
  someDefinitions,
} from '../../../test/support/builders.js';
import type { BurnRateRule } from '../../domain/definitions.js';
import { defaultBurnRates } from '../../domain/evaluation/burn-rate-table.js';
import { formatPrometheusDuration } from './prometheus-duration.js';
import { renderPrometheusRules } from './render-prometheus-rules.js';
import {
  expectedFirings,
  humanizePercentage,
  promtoolTestFile,
} from './test-support/burn-scenario.js';
import type { BurnScenario } from './test-support/burn-scenario.js';
import { promtool, PROMTOOL_MISSING, promtoolVersion } from './test-support/promtool.js';

const version = promtoolVersion();
const inCi = process.env.CI === 'true';
if (version === undefined && !inCi) console.warn(`skipping promtool tests: ${PROMTOOL_MISSING}`);

const WORKBOOK_ROWS = defaultBurnRates(30 * DAY_MS);
const EVIL_NAME = 'Availability {{ $labels.sloth_id }} "quoted"';

const definitions = someDefinitions({
  slis: [
    aRatioSli({ id: 'outage', name: 'Requests during an outage' }),
    aRatioSli({ id: 'partial', name: 'Requests during a partial failure' }),
  ],
  slas: [
    anSla([
      aBudgetObjective({ localId: 'outage', sliId: 'outage', name: EVIL_NAME }),
      aBudgetObjective({ localId: 'partial', sliId: 'partial', name: 'Availability 99.9 %' }),
    ]),
  ],
});
const rules = renderPrometheusRules(definitions);

interface AlertRule {
  alert: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  expr: string;
}
const alertRules = (parse(rules) as { groups: Array<{ rules: AlertRule[] }> }).groups
  .flatMap((g) => g.rules)
  .filter((r) => r.alert !== undefined);

function scenario(localId: string, errorRatio: number, objectiveName: string): BurnScenario {
  const slothId = `submissions-acme-submissions-${localId}`;
  return {
    sliId: localId,
    errorRatio,
    burnRates: WORKBOOK_ROWS,
    budgetRatio: 0.001,
    windowName: formatPrometheusDuration,
    alertLabels: {
      sloth_id: slothId,
      sloth_service: 'submissions',
      sloth_slo: `acme-submissions-${localId}`,
      forewarn_client: 'acme',
      forewarn_sla: 'acme-submissions',
      forewarn_objective: localId,
    },
    annotationsOf: (row: BurnRateRule, valueRatio: number) => {
      const rule = alertRules.find(
        (r) =>
          r.expr.includes(`sloth_id="${slothId}"`) &&
          r.labels.forewarn_long_window === formatPrometheusDuration(row.longWindowMs),
      );
      if (rule === undefined) throw new Error(`no alert rule for ${slothId} ${row.longWindowMs}`);
      return {
        // Written out here, not derived from the rule: the name must come out literally.
        summary: `Acme submissions: ${objectiveName} is burning its error budget at over ${row.burnRate}x (${row.severity})`,
        description: (rule.annotations.description ?? '')
          .replace('{{ $value | humanizePercentage }}', humanizePercentage(valueRatio))
          .replace(/\{\{ "(\{\{|\}\})" \}\}/g, '$1'),
      };
    },
  };
}

const SCENARIOS = [
  scenario('outage', 1, EVIL_NAME),
  scenario('partial', 0.1, 'Availability 99.9 %'),
];
// The baseline fills the longest window (3d), so each long window starts from good traffic only.
const BASELINE_MINUTES = (3 * DAY_MS) / 60_000;

describe.skipIf(version === undefined && !inCi)(`exported rules in promtool (${version})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-promtool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds promtool (CI installs it; a missing one fails there)', () => {
    expect(version, PROMTOOL_MISSING).toBeDefined();
  });

  it('passes promtool check rules', () => {
    writeFileSync(join(dir, 'rules.yaml'), rules);
    const run = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(run.output).toContain('SUCCESS');
    expect(run.exitCode).toBe(0);
  });

  it('passes promtool check rules for every golden file', () => {
    const golden = join(dirname(fileURLToPath(import.meta.url)), 'golden');
    for (const file of readdirSync(golden)) {
      const run = promtool(['check', 'rules', file], golden);
      expect(run.exitCode, `${file}: ${run.output}`).toBe(0);
    }
  });

  it('expects the Workbook detection times: 52 s, 2.16 and 4.32 min at 100 % errors; 8.64, 21.6 and 43.2 min at 10 %', () => {
    const minutes = SCENARIOS.map((s) => expectedFirings(s).map((f) => f.detectionMinutes));
    expect(minutes).toEqual([
      [0.864, 2.16, 4.32],
      [8.64, 21.6, 43.2],
    ]);
    const firstFirings = SCENARIOS.map((s) => expectedFirings(s).map((f) => f.firstFiringMinute));
    expect(firstFirings).toEqual([
      [1, 3, 5],
      [9, 22, 44],
    ]);
  });

  it('fires each page and ticket at the first minute at or after its detection time, not before', () => {
    writeFileSync(join(dir, 'rules.yaml'), rules);
    writeFileSync(
      join(dir, 'burn.test.yaml'),
      promtoolTestFile('rules.yaml', SCENARIOS, BASELINE_MINUTES),
    );
    const run = promtool(['test', 'rules', 'burn.test.yaml'], dir);
    expect(run.output).toContain('SUCCESS');
    expect(run.exitCode).toBe(0);
  }, 120_000);

  it('fails promtool test rules when alerts are expected earlier than the Workbook times (the test can fail)', () => {
    const early = SCENARIOS.map((s) => ({
      ...s,
      burnRates: s.burnRates.map((row) => ({ ...row, burnRate: row.burnRate * 0.8 })),
    }));
    writeFileSync(join(dir, 'rules.yaml'), rules);
    writeFileSync(join(dir, 'early.test.yaml'), promtoolTestFile('rules.yaml', early, 60 * 6));
    const run = promtool(['test', 'rules', 'early.test.yaml'], dir);
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('FAILED');
  }, 120_000);
});
