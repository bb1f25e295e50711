// The backtest is only worth trusting if it decides what the server would have decided: one
// recording goes through the live use cases (ingest + evaluate on a fake clock, SQLite store) and
// through runBacktest, stepping the same instants, and the transitions must be identical.

import { afterEach, describe, expect, it } from 'vitest';
import type { Definitions } from '../domain/definitions.js';
import type { Transition } from '../domain/objective-state.js';
import { defaultBurnRates } from '../domain/evaluation/burn-rate-table.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  DAY_MS,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { parsePolicy, type BacktestPolicy } from './backtest-policy.js';
import { RecordedSamples } from './recorded-samples.js';
import { runBacktest } from './run-backtest.js';

const START_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
const SAMPLE_EVERY_MS = 10_000;

function definitions(): Definitions {
  return someDefinitions({
    slas: [
      anSla([
        aThresholdObjective(),
        aThresholdObjective({
          localId: 'success-now',
          name: 'success ratio over 10 min',
          sliId: 'requests',
          statistic: 'good-ratio',
          comparator: '>=',
          threshold: 0.99,
          measurementWindowMs: 10 * MINUTE_MS,
          earlyWarning: { fractionOfThreshold: { enterRatio: 0.7, hysteresisRatio: 0.05 } },
        }),
        aBudgetObjective({
          period: { kind: 'rolling', durationMs: DAY_MS },
          earlyWarning: { burnRates: defaultBurnRates(DAY_MS) },
        }),
      ]),
    ],
  });
}

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

/** Six hours with a ramp, flapping, a step, an error burst and a slow burn. */
function recording(minutes: number): Array<Record<string, unknown>> {
  const rnd = random(42);
  const latencyAt = (m: number) =>
    m >= 60 && m < 100
      ? 300 + 15 * (m - 60)
      : m >= 200 && m < 230
        ? Math.floor(m / 3) % 2 === 0
          ? 500
          : 850
        : m >= 300 && m < 320
          ? 1000
          : 300;
  const badShareAt = (m: number) =>
    m >= 150 && m < 170 ? 0.2 : m >= 240 && m < 330 ? 0.012 : 0.0005;
  const items: Array<Record<string, unknown>> = [];
  for (let t = 5_000; t < minutes * MINUTE_MS; t += SAMPLE_EVERY_MS) {
    const m = t / MINUTE_MS;
    const ts = START_MS + t;
    items.push({
      sli: 'latency',
      ts,
      value: Math.round(latencyAt(m) * (0.8 + 0.3 * rnd())),
      count: 3,
    });
    const total = 90 + Math.floor(20 * rnd());
    const bad = Math.min(total, Math.round(total * badShareAt(m) * (0.5 + rnd())));
    items.push({ sli: 'requests', ts, good: total - bad, total });
  }
  return items;
}

function backtest(
  defs: Definitions,
  items: Array<Record<string, unknown>>,
  stepMs: number,
  policy: BacktestPolicy,
) {
  const recorded = new RecordedSamples(defs.slis);
  items.forEach((item, i) => recorded.addItem(item, { source: 'memory', line: i + 1 }));
  expect(recorded.problems).toEqual([]);
  return runBacktest({ definitions: defs, samples: recorded.bySli, policies: [policy], stepMs });
}

async function live(
  defs: Definitions,
  items: Array<Record<string, unknown>>,
  fromMs: number,
  toMs: number,
  stepMs: number,
): Promise<Transition[]> {
  harness = await startHarness(defs, { startMs: fromMs });
  let next = 0;
  for (let t = fromMs; t <= toMs; t += stepMs) {
    harness.clock.set(t);
    const batch: unknown[] = [];
    while (next < items.length && (items[next]?.ts as number) <= t) batch.push(items[next++]);
    if (batch.length > 0) await harness.push(batch);
    await harness.tick();
  }
  return harness.transitions;
}

const byTime = (a: Transition, b: Transition) =>
  a.atMs - b.atMs || a.objectiveKey.localeCompare(b.objectiveKey);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the backtest and the live server', () => {
  const own = parsePolicy('own');
  if (!own.ok) throw new Error(own.message);

  it('give identical transitions for six hours of samples stepped every minute', async () => {
    const defs = definitions();
    const items = recording(360);
    const result = backtest(defs, items, 60_000, own.policy);
    const fromBacktest = result.runs.flatMap((r) => r.transitions).sort(byTime);
    const fromServer = [...(await live(defs, items, result.fromMs, result.toMs, 60_000))].sort(
      byTime,
    );

    // The recording is made to move every objective through its states more than once.
    expect(fromServer.length).toBeGreaterThan(10);
    for (const key of defs.slas[0]!.objectives.map((o) => o.key)) {
      expect(fromServer.some((t) => t.objectiveKey === key && t.to === 'breach')).toBe(true);
    }
    expect(fromBacktest).toEqual(fromServer);
  }, 60_000);

  it('give identical transitions when the clock steps every 15 seconds, across minute boundaries', async () => {
    const defs = definitions();
    const items = recording(120);
    const result = backtest(defs, items, 15_000, own.policy);
    const fromBacktest = result.runs.flatMap((r) => r.transitions).sort(byTime);
    const fromServer = [...(await live(defs, items, result.fromMs, result.toMs, 15_000))].sort(
      byTime,
    );

    expect(fromServer.length).toBeGreaterThan(2);
    expect(fromBacktest).toEqual(fromServer);
  }, 60_000);
});
