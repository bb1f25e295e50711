// A pool's windows (shared where objectives have the same shape, threshold minutes shared where
// only the measurement window differs) observe what windows of their own observe, fed alike:
// random objectives on one SLI, random minute data (late, split, out of order) and clock steps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectiveDef, SliDef, Statistic } from '../definitions.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './minute-data.js';
import { createObjectiveWindow } from './objective-window.js';
import * as build from './test-support/objective-defs.js';
import { sketchOf } from './test-support/recompute-observation.js';
import { WindowPool } from './window-pool.js';

const T0 = Date.UTC(2026, 10, 1, 3, 17, 23);

type Step =
  | { kind: 'apply'; minuteOffset: number; good: number; bad: number; values: number[] }
  | { kind: 'advance' | 'observe'; stepMs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('apply' as const),
      minuteOffset: fc.oneof(fc.integer({ min: -3, max: 1 }), fc.integer({ min: -90, max: 5 })),
      good: fc.nat(20),
      bad: fc.nat(5),
      values: fc.array(fc.integer({ min: 50, max: 2000 }), { maxLength: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('advance' as const, 'observe' as const),
      stepMs: fc.oneof(
        fc.integer({ min: 0, max: 2 * MINUTE_MS }),
        fc.integer({ min: 0, max: 3 * HOUR_MS }),
      ),
    }),
  },
);

const thresholdDef = (statistic: fc.Arbitrary<Statistic>) =>
  fc
    .record({
      statistic,
      measurementWindowMs: fc.constantFrom(MINUTE_MS, 5 * MINUTE_MS, 10 * MINUTE_MS, HOUR_MS),
      lookbackMs: fc.constantFrom(0, 5 * MINUTE_MS, 10 * MINUTE_MS),
    })
    .map(({ statistic: s, measurementWindowMs, lookbackMs }): ObjectiveDef =>
      build.aThresholdObjective({
        statistic: s,
        measurementWindowMs,
        earlyWarning:
          lookbackMs === 0 ? {} : { trendProjection: { horizonMs: HOUR_MS, lookbackMs } },
      }),
    );

const budgetDef = (distribution: boolean) =>
  fc
    .record({
      objectiveRatio: fc.constantFrom(0.99, 0.999),
      period: fc.constantFrom(
        { kind: 'rolling' as const, durationMs: DAY_MS },
        { kind: 'calendar-month' as const },
      ),
      goodWhen: fc.constantFrom(300, 800),
    })
    .map(({ objectiveRatio, period, goodWhen }): ObjectiveDef =>
      build.aBudgetObjective({
        objectiveRatio,
        period,
        ...(distribution ? { goodWhen: { comparator: '<=', threshold: goodWhen } } : {}),
      }),
    );

function run(sli: SliDef, defs: ObjectiveDef[], steps: Step[]): void {
  const client = build.aClient({ timeZone: 'Europe/Berlin' });
  const pool = new WindowPool(sli, T0);
  const pooled = defs.map((d) => pool.windowFor(d, client));
  const own = defs.map((d) => createObjectiveWindow(d, sli, client, T0));
  let nowMs = T0;
  for (const s of steps) {
    if (s.kind === 'apply') {
      const minuteMs = nowMs - (nowMs % MINUTE_MS) + s.minuteOffset * MINUTE_MS;
      const data = () => ({
        minuteMs,
        good: sli.kind === 'ratio' ? s.good : 0,
        total: sli.kind === 'ratio' ? s.good + s.bad : 0,
        sketch: sli.kind === 'ratio' ? null : sketchOf(s.values),
      });
      pool.apply(data());
      for (const w of own) w.apply(data());
      continue;
    }
    nowMs += s.stepMs;
    pool.advance(nowMs);
    for (const w of own) w.advance(nowMs);
    if (s.kind === 'observe') {
      defs.forEach((_, i) => {
        expect(pooled[i]!.observe(nowMs)).toEqual(own[i]!.observe(nowMs));
        expect(pooled[i]!.version).toBe(own[i]!.version);
      });
    }
  }
}

describe('a window pool', () => {
  it('gives threshold windows on a distribution SLI the observations of their own windows', () => {
    const defs = fc.array(thresholdDef(fc.constantFrom<Statistic>('p95', 'p99', 'max')), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(defs, fc.array(step, { maxLength: 80 }), (ds, steps) =>
        run(build.aLatencySli(), ds, steps),
      ),
      { numRuns: 1500 },
    );
  });

  it('gives threshold and budget windows on a ratio SLI the observations of their own windows', () => {
    const defs = fc.array(fc.oneof(thresholdDef(fc.constant('good-ratio')), budgetDef(false)), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(defs, fc.array(step, { maxLength: 80 }), (ds, steps) =>
        run(build.aRatioSli(), ds, steps),
      ),
      { numRuns: 1000 },
    );
  });

  it('gives budget windows on a distribution SLI the observations of their own windows', () => {
    fc.assert(
      fc.property(
        fc.array(budgetDef(true), { minLength: 1, maxLength: 4 }),
        fc.array(step, { maxLength: 60 }),
        (ds, steps) => run(build.aLatencySli(), ds, steps),
      ),
      { numRuns: 500 },
    );
  });

  it('hands out windows only before it is fed', () => {
    const pool = new WindowPool(build.aRatioSli(), T0);
    pool.advance(T0 + MINUTE_MS);
    expect(() => pool.windowFor(build.aBudgetObjective(), build.aClient())).toThrow(/before/);
  });
});
