// The tick's skip rule never misses anything: over the real windows and evaluator, skipping an
// objective whose window version is unchanged and whose state cannot change with time alone
// yields, at every tick, the same state as evaluating it every time.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectiveDef, SliDef } from '../definitions.js';
import type { ObjectiveState, Transition } from '../objective-state.js';
import {
  aBudgetObjective,
  aClient,
  aLatencySli,
  aRatioSli,
  aThresholdObjective,
  HOUR_MS,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { createObjectiveWindow } from '../windows/objective-window.js';
import { Sketch } from '../windows/sketch.js';
import { evaluateObjective, initialObjectiveState } from './evaluate-objective.js';
import { mayChangeWithoutData } from './may-change-without-data.js';

const T0 = Date.UTC(2026, 2, 31, 23, 40, 17);
const client = aClient({ timeZone: 'Europe/Berlin' });
const fastBurn = {
  burnRates: [
    {
      severity: 'page' as const,
      longWindowMs: 10 * MINUTE_MS,
      shortWindowMs: 2 * MINUTE_MS,
      burnRate: 2,
    },
    {
      severity: 'ticket' as const,
      longWindowMs: 30 * MINUTE_MS,
      shortWindowMs: 5 * MINUTE_MS,
      burnRate: 1,
    },
  ],
};
const timers = { clearAfterMs: 2 * MINUTE_MS, recoveryPeriodMs: 3 * MINUTE_MS };

/** Small windows and short timers, so a few dozen minutes of data visit every state. */
const OBJECTIVES: Array<{ name: string; def: ObjectiveDef; sli: SliDef }> = [
  {
    name: 'budget on a ratio SLI, rolling hour',
    sli: aRatioSli(),
    def: aBudgetObjective({
      objectiveRatio: 0.9,
      period: { kind: 'rolling', durationMs: HOUR_MS },
      earlyWarning: fastBurn,
      ...timers,
    }),
  },
  {
    name: 'budget on latency (goodWhen), calendar month',
    sli: aLatencySli(),
    def: aBudgetObjective({
      sliId: 'latency',
      objectiveRatio: 0.8,
      period: { kind: 'calendar-month' },
      goodWhen: { comparator: '<=', threshold: 700 },
      earlyWarning: fastBurn,
      ...timers,
    }),
  },
  {
    name: 'budget of time slices (p90 per minute)',
    sli: aLatencySli(),
    def: aBudgetObjective({
      sliId: 'latency',
      objectiveRatio: 0.7,
      period: { kind: 'rolling', durationMs: HOUR_MS },
      timeSlice: { sliceMs: MINUTE_MS, statistic: 'p90', comparator: '<=', threshold: 600 },
      earlyWarning: fastBurn,
      ...timers,
    }),
  },
  {
    name: 'p95 threshold with fraction-of-threshold and trend',
    sli: aLatencySli(),
    def: aThresholdObjective({
      threshold: 800,
      measurementWindowMs: 2 * MINUTE_MS,
      earlyWarning: {
        fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.1 },
        trendProjection: { horizonMs: 10 * MINUTE_MS, lookbackMs: 5 * MINUTE_MS },
      },
      ...timers,
    }),
  },
  {
    name: 'p90 threshold with trend only, lookback of 4.5 minutes',
    sli: aLatencySli(),
    def: aThresholdObjective({
      statistic: 'p90',
      threshold: 700,
      measurementWindowMs: 3 * MINUTE_MS,
      // Not whole minutes: points then enter and leave the lookback at different instants.
      earlyWarning: { trendProjection: { horizonMs: 15 * MINUTE_MS, lookbackMs: 270_000 } },
      ...timers,
    }),
  },
  {
    name: 'good-ratio threshold with trend, lookback longer than the window',
    sli: aRatioSli(),
    def: aThresholdObjective({
      sliId: 'requests',
      statistic: 'good-ratio',
      comparator: '>=',
      threshold: 0.8,
      measurementWindowMs: MINUTE_MS,
      earlyWarning: { trendProjection: { horizonMs: 20 * MINUTE_MS, lookbackMs: 6 * MINUTE_MS } },
      ...timers,
    }),
  },
  {
    name: 'good-ratio threshold with fraction-of-threshold only',
    sli: aRatioSli(),
    def: aThresholdObjective({
      sliId: 'requests',
      statistic: 'good-ratio',
      comparator: '>=',
      threshold: 0.9,
      measurementWindowMs: MINUTE_MS,
      earlyWarning: { fractionOfThreshold: { enterRatio: 0.7, hysteresisRatio: 0.2 } },
      ...timers,
    }),
  },
];

interface Tick {
  /** Time since the previous tick. */
  gapMs: number;
  /**
   * Then on to the next half minute, plus this: the instants at which trend points enter (:30)
   * and leave the lookback (:00 or :30 plus a whole lookback), and the millisecond after.
   */
  snapMs?: number;
  /** Data applied just before the tick, for the minute `minutesBack` before now's. */
  data?: { minutesBack: number; good: number; bad: number; latencyMs: number; values: number };
}

/** Mostly healthy data with bursts of errors and slow minutes, so every state gets visited. */
const tick = fc.record(
  {
    gapMs: fc.oneof(
      { weight: 3, arbitrary: fc.constant(1000) },
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 45_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: 45_000, max: 8 * MINUTE_MS }) },
    ),
    snapMs: fc.constantFrom(-1, 0, 1),
    data: fc.record({
      minutesBack: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, fc.nat(4)),
      good: fc.integer({ min: 10, max: 60 }),
      bad: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 3, arbitrary: fc.nat(4) },
        { weight: 1, arbitrary: fc.nat(60) },
      ),
      latencyMs: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 100, max: 600 }) },
        { weight: 1, arbitrary: fc.integer({ min: 600, max: 1000 }) },
      ),
      values: fc.nat(8),
    }),
  },
  { requiredKeys: ['gapMs'] },
);

const HALF_MINUTE_MS = MINUTE_MS / 2;

const schedules = fc.array(tick, { minLength: 20, maxLength: 200, size: 'max' });

interface Run {
  states: ObjectiveState[];
  transitions: Transition[];
  skipped: number;
}

function play(def: ObjectiveDef, sli: SliDef, ticks: Tick[], skip: boolean): Run {
  const window = createObjectiveWindow(def, sli, client, T0);
  let state = initialObjectiveState(T0);
  let seenVersion: number | undefined;
  let nowMs = T0;
  const run: Run = { states: [], transitions: [], skipped: 0 };
  for (const t of ticks) {
    nowMs += t.gapMs;
    if (t.snapMs !== undefined) {
      nowMs = Math.max(nowMs, Math.ceil(nowMs / HALF_MINUTE_MS) * HALF_MINUTE_MS + t.snapMs);
    }
    if (t.data !== undefined) {
      const minuteMs = nowMs - (nowMs % MINUTE_MS) - t.data.minutesBack * MINUTE_MS;
      const sketch = new Sketch();
      for (let i = 0; i < t.data.values; i++) sketch.add(t.data.latencyMs + ((i * 37) % 100) - 50);
      window.apply(
        sli.kind === 'ratio'
          ? { minuteMs, good: t.data.good, total: t.data.good + t.data.bad, sketch: null }
          : { minuteMs, good: 0, total: 0, sketch },
      );
    }
    window.advance(nowMs);
    if (skip && window.version === seenVersion && !mayChangeWithoutData(def, state)) {
      run.skipped++;
    } else {
      seenVersion = window.version;
      const result = evaluateObjective(def, window.observe(nowMs), state, nowMs);
      if (result.transition !== undefined) run.transitions.push(result.transition);
      state = result.state;
    }
    run.states.push(state);
  }
  return run;
}

describe('skipping objectives by window version and mayChangeWithoutData', () => {
  it.each(OBJECTIVES)('misses no transition and no state change: $name', ({ def, sli }) => {
    let skipped = 0;
    let transitions = 0;
    fc.assert(
      fc.property(schedules, (ticks) => {
        const every = play(def, sli, ticks, false);
        const skipping = play(def, sli, ticks, true);
        expect(skipping.transitions).toEqual(every.transitions);
        expect(skipping.states).toEqual(every.states);
        skipped += skipping.skipped;
        transitions += every.transitions.length;
      }),
      { numRuns: 100 },
    );
    // The rule is not vacuous: it skipped ticks, and the streams moved the objective.
    expect(skipped).toBeGreaterThan(0);
    expect(transitions).toBeGreaterThan(0);
  });
});

describe('mayChangeWithoutData', () => {
  const budget = OBJECTIVES[0]!.def;
  const trend = OBJECTIVES[3]!.def;
  const at = (o: Partial<ObjectiveState>): ObjectiveState => ({
    status: 'ok',
    sinceMs: T0,
    reason: { kind: 'within-objective' },
    ...o,
  });

  const trendWarning = (observed: number) =>
    at({
      status: 'early-warning',
      reason: {
        kind: 'trend-projection',
        observed,
        threshold: 800,
        slopePerMinute: 20,
        projectedCrossingInMs: 5 * MINUTE_MS,
        horizonMs: 10 * MINUTE_MS,
      },
    });

  it.each([
    { case: 'a quiet ok budget objective is settled', def: budget, state: at({}), may: false },
    {
      case: 'a budget breach waits for data',
      def: budget,
      state: at({ status: 'breach' }),
      may: false,
    },
    {
      case: 'a warning without a running clear period waits for data',
      def: budget,
      state: at({ status: 'early-warning' }),
      may: false,
    },
    {
      case: 'a running clear period can end with time alone',
      def: budget,
      state: at({ status: 'early-warning', clearSinceMs: T0 }),
      may: true,
    },
    {
      case: 'a running recovery period can end with time alone',
      def: budget,
      state: at({ status: 'recovered', withinSinceMs: T0 }),
      may: true,
    },
    {
      case: 'a state just back to ok settles on the next evaluation',
      def: budget,
      state: at({ reason: { kind: 'warning-cleared', clearSinceMs: T0, clearAfterMs: 1 } }),
      may: true,
    },
    {
      case: 'a quiet trend objective waits for its window version, which moves with the lookback',
      def: trend,
      state: at({}),
      may: false,
    },
    {
      case: 'a trend warning below the fraction hold level waits for its window version',
      def: trend,
      state: trendWarning(500),
      may: false,
    },
    {
      // Entered on the trend at 600 (enter level 640); once warning, the fraction holds from 560.
      case: 'a trend warning within the fraction hysteresis becomes a fraction warning',
      def: trend,
      state: trendWarning(600),
      may: true,
    },
    {
      case: 'a trend projection without a value has nothing to project',
      def: trend,
      state: at({ reason: { kind: 'no-data' } }),
      may: false,
    },
  ])('$case', ({ def, state, may }) => {
    expect(mayChangeWithoutData(def, state)).toBe(may);
  });
});
