// Replays per-minute data (the server's stored rollups) through the evaluator, as runBacktest
// replays samples. A stored minute holds all of that minute's samples, so it is applied once the
// minute is over: the live server cannot have seen its later samples sooner. Then, at every step,
// each window is advanced and observed and evaluateObjective decides, as evaluate-objectives does.

import type { ClientDef, ObjectiveDef, SliDef } from '../domain/definitions.js';
import { MINUTE_MS, type MinuteData } from '../domain/windows/minute-data.js';
import { withPolicy, type BacktestPolicy } from './backtest-policy.js';
import type { BacktestResult, BacktestRun } from './run-backtest.js';
import { SliReplay } from './sli-replay.js';

export interface MinuteBacktestObjective {
  def: ObjectiveDef;
  sli: SliDef;
  client: ClientDef;
}

export interface MinuteBacktestInput {
  objectives: readonly MinuteBacktestObjective[];
  /**
   * One SLI's minutes in time order, deltas of a minute adjacent; minutes that end at or before
   * fromMs fill the windows before the first step. Called once per SLI and read once, lazily.
   */
  minutesOf(sliId: string): Iterable<MinuteData>;
  policies: readonly BacktestPolicy[];
  /** The first and last instants of the simulated clock. */
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** False: the plain replay, without the shortcuts; see BacktestInput. */
  fastPaths?: boolean;
}

/**
 * An objective-step cost 1–6 µs here before the BT speed-ups (p95 with a trend lookback the dearest;
 * now about 4x less), so a slice is at most about 10–60 ms of evaluation between pauses.
 */
export const LANE_STEPS_PER_SLICE = 10_000;

/**
 * The replay in slices: yields after about `laneStepsPerSlice` objective-steps so a server can let
 * other work run in between; returns the result. Runs are in objective order, then policy order.
 */
export function* backtestMinutesInSlices(
  input: MinuteBacktestInput,
  laneStepsPerSlice = LANE_STEPS_PER_SLICE,
): Generator<void, BacktestResult, void> {
  const { fromMs, toMs, stepMs } = input;
  if (!(Number.isInteger(stepMs) && stepMs >= 1000)) {
    throw new RangeError(`step must be a whole number of milliseconds ≥ 1000, got ${stepMs}`);
  }
  if (!(toMs >= fromMs)) throw new RangeError(`the range ends (${toMs}) before it starts`);
  const ticks = Math.floor((toMs - fromMs) / stepMs) + 1;
  const runs: BacktestRun[] = [];
  const replays = new Map<string, SliReplay>();
  for (const { def, sli, client } of input.objectives) {
    for (const policy of input.policies) {
      const run: BacktestRun = {
        objectiveKey: def.key,
        policy: policy.name,
        applicable: false,
        transitions: [],
      };
      runs.push(run);
      const variant = withPolicy(def, policy);
      if (variant === undefined) continue;
      run.applicable = true;
      let replay = replays.get(sli.id);
      if (replay === undefined) {
        replay = new SliReplay(sli, fromMs, input.fastPaths ?? true);
        replays.set(sli.id, replay);
      }
      replay.addLane(variant, client, run.transitions);
    }
  }
  for (const [sliId, replay] of replays) {
    const ticksPerSlice = Math.max(1, Math.floor(laneStepsPerSlice / replay.laneCount));
    const minutes = input.minutesOf(sliId)[Symbol.iterator]();
    let next = minutes.next();
    for (let k = 0; k < ticks; k++) {
      const nowMs = fromMs + k * stepMs;
      while (!next.done && next.value.minuteMs + MINUTE_MS <= nowMs) {
        replay.apply(next.value);
        next = minutes.next();
      }
      replay.step(nowMs);
      if ((k + 1) % ticksPerSlice === 0) yield;
    }
  }
  return { fromMs, toMs: fromMs + (ticks - 1) * stepMs, stepMs, ticks, runs, traces: [] };
}

/** The whole replay at once (no pauses). */
export function runBacktestOnMinutes(input: MinuteBacktestInput): BacktestResult {
  const replay = backtestMinutesInSlices(input, Number.POSITIVE_INFINITY);
  for (;;) {
    const step = replay.next();
    if (step.done === true) return step.value;
  }
}
