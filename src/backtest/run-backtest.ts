// Replays recorded samples through the evaluator the server runs, on a simulated clock: at every
// step, the samples up to that instant are applied as ingest would apply them, then each window is
// advanced and observed and evaluateObjective decides, exactly as evaluate-objectives does.
// Objectives do not influence each other, so the replay goes SLI by SLI, keeping memory small.

import type { Definitions, ObjectiveDef, SliDef, ClientDef } from '../domain/definitions.js';
import type { Observation } from '../domain/observation.js';
import type { Transition } from '../domain/objective-state.js';
import type { MinuteData } from '../domain/windows/minute-data.js';
import { Sketch } from '../domain/windows/sketch.js';
import { eachMinute } from './aggregate-minutes.js';
import { withPolicy, type BacktestPolicy } from './backtest-policy.js';
import type { SampleColumns } from './sample-columns.js';
import { SliReplay, type ReplayLane } from './sli-replay.js';

export interface BacktestInput {
  definitions: Definitions;
  samples: ReadonlyMap<string, SampleColumns>;
  policies: readonly BacktestPolicy[];
  /** The simulated clock's step: the server evaluates every second; 60 s is the usual replay. */
  stepMs: number;
  /** Points kept per objective for a chart (0: none). */
  tracePoints?: number;
  /** Called now and then with lane-steps done and in all. */
  onProgress?: (done: number, total: number) => void;
  /**
   * False: the plain replay, as the server's tick runs: every lane its own window, observed and
   * evaluated at every step. The default takes shortcuts that decide the same (tests compare).
   */
  fastPaths?: boolean;
}

export interface BacktestRun {
  objectiveKey: string;
  policy: string;
  /** False when no part of the policy fits the objective's kind; then nothing was evaluated. */
  applicable: boolean;
  transitions: Transition[];
}

export interface ObjectiveTrace {
  objectiveKey: string;
  name: string;
  kind: ObjectiveDef['kind'];
  /** What is drawn: the statistic (threshold objectives) or the attainment so far (budget). */
  label: string;
  /** The line not to cross: the threshold, or the objective ratio. */
  limit: number;
  /** Whether larger values are worse. */
  upperBound: boolean;
  /** [time, worst value in the bucket starting then]. */
  points: Array<[number, number]>;
}

export interface BacktestResult {
  fromMs: number;
  toMs: number;
  stepMs: number;
  ticks: number;
  runs: BacktestRun[];
  traces: ObjectiveTrace[];
}

interface Tracer {
  trace: ObjectiveTrace;
  lane: ReplayLane;
  bucketStartMs: number;
  worst: number;
}

const PROGRESS_EVERY_TICKS = 8192;

/** The steps of the simulated clock: aligned to the step, from the first to the last sample. */
export function backtestRange(
  samples: ReadonlyMap<string, SampleColumns>,
  stepMs: number,
): { fromMs: number; toMs: number; ticks: number } | undefined {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const c of samples.values()) {
    if (c.length === 0) continue;
    first = Math.min(first, c.tsAt(0));
    last = Math.max(last, c.tsAt(c.length - 1));
  }
  if (!Number.isFinite(first)) return undefined;
  const fromMs = Math.ceil(first / stepMs) * stepMs;
  const toMs = Math.ceil(last / stepMs) * stepMs;
  return { fromMs, toMs, ticks: Math.round((toMs - fromMs) / stepMs) + 1 };
}

export function runBacktest(input: BacktestInput): BacktestResult {
  const { definitions, samples, policies, stepMs } = input;
  if (!(Number.isInteger(stepMs) && stepMs >= 1000)) {
    throw new RangeError(`step must be a whole number of milliseconds ≥ 1000, got ${stepMs}`);
  }
  const range = backtestRange(samples, stepMs);
  const groups = objectivesBySli(definitions);
  const runs: BacktestRun[] = [];
  const traces: ObjectiveTrace[] = [];
  if (range === undefined) {
    for (const g of groups.values()) {
      for (const o of g.objectives) for (const p of policies) runs.push(emptyRun(o.def, p));
    }
    return { fromMs: 0, toMs: 0, stepMs, ticks: 0, runs, traces };
  }
  let lanesInAll = 0;
  for (const g of groups.values()) lanesInAll += g.objectives.length * policies.length;
  const total = lanesInAll * range.ticks;
  let done = 0;
  for (const [sliId, group] of groups) {
    const replay = new SliReplay(group.sli, range.fromMs, input.fastPaths ?? true);
    const tracers: Tracer[] = [];
    for (const { def, client } of group.objectives) {
      let traced = false;
      for (const policy of policies) {
        const variant = withPolicy(def, policy);
        if (variant === undefined) {
          runs.push(emptyRun(def, policy));
          continue;
        }
        const run: BacktestRun = {
          objectiveKey: def.key,
          policy: policy.name,
          applicable: true,
          transitions: [],
        };
        runs.push(run);
        const lane = replay.addLane(variant, client, run.transitions);
        if (!traced && (input.tracePoints ?? 0) > 0) {
          traced = true;
          const trace = traceOf(def);
          traces.push(trace);
          tracers.push({ trace, lane, bucketStartMs: range.fromMs, worst: Number.NaN });
        }
      }
    }
    const bucketMs = Math.max(
      stepMs,
      Math.ceil(range.ticks / Math.max(1, input.tracePoints ?? 1)) * stepMs,
    );
    replaySli(samples.get(sliId), replay, tracers, range, stepMs, bucketMs, (ticksDone) => {
      done += ticksDone * replay.laneCount;
      input.onProgress?.(done, total);
    });
  }
  input.onProgress?.(total, total);
  return { ...range, stepMs, runs, traces };
}

function replaySli(
  columns: SampleColumns | undefined,
  replay: SliReplay,
  tracers: Tracer[],
  range: { fromMs: number; ticks: number },
  stepMs: number,
  bucketMs: number,
  progress: (ticksDone: number) => void,
): void {
  if (replay.laneCount === 0) {
    progress(range.ticks);
    return;
  }
  const rows = columns?.length ?? 0;
  let row = 0;
  let reported = 0;
  const scratch: MinuteData = {
    minuteMs: 0,
    good: 0,
    total: 0,
    sketch: columns?.kind === 'distribution' ? new Sketch() : null,
  };
  const apply = (data: MinuteData) => replay.apply(data);
  for (let k = 0; k < range.ticks; k++) {
    const nowMs = range.fromMs + k * stepMs;
    if (columns !== undefined && row < rows && columns.tsAt(row) <= nowMs) {
      let end = row + 1;
      while (end < rows && columns.tsAt(end) <= nowMs) end++;
      eachMinute(columns, row, end, scratch, apply);
      row = end;
    }
    replay.step(nowMs);
    for (const tracer of tracers) record(tracer, nowMs, bucketMs);
    if (k - reported >= PROGRESS_EVERY_TICKS) {
      progress(k - reported);
      reported = k;
    }
  }
  for (const tracer of tracers) flush(tracer);
  progress(range.ticks - reported);
}

function record(tracer: Tracer, nowMs: number, bucketMs: number): void {
  if (nowMs - tracer.bucketStartMs >= bucketMs) {
    flush(tracer);
    tracer.bucketStartMs = nowMs;
  }
  const value = plotted(tracer.lane.window.observe(nowMs));
  if (value === undefined) return;
  const worse = tracer.trace.upperBound ? value > tracer.worst : value < tracer.worst;
  if (Number.isNaN(tracer.worst) || worse) tracer.worst = value;
}

function flush(tracer: Tracer): void {
  if (!Number.isNaN(tracer.worst)) tracer.trace.points.push([tracer.bucketStartMs, tracer.worst]);
  tracer.worst = Number.NaN;
}

function plotted(obs: Observation): number | undefined {
  if (obs.kind === 'threshold') return obs.value;
  return obs.period.total > 0 ? obs.period.good / obs.period.total : undefined;
}

function traceOf(def: ObjectiveDef): ObjectiveTrace {
  if (def.kind === 'budget') {
    return {
      objectiveKey: def.key,
      name: def.name,
      kind: def.kind,
      label: 'attainment over the period',
      limit: def.objectiveRatio,
      upperBound: false,
      points: [],
    };
  }
  return {
    objectiveKey: def.key,
    name: def.name,
    kind: def.kind,
    label: `${def.statistic} over ${def.measurementWindowMs / 60_000} min`,
    limit: def.threshold,
    upperBound: def.comparator === '<=' || def.comparator === '<',
    points: [],
  };
}

function emptyRun(def: ObjectiveDef, policy: BacktestPolicy): BacktestRun {
  return { objectiveKey: def.key, policy: policy.name, applicable: false, transitions: [] };
}

/** Objectives grouped by SLI, in definition order, with what their windows need. */
function objectivesBySli(
  defs: Definitions,
): Map<string, { sli: SliDef; objectives: Array<{ def: ObjectiveDef; client: ClientDef }> }> {
  const slis = new Map(defs.slis.map((s) => [s.id, s]));
  const clients = new Map(defs.clients.map((c) => [c.id, c]));
  const groups = new Map<
    string,
    { sli: SliDef; objectives: Array<{ def: ObjectiveDef; client: ClientDef }> }
  >();
  for (const sla of defs.slas) {
    const client = clients.get(sla.clientId);
    if (client === undefined) continue;
    for (const def of sla.objectives) {
      const sli = slis.get(def.sliId);
      if (sli === undefined) continue;
      const group = groups.get(sli.id) ?? { sli, objectives: [] };
      group.objectives.push({ def, client });
      groups.set(sli.id, group);
    }
  }
  return groups;
}
