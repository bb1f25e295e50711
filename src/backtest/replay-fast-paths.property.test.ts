// The replay's fast paths (windows shared among objectives of the same shape, ...) must decide
// exactly what the plain replay decides: every lane its own window, observed and evaluated at
// every step, as the server's tick does. Random fleets, recordings, steps and policies.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aClient,
  anSla,
  aThresholdObjective,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import type { Definitions, ObjectiveDef } from '../domain/definitions.js';
import { defaultBurnRates } from '../domain/evaluation/burn-rate-table.js';
import { aggregateMinutes } from './aggregate-minutes.js';
import { parsePolicy, type BacktestPolicy } from './backtest-policy.js';
import { runBacktest } from './run-backtest.js';
import { runBacktestOnMinutes } from './run-backtest-on-minutes.js';
import { SampleColumns } from './sample-columns.js';

const START_MS = Date.UTC(2026, 2, 31, 20, 0, 0);

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const budgetOnRequests = fc
  .record({
    objectiveRatio: fc.constantFrom(0.99, 0.995, 0.999, 0.9995),
    period: fc.constantFrom(
      { kind: 'rolling' as const, durationMs: DAY_MS },
      { kind: 'rolling' as const, durationMs: 6 * HOUR_MS },
      { kind: 'calendar-month' as const },
    ),
    burnRatesForMs: fc.constantFrom(6 * HOUR_MS, DAY_MS),
    slices: fc.constantFrom(undefined, 0.95, 0.98),
  })
  .map(
    ({ objectiveRatio, period, burnRatesForMs, slices }) =>
      (localId: string) =>
        aBudgetObjective({
          localId,
          key: `acme-submissions/${localId}`,
          objectiveRatio,
          period,
          earlyWarning: { burnRates: defaultBurnRates(burnRatesForMs) },
          clearAfterMs: 3 * MINUTE_MS,
          ...(slices === undefined
            ? {}
            : {
                timeSlice: {
                  sliceMs: MINUTE_MS,
                  statistic: 'good-ratio' as const,
                  comparator: '>=' as const,
                  threshold: slices,
                },
              }),
        }),
  );

const budgetOnLatency = fc
  .record({
    objectiveRatio: fc.constantFrom(0.9, 0.99),
    goodWhenMs: fc.constantFrom(500, 800),
  })
  .map(
    ({ objectiveRatio, goodWhenMs }) =>
      (localId: string) =>
        aBudgetObjective({
          localId,
          key: `acme-submissions/${localId}`,
          sliId: 'latency',
          objectiveRatio,
          period: { kind: 'rolling', durationMs: DAY_MS },
          goodWhen: { comparator: '<=', threshold: goodWhenMs },
          earlyWarning: { burnRates: defaultBurnRates(DAY_MS) },
        }),
  );

const thresholdOnLatency = fc
  .record({
    statistic: fc.constantFrom('p95' as const, 'p99' as const, 'max' as const),
    threshold: fc.constantFrom(500, 800, 1000),
    measurementWindowMs: fc.constantFrom(MINUTE_MS, 5 * MINUTE_MS),
    lookbackMs: fc.constantFrom(0, 5 * MINUTE_MS, 10 * MINUTE_MS),
  })
  .map(
    ({ statistic, threshold, measurementWindowMs, lookbackMs }) =>
      (localId: string) =>
        aThresholdObjective({
          localId,
          key: `acme-submissions/${localId}`,
          statistic,
          threshold,
          measurementWindowMs,
          earlyWarning: {
            fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 },
            ...(lookbackMs === 0
              ? {}
              : { trendProjection: { horizonMs: 20 * MINUTE_MS, lookbackMs } }),
          },
          recoveryPeriodMs: 4 * MINUTE_MS,
        }),
  );

const thresholdOnRequests = fc.constantFrom(5 * MINUTE_MS, 10 * MINUTE_MS).map(
  (measurementWindowMs) => (localId: string) =>
    aThresholdObjective({
      localId,
      key: `acme-submissions/${localId}`,
      sliId: 'requests',
      statistic: 'good-ratio',
      comparator: '>=',
      threshold: 0.99,
      measurementWindowMs,
      earlyWarning: { fractionOfThreshold: { enterRatio: 0.7, hysteresisRatio: 0.05 } },
    }),
);

/** One or two SLAs on the same two SLIs, each for its own client (time zones may differ). */
const fleet = fc
  .array(
    fc.record({
      objectives: fc.array(
        fc.oneof(budgetOnRequests, budgetOnLatency, thresholdOnLatency, thresholdOnRequests),
        { minLength: 1, maxLength: 6 },
      ),
      timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata'),
    }),
    { minLength: 1, maxLength: 2 },
  )
  .map((slas): Definitions =>
    someDefinitions({
      clients: slas.map(({ timeZone }, s) => aClient({ id: `client${s}`, timeZone })),
      slas: slas.map(({ objectives }, s) =>
        anSla(
          objectives.map((make, i): ObjectiveDef => ({
            ...make(`o${i}`),
            slaId: `sla${s}`,
            key: `sla${s}/o${i}`,
          })),
          { id: `sla${s}`, clientId: `client${s}` },
        ),
      ),
    }),
  );

/** Minutes of samples, every `everyMs`, with latency and error regimes that change at random. */
const recording = fc
  .record({
    seed: fc.integer(),
    minutes: fc.integer({ min: 30, max: 400 }),
    everyMs: fc.constantFrom(10_000, 30_000, 60_000),
    offsetMs: fc.integer({ min: 0, max: 9_999 }),
  })
  .map(({ seed, minutes, everyMs, offsetMs }) => {
    const rnd = random(seed);
    const requests = new SampleColumns('ratio');
    const latency = new SampleColumns('distribution');
    let latencyMs = 300;
    let badShare = 0.001;
    for (let t = offsetMs; t < minutes * MINUTE_MS; t += everyMs) {
      if (rnd() < everyMs / (20 * MINUTE_MS)) {
        latencyMs = [200, 300, 450, 700, 900, 1300][Math.floor(rnd() * 6)] as number;
        badShare = [0, 0.001, 0.01, 0.05, 0.3][Math.floor(rnd() * 5)] as number;
      }
      latencyMs = Math.max(50, latencyMs * (0.97 + 0.07 * rnd()));
      const total = 50 + Math.floor(100 * rnd());
      const bad = Math.min(total, Math.round(total * badShare * 2 * rnd()));
      requests.push(START_MS + t, total - bad, total);
      latency.push(START_MS + t, Math.round(latencyMs * (0.8 + 0.4 * rnd())), 1 + (t % 3));
    }
    return new Map([
      ['requests', requests],
      ['latency', latency],
    ]);
  });

const POLICIES = ['own', 'fraction:0.7', 'trend:15m', 'burn:workbook', 'fraction:0.85+trend:10m'];
const policies = fc.subarray(POLICIES, { minLength: 1 }).map((names) =>
  names.map((n): BacktestPolicy => {
    const parsed = parsePolicy(n);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.policy;
  }),
);
const stepMs = fc.constantFrom(15_000, 60_000, 5 * MINUTE_MS);

describe('the replay with its fast paths', () => {
  it('gives the transitions and traces of the plain replay, lane for lane', () => {
    let transitions = 0;
    fc.assert(
      fc.property(fleet, recording, policies, stepMs, (definitions, samples, chosen, step) => {
        const input = { definitions, samples, policies: chosen, stepMs: step, tracePoints: 50 };
        const fast = runBacktest(input);
        const plain = runBacktest({ ...input, fastPaths: false });
        expect(fast).toEqual(plain);
        transitions += plain.runs.reduce((n, r) => n + r.transitions.length, 0);
      }),
      { numRuns: 60 },
    );
    // The recordings move objectives through their states, so the comparison is not vacuous.
    expect(transitions).toBeGreaterThan(200);
  });

  it('gives the transitions of the plain replay on per-minute data too', () => {
    fc.assert(
      fc.property(fleet, recording, policies, (definitions, samples, chosen) => {
        const input = {
          objectives: definitions.slas.flatMap((sla) =>
            sla.objectives.map((def) => ({
              def,
              sli: definitions.slis.find((s) => s.id === def.sliId)!,
              client: definitions.clients.find((c) => c.id === sla.clientId)!,
            })),
          ),
          minutesOf: (sliId: string) => {
            const c = samples.get(sliId);
            return c === undefined ? [] : aggregateMinutes(c, 0, c.length);
          },
          policies: chosen,
          fromMs: START_MS,
          toMs: START_MS + 6 * HOUR_MS,
          stepMs: MINUTE_MS,
        };
        expect(runBacktestOnMinutes(input)).toEqual(
          runBacktestOnMinutes({ ...input, fastPaths: false }),
        );
      }),
      { numRuns: 30 },
    );
  });
});
