// "What would this policy have done over the last 30 days?": an SLA's stored per-minute rollups
// replayed through the evaluator the server runs, once with each objective's own policy and once
// per requested policy. Evaluation runs in slices of tens of milliseconds, pausing between them so
// ingest and the tick keep running on the same event loop (see LANE_STEPS_PER_SLICE).

import {
  OWN_POLICY,
  parsePolicy,
  POLICY_EXPECTED,
  withPolicy,
  type BacktestPolicy,
} from '../backtest/backtest-policy.js';
import type { DegradationLabel } from '../backtest/degradation-label.js';
import {
  backtestMinutesInSlices,
  type MinuteBacktestObjective,
} from '../backtest/run-backtest-on-minutes.js';
import { labelsFor, scorePolicy, type PolicyScore } from '../backtest/score-policy.js';
import type { ObjectiveDef } from '../domain/definitions.js';
import type { Transition } from '../domain/objective-state.js';
import { DAY_MS, MINUTE_MS, type MinuteData } from '../domain/windows/minute-data.js';
import { toMinuteData } from './build-runtime.js';
import type { AppContext } from './context.js';
import { AppError, type FieldProblem } from './errors.js';
import type { Rollup } from './ports.js';

export const DEFAULT_BACKTEST_DAYS = 30;
export const MAX_BACKTEST_DAYS = 90;
/** Requested policies, besides the objective's own one, which always runs. */
export const MAX_BACKTEST_POLICIES = 8;
export const MAX_BACKTEST_LABELS = 1000;
export const DEFAULT_BACKTEST_STEP_SECONDS = 60;
export const MAX_BACKTEST_STEP_SECONDS = 3600;
/** As the CLI's --match-before default. */
const MATCH_BEFORE_MS = 3_600_000;

export interface BacktestLabelInput {
  /** The objective's local id (or its full key); absent: every objective of the SLA. */
  objective?: string;
  fromMs: number;
  toMs: number;
}

export interface BacktestStoredHistoryInput {
  slaId: string;
  policies?: readonly string[];
  days?: number;
  /** Only this objective (local id); absent: every objective of the SLA. */
  objective?: string;
  stepSeconds?: number;
  labels?: readonly BacktestLabelInput[];
}

export interface StoredHistoryRun {
  key: string;
  name: string;
  policy: string;
  /** False when no part of the policy fits the objective's kind; nothing was evaluated then. */
  applicable: boolean;
  transitions: Transition[];
  counts: { earlyWarnings: number; breaches: number };
  /** With labels only. */
  score?: PolicyScore;
}

export interface StoredHistoryBacktest {
  slaId: string;
  /** The first and last instants evaluated, epoch milliseconds. */
  from: number;
  to: number;
  days: number;
  stepSeconds: number;
  objectives: StoredHistoryRun[];
}

export async function backtestStoredHistory(
  ctx: AppContext,
  input: BacktestStoredHistoryInput,
): Promise<StoredHistoryBacktest> {
  const runtime = ctx.engine.runtime;
  const sla = runtime?.slaById.get(input.slaId);
  if (runtime === undefined || sla === undefined) {
    throw new AppError('E_SLA_NOT_FOUND', `No SLA "${input.slaId}".`, {
      details: { slaId: input.slaId },
    });
  }
  const problems: FieldProblem[] = [];
  const days = input.days ?? DEFAULT_BACKTEST_DAYS;
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_BACKTEST_DAYS)) {
    problems.push({
      field: 'days',
      value: days,
      expected: `a whole number of days from 1 to ${MAX_BACKTEST_DAYS}`,
    });
  }
  const stepSeconds = input.stepSeconds ?? DEFAULT_BACKTEST_STEP_SECONDS;
  if (
    !(Number.isInteger(stepSeconds) && stepSeconds % 60 === 0) ||
    stepSeconds < 60 ||
    stepSeconds > MAX_BACKTEST_STEP_SECONDS
  ) {
    problems.push({
      field: 'stepSeconds',
      value: stepSeconds,
      // Stored rollups hold whole minutes: a finer step would only re-decide the same data.
      expected: `a whole number of minutes in seconds, from 60 to ${MAX_BACKTEST_STEP_SECONDS}`,
    });
  }
  const policies = policiesOf(input.policies ?? [], problems);
  const localIds = sla.objectives.map((o) => o.localId);
  const chosen =
    input.objective === undefined
      ? sla.objectives
      : sla.objectives.filter((o) => o.localId === input.objective);
  if (chosen.length === 0) {
    problems.push({
      field: 'objective',
      value: input.objective,
      expected: `an objective of SLA "${sla.id}": ${localIds.join(', ')}`,
    });
  }
  const labels = labelsOf(input.labels ?? [], sla.objectives, problems);
  if (problems.length > 0) {
    throw new AppError('E_VALIDATION', 'The backtest request is not valid.', { problems });
  }

  const stepMs = stepSeconds * 1000;
  const toMs = Math.floor(ctx.clock.nowMs() / stepMs) * stepMs;
  const fromMs = toMs - days * DAY_MS;
  const objectives: MinuteBacktestObjective[] = [];
  for (const def of chosen) {
    const o = runtime.objectives.get(def.key);
    if (o !== undefined) objectives.push({ def, sli: o.sli, client: o.client });
  }
  const rollups = new Map<string, Rollup[]>();
  for (const sliId of new Set(objectives.map((o) => o.sli.id))) {
    const historyMs = Math.max(
      ...objectives
        .filter((o) => o.sli.id === sliId)
        .flatMap((o) => policies.map((p) => withPolicy(o.def, p)))
        .map((variant) => (variant === undefined ? 0 : historyNeededMs(variant))),
    );
    rollups.set(sliId, await ctx.store.readRollups(sliId, fromMs - historyMs, toMs));
  }

  const replay = backtestMinutesInSlices({
    objectives,
    minutesOf: (sliId) => decoded(rollups.get(sliId) ?? []),
    policies,
    fromMs,
    toMs,
    stepMs,
  });
  let step = replay.next();
  while (step.done !== true) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = replay.next();
  }
  const result = step.value;
  const names = new Map(chosen.map((o) => [o.key, o.name]));
  return {
    slaId: sla.id,
    from: result.fromMs,
    to: result.toMs,
    days,
    stepSeconds,
    objectives: result.runs.map((r) => ({
      key: r.objectiveKey,
      name: names.get(r.objectiveKey) ?? r.objectiveKey,
      policy: r.policy,
      applicable: r.applicable,
      transitions: r.transitions,
      counts: {
        earlyWarnings: r.transitions.filter((t) => t.to === 'early-warning').length,
        breaches: r.transitions.filter((t) => t.to === 'breach').length,
      },
      ...(input.labels !== undefined && r.applicable
        ? {
            score: scorePolicy(r.transitions, labelsFor(labels, r.objectiveKey), {
              fromMs: result.fromMs,
              toMs: result.toMs,
              matchBeforeMs: MATCH_BEFORE_MS,
            }),
          }
        : {}),
    })),
  };
}

/** The objective's own policy first, then each requested one once. */
function policiesOf(texts: readonly string[], problems: FieldProblem[]): BacktestPolicy[] {
  const policies: BacktestPolicy[] = [{ name: OWN_POLICY, parts: [] }];
  if (texts.length > MAX_BACKTEST_POLICIES) {
    problems.push({
      field: 'policies',
      value: `${texts.length} policies`,
      expected: `at most ${MAX_BACKTEST_POLICIES} policies (the objective's own always runs)`,
    });
    return policies;
  }
  texts.forEach((text, i) => {
    const parsed = parsePolicy(text);
    if (!parsed.ok) {
      problems.push({
        field: `policies[${i}]`,
        value: text,
        expected: POLICY_EXPECTED,
        message: parsed.message,
      });
    } else if (!policies.some((p) => p.name === parsed.policy.name)) {
      policies.push(parsed.policy);
    }
  });
  return policies;
}

function labelsOf(
  inputs: readonly BacktestLabelInput[],
  objectives: readonly ObjectiveDef[],
  problems: FieldProblem[],
): DegradationLabel[] {
  if (inputs.length > MAX_BACKTEST_LABELS) {
    problems.push({
      field: 'labels',
      value: `${inputs.length} labels`,
      expected: `at most ${MAX_BACKTEST_LABELS} labels`,
    });
    return [];
  }
  const labels: DegradationLabel[] = [];
  inputs.forEach((l, i) => {
    const def =
      l.objective === undefined
        ? undefined
        : objectives.find((o) => o.localId === l.objective || o.key === l.objective);
    if (l.objective !== undefined && def === undefined) {
      problems.push({
        field: `labels[${i}].objective`,
        value: l.objective,
        expected: `an objective of the SLA: ${objectives.map((o) => o.localId).join(', ')}`,
      });
      return;
    }
    if (!(l.toMs > l.fromMs)) {
      problems.push({
        field: `labels[${i}].to`,
        value: l.toMs,
        expected: 'a time after "from"',
      });
      return;
    }
    labels.push({
      ...(def !== undefined ? { objectiveKey: def.key } : {}),
      fromMs: l.fromMs,
      toMs: l.toMs,
    });
  });
  return labels;
}

/** How far before the range the windows need data (as build-runtime reads it at start-up). */
function historyNeededMs(def: ObjectiveDef): number {
  if (def.kind === 'budget') {
    return def.period.kind === 'rolling' ? def.period.durationMs + DAY_MS : 32 * DAY_MS;
  }
  const lookbackMs = def.earlyWarning.trendProjection?.lookbackMs ?? 0;
  return Math.max(def.measurementWindowMs, lookbackMs) + 2 * MINUTE_MS;
}

/** Sketches are decoded one minute at a time, as the replay reaches them. */
function* decoded(rollups: readonly Rollup[]): Generator<MinuteData> {
  for (const r of rollups) yield toMinuteData(r);
}
