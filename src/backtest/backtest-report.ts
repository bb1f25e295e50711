// What a backtest run tells: transitions per policy, and with labels the scores, as JSON values
// and as readable tables. Pure: the CLI decides where they go.

import type { Definitions } from '../domain/definitions.js';
import { describeReason, formatDuration } from '../domain/describe-reason.js';
import type { Transition } from '../domain/objective-state.js';
import type { DegradationLabel } from './degradation-label.js';
import type { InputProblem } from './input-problem.js';
import type { BacktestResult } from './run-backtest.js';
import { labelsFor, scorePolicy, type PolicyScore } from './score-policy.js';

export interface ScoreRow extends PolicyScore {
  objectiveKey: string;
  policy: string;
}

export interface BacktestSummary {
  fromMs: number;
  toMs: number;
  stepMs: number;
  samples: { accepted: number; refused: number };
  problems: InputProblem[];
  transitions: Array<{ objectiveKey: string; policy: string; count: number }>;
  /** Present when labels were given. */
  scores?: ScoreRow[];
}

export interface TransitionLine {
  policy: string;
  objective: string;
  at: string;
  atMs: number;
  from: Transition['from'];
  to: Transition['to'];
  reason: Transition['reason'];
}

/** Every transition of every applicable run, in time order (then objective, then policy). */
export function transitionLines(result: BacktestResult): TransitionLine[] {
  const lines: TransitionLine[] = [];
  for (const run of result.runs) {
    for (const t of run.transitions) {
      lines.push({
        policy: run.policy,
        objective: t.objectiveKey,
        at: new Date(t.atMs).toISOString(),
        atMs: t.atMs,
        from: t.from,
        to: t.to,
        reason: t.reason,
      });
    }
  }
  return lines.sort(
    (a, b) =>
      a.atMs - b.atMs || a.objective.localeCompare(b.objective) || a.policy.localeCompare(b.policy),
  );
}

export function scoreRuns(
  result: BacktestResult,
  labels: readonly DegradationLabel[],
  matchBeforeMs: number,
): ScoreRow[] {
  return result.runs
    .filter((r) => r.applicable)
    .map((r) => ({
      objectiveKey: r.objectiveKey,
      policy: r.policy,
      ...scorePolicy(r.transitions, labelsFor(labels, r.objectiveKey), {
        fromMs: result.fromMs,
        toMs: result.toMs,
        matchBeforeMs,
      }),
    }));
}

export function summarize(
  result: BacktestResult,
  input: { accepted: number; refused: number; problems: InputProblem[] },
  scores: ScoreRow[] | undefined,
): BacktestSummary {
  return {
    fromMs: result.fromMs,
    toMs: result.toMs,
    stepMs: result.stepMs,
    samples: { accepted: input.accepted, refused: input.refused },
    problems: input.problems,
    transitions: result.runs
      .filter((r) => r.applicable)
      .map((r) => ({
        objectiveKey: r.objectiveKey,
        policy: r.policy,
        count: r.transitions.length,
      })),
    ...(scores !== undefined ? { scores } : {}),
  };
}

export function transitionTable(lines: readonly TransitionLine[], defs: Definitions): string {
  const units = unitsByObjective(defs);
  return table(
    ['time (UTC)', 'objective', 'policy', 'change', 'reason'],
    lines.map((l) => [
      l.at.slice(0, 19).replace('T', ' '),
      l.objective,
      l.policy,
      `${l.from} → ${l.to}`,
      describeReason(l.reason, units.get(l.objective) ?? ''),
    ]),
  );
}

export function scoreTable(rows: readonly ScoreRow[]): string {
  return table(
    [
      'objective',
      'policy',
      'warnings',
      'precision',
      'recall',
      'detection',
      'reset',
      'lead before breach',
      'false/week',
    ],
    rows.map((r) => [
      r.objectiveKey,
      r.policy,
      String(r.warnings),
      percent(r.precision),
      percent(r.recall),
      signedDuration(r.detectionMs),
      signedDuration(r.resetMs),
      r.breaches === 0 ? '— (no breach)' : `${signedDuration(r.leadMs)} (${r.breaches} breaches)`,
      r.falseWarningsPerWeek.toFixed(2),
    ]),
  );
}

function unitsByObjective(defs: Definitions): Map<string, string> {
  const units = new Map(defs.slis.map((s) => [s.id, s.unit ?? '']));
  const out = new Map<string, string>();
  for (const sla of defs.slas)
    for (const o of sla.objectives) out.set(o.key, units.get(o.sliId) ?? '');
  return out;
}

function percent(ratio: number | undefined): string {
  return ratio === undefined ? '—' : `${Math.round(ratio * 100)} %`;
}

export function signedDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const rounded = Math.round(ms / 1000) * 1000;
  if (rounded === 0) return '0 s';
  return `${rounded < 0 ? '−' : '+'}${formatDuration(Math.abs(rounded))}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
