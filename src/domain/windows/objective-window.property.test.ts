// Incremental windows equal a from-scratch recomputation (TARGETS R6): random minute data split
// into deltas, shuffled, late, duplicated, with random advances and snapshot round-trips between.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comparator, ObjectiveDef, SliDef, Statistic } from '../definitions.js';
import type { Observation } from '../observation.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './minute-data.js';
import { createObjectiveWindow, restoreObjectiveWindow } from './objective-window.js';
import * as build from './test-support/objective-defs.js';
import { expected, sketchOf, type Delta } from './test-support/recompute-observation.js';

const T0 = Date.UTC(2026, 10, 1, 3, 17, 23);
const SLICE_MINUTES_KEPT = 61;

type Step =
  | { kind: 'apply'; delta: Delta }
  | { kind: 'advance' | 'observe'; atMs: number }
  | { kind: 'restore' };

const minuteOffset = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -90, max: 90 }) },
  { weight: 1, arbitrary: fc.integer({ min: -8 * 1440, max: 8 * 1440 }) },
  { weight: 1, arbitrary: fc.integer({ min: -40 * 1440, max: 40 * 1440 }) },
);
const instant = fc
  .tuple(minuteOffset, fc.integer({ min: 0, max: MINUTE_MS - 1 }))
  .map(([m, ms]) => T0 - (T0 % MINUTE_MS) + m * MINUTE_MS + ms);
const value = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.double({ min: 0, max: 5000, noNaN: true }),
);

/** One minute's data, split into 1–3 deltas. */
const minuteDeltas = fc
  .record({
    atMs: instant,
    good: fc.nat(20),
    bad: fc.nat(5),
    values: fc.array(value, { maxLength: 6 }),
    parts: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ atMs, good, bad, values, parts }): Step[] =>
    Array.from({ length: parts }, (_, i) => {
      const share = (n: number) => Math.floor((n * (i + 1)) / parts) - Math.floor((n * i) / parts);
      return {
        kind: 'apply',
        delta: {
          minuteMs: atMs - (atMs % MINUTE_MS),
          good: share(good),
          total: share(good) + share(bad),
          values: values.filter((_, k) => k % parts === i),
        },
      };
    }),
  );

const steps = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: minuteDeltas },
      { weight: 2, arbitrary: instant.map((atMs): Step[] => [{ kind: 'advance', atMs }]) },
      { weight: 2, arbitrary: instant.map((atMs): Step[] => [{ kind: 'observe', atMs }]) },
      { weight: 1, arbitrary: fc.constant<Step[]>([{ kind: 'restore' }]) },
    ),
    { maxLength: 60 },
  )
  .chain((groups) => {
    const flat = groups.flat();
    return fc.shuffledSubarray(flat, { minLength: flat.length, maxLength: flat.length });
  });

const minuteDataOf = (d: Delta, sli: SliDef) => ({
  minuteMs: d.minuteMs,
  good: sli.kind === 'ratio' ? d.good : 0,
  total: sli.kind === 'ratio' ? d.total : 0,
  sketch: sli.kind === 'ratio' ? null : sketchOf(d.values),
});

// ---- Running both on the same stream. ----

function run(def: ObjectiveDef, sli: SliDef, tz: string, stream: Step[], lastMs: number): void {
  const client = build.aClient({ timeZone: tz });
  let window = createObjectiveWindow(def, sli, client, T0);
  let headMs = T0;
  const given: Delta[] = [];
  const check = (atMs: number) => {
    headMs = Math.max(headMs, atMs);
    const actual: Observation = window.observe(atMs);
    expect(actual).toEqual(expected(def, sli, tz, given, headMs));
  };
  for (const step of [...stream, { kind: 'observe', atMs: lastMs } as const]) {
    if (step.kind === 'apply') {
      const d = step.delta;
      headMs = Math.max(headMs, d.minuteMs);
      const headMinute = Math.floor(headMs / MINUTE_MS);
      // Time slices are final once older than the minutes kept; late data for them is ignored.
      const final =
        def.kind === 'budget' &&
        def.timeSlice !== undefined &&
        d.minuteMs / MINUTE_MS <= headMinute - SLICE_MINUTES_KEPT;
      if (!final) given.push(d);
      window.apply(minuteDataOf(d, sli));
    } else if (step.kind === 'advance') {
      headMs = Math.max(headMs, step.atMs);
      window.advance(step.atMs);
    } else if (step.kind === 'observe') {
      check(step.atMs);
    } else {
      window = restoreObjectiveWindow(def, sli, client, window.serialize());
    }
  }
}

const comparator = fc.constantFrom<Comparator>('<=', '<', '>=', '>');
const distributionStatistic = fc.constantFrom<Statistic>(
  'p50',
  'p90',
  'p99',
  'p999',
  'mean',
  'max',
);
const burnRates = fc
  .subarray([5, 7, 30, 60, 90, 360, 1440, 4320].map((m) => m * MINUTE_MS))
  .map((ws) =>
    ws.map((w, i) => ({
      severity: 'page' as const,
      longWindowMs: w,
      shortWindowMs: ws[(i + 1) % ws.length]!,
      burnRate: 1,
    })),
  );
const period = fc.oneof(
  fc
    .constantFrom(HOUR_MS, 2 * HOUR_MS, DAY_MS, 3 * DAY_MS, 30 * DAY_MS)
    .map((durationMs) => ({ kind: 'rolling' as const, durationMs })),
  fc.constant({ kind: 'calendar-month' as const }),
);
const zone = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata');
const RUNS = { numRuns: 5000 };

describe('an incremental objective window observes what a full recomputation finds', () => {
  it.each([
    ['budget, ratio SLI, good events', 'ratio', false],
    ['budget, distribution SLI, good events by goodWhen', 'distribution', false],
    ['budget, ratio SLI, good time slices', 'ratio', true],
    ['budget, distribution SLI, good time slices', 'distribution', true],
  ] as const)('%s', (_name, sliKind, slices) => {
    const sli = sliKind === 'ratio' ? build.aRatioSli() : build.aLatencySli();
    const sliceRule = fc.record({
      sliceMs: fc.constant(MINUTE_MS),
      statistic: sliKind === 'ratio' ? fc.constant<Statistic>('good-ratio') : distributionStatistic,
      comparator,
      threshold:
        sliKind === 'ratio' ? fc.constantFrom(0.5, 0.8, 1) : fc.constantFrom(100, 300.5, 800),
    });
    const def = fc.record({
      burnRates,
      period,
      goodWhen: fc.record({ comparator, threshold: fc.constantFrom(100, 300.5, 800) }),
      timeSlice: slices ? sliceRule.map((r) => r as typeof r | undefined) : fc.constant(undefined),
    });
    fc.assert(
      fc.property(def, zone, steps, instant, (d, tz, stream, lastMs) => {
        const objective = build.aBudgetObjective({
          period: d.period,
          earlyWarning: { burnRates: d.burnRates },
          ...(sliKind === 'distribution' ? { goodWhen: d.goodWhen } : {}),
          ...(d.timeSlice ? { timeSlice: d.timeSlice } : {}),
        });
        run(objective, sli, tz, stream, lastMs);
      }),
      RUNS,
    );
  });

  it.each(['ratio', 'distribution'] as const)('threshold, %s SLI', (sliKind) => {
    const sli = sliKind === 'ratio' ? build.aRatioSli() : build.aLatencySli();
    const def = fc.record({
      statistic: sliKind === 'ratio' ? fc.constant<Statistic>('good-ratio') : distributionStatistic,
      measurementWindowMs: fc.constantFrom(
        MINUTE_MS,
        5 * MINUTE_MS,
        450_000,
        HOUR_MS,
        90 * MINUTE_MS,
      ),
      lookbackMs: fc.constantFrom(0, 10 * MINUTE_MS, 2 * HOUR_MS),
    });
    fc.assert(
      fc.property(def, steps, instant, (d, stream, lastMs) => {
        const objective = build.aThresholdObjective({
          statistic: d.statistic,
          measurementWindowMs: d.measurementWindowMs,
          earlyWarning:
            d.lookbackMs === 0
              ? {}
              : { trendProjection: { horizonMs: HOUR_MS, lookbackMs: d.lookbackMs } },
        });
        run(objective, sli, 'UTC', stream, lastMs);
      }),
      RUNS,
    );
  });
});
