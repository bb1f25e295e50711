// forewarn backtest: replays a recording through the evaluator the server runs, once per policy,
// and reports transitions, scores against labelled degradations, and an HTML chart.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { OWN_POLICY, parsePolicy, type BacktestPolicy } from '../backtest/backtest-policy.js';
import {
  scoreRuns,
  scoreTable,
  summarize,
  transitionLines,
  transitionTable,
  type ScoreRow,
} from '../backtest/backtest-report.js';
import { parseLabels, type DegradationLabel } from '../backtest/degradation-label.js';
import { formatInputProblem } from '../backtest/input-problem.js';
import { readText } from '../backtest/read-lines.js';
import { readSamplesFile } from '../backtest/read-samples-file.js';
import { RecordedSamples } from '../backtest/recorded-samples.js';
import { renderChart } from '../backtest/render-chart.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { parseDuration } from '../config/duration.js';
import { formatConfigErrors, loadConfigFiles } from '../config/load-config.js';
import { CliError } from './cli-error.js';

export const BACKTEST_HELP = `forewarn backtest --config FILE --samples FILE [options]

  Replays recorded samples through the same evaluator the server runs, on a simulated clock, and
  writes every transition with its time, reason and numbers. Compares early-warning policies side
  by side; with --labels, scores each against the degradations the team marked.

  --config FILE        definitions (Forewarn YAML or OpenSLO); repeatable
  --samples FILE       recording: NDJSON in the push format, CSV (sli,ts,value[,count] or
                       sli,ts,good,total), or a Prometheus query_range JSON answer; gzip accepted;
                       repeatable
  --sli ID             the SLI of Prometheus series without an "sli" label
  --policy NAME        a policy to compare with each objective's own: fraction:0.8, trend:15m,
                       burn:workbook, or a combination such as fraction:0.8+trend:15m; repeatable
  --labels FILE        degraded intervals, JSON [{objective?, from, to}] or CSV objective,from,to
  --match-before DUR   a warning ending at most this long before a degradation counts (default 1h)
  --step DURATION      simulated clock step, e.g. 1s, 60s (default 60s)
  --format json|table  JSON lines (default when piped) or tables (default on a terminal)
  --chart FILE         write a self-contained HTML chart`;

type Env = Record<string, string | undefined>;

const PROBLEMS_SHOWN = 20;

export async function backtest(args: string[], env: Env): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', multiple: true },
      samples: { type: 'string', multiple: true },
      sli: { type: 'string' },
      policy: { type: 'string', multiple: true },
      labels: { type: 'string' },
      'match-before': { type: 'string', default: '1h' },
      step: { type: 'string', default: '60s' },
      format: { type: 'string' },
      chart: { type: 'string' },
    },
    allowPositionals: false,
  });
  const configPaths = values.config ?? [];
  const samplePaths = values.samples ?? [];
  if (configPaths.length === 0 || samplePaths.length === 0) {
    throw new CliError(
      `forewarn backtest: --config and --samples are required\n\n${BACKTEST_HELP}`,
      2,
    );
  }
  const stepMs = parseDuration(values.step);
  if (stepMs === undefined || stepMs < 1000 || stepMs % 1000 !== 0) {
    throw new CliError(
      `--step: got "${values.step}", expected whole seconds such as "1s" or "60s"`,
      2,
    );
  }
  const matchBeforeMs = values['match-before'] === '0' ? 0 : parseDuration(values['match-before']);
  if (matchBeforeMs === undefined) {
    throw new CliError(
      `--match-before: got "${values['match-before']}", expected a duration such as "1h" or 0`,
      2,
    );
  }
  const format = values.format ?? (process.stdout.isTTY ? 'table' : 'json');
  if (format !== 'json' && format !== 'table') {
    throw new CliError(`--format: got "${format}", expected "json" or "table"`, 2);
  }
  const policies = policiesFrom(values.policy ?? []);

  const loaded = loadConfigFiles(configPaths, env);
  if (!loaded.ok) throw new CliError(formatConfigErrors(loaded.errors), 1);
  const definitions = loaded.config.definitions;
  const labels = values.labels === undefined ? undefined : await labelsFrom(values.labels);

  const recorded = new RecordedSamples(definitions.slis);
  for (const path of samplePaths) {
    try {
      await readSamplesFile(path, recorded, {
        slis: definitions.slis,
        ...(values.sli !== undefined ? { sliId: values.sli } : {}),
      });
    } catch (err) {
      throw new CliError(`--samples ${path}: ${(err as Error).message}`, 1);
    }
  }
  reportProblems(recorded);
  if (recorded.accepted === 0) throw new CliError('no usable sample in the recording', 1);

  const progress = progressBar();
  const result = runBacktest({
    definitions,
    samples: recorded.bySli,
    policies,
    stepMs,
    tracePoints: values.chart === undefined ? 0 : 1500,
    onProgress: progress.update,
  });
  progress.done();

  const lines = transitionLines(result);
  const scores: ScoreRow[] | undefined =
    labels === undefined ? undefined : scoreRuns(result, labels, matchBeforeMs);
  const summary = summarize(
    result,
    { accepted: recorded.accepted, refused: recorded.problemCount, problems: recorded.problems },
    scores,
  );
  if (format === 'json') {
    let out = '';
    for (const line of lines) out += `${JSON.stringify({ type: 'transition', ...line })}\n`;
    out += `${JSON.stringify({ type: 'summary', ...summary })}\n`;
    process.stdout.write(out);
  } else {
    const range = `${new Date(result.fromMs).toISOString()} – ${new Date(result.toMs).toISOString()}, every ${stepMs / 1000} s`;
    let out = `Backtest ${range}: ${recorded.accepted} samples, ${recorded.problemCount} refused, ${lines.length} transitions\n\n`;
    out += `${transitionTable(lines, definitions)}\n`;
    if (scores !== undefined) out += `\n${scoreTable(scores)}\n`;
    process.stdout.write(out);
  }
  if (values.chart !== undefined) {
    await writeFile(values.chart, renderChart(result, labels ?? []));
    process.stderr.write(`chart written to ${values.chart}\n`);
  }
}

function policiesFrom(names: string[]): BacktestPolicy[] {
  const policies: BacktestPolicy[] = [];
  for (const name of [OWN_POLICY, ...names]) {
    const parsed = parsePolicy(name);
    if (!parsed.ok) throw new CliError(`--policy: ${parsed.message}`, 2);
    if (!policies.some((p) => p.name === parsed.policy.name)) policies.push(parsed.policy);
  }
  return policies;
}

async function labelsFrom(path: string): Promise<DegradationLabel[]> {
  let text: string;
  try {
    text = path.endsWith('.gz') ? await readText(path) : await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`--labels ${path}: ${(err as Error).message}`, 1);
  }
  const parsed = parseLabels(text, path);
  if (!parsed.ok) throw new CliError(parsed.problems.join('\n'), 1);
  return parsed.labels;
}

function reportProblems(recorded: RecordedSamples): void {
  if (recorded.problemCount === 0) return;
  const shown = recorded.problems.slice(0, PROBLEMS_SHOWN).map(formatInputProblem);
  const more = recorded.problemCount - shown.length;
  process.stderr.write(
    `${recorded.problemCount} input lines refused (the rest were used):\n${shown.join('\n')}\n${more > 0 ? `… and ${more} more (all listed in the JSON summary, up to 1,000)\n` : ''}`,
  );
}

/** A bar on stderr when it is a terminal and the run takes more than a moment. */
function progressBar(): { update: (done: number, total: number) => void; done: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, done: () => {} };
  const startedMs = Date.now();
  let lastDrawMs = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - startedMs < 500 || now - lastDrawMs < 100 || total === 0) return;
      lastDrawMs = now;
      drawn = true;
      const share = Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)} %`,
      );
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}
