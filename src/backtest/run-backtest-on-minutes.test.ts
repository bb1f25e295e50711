import { describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import type { Definitions } from '../domain/definitions.js';
import type { MinuteData } from '../domain/windows/minute-data.js';
import { aggregateMinutes } from './aggregate-minutes.js';
import { parsePolicy, type BacktestPolicy } from './backtest-policy.js';
import { RecordedSamples } from './recorded-samples.js';
import { runBacktest } from './run-backtest.js';
import {
  backtestMinutesInSlices,
  runBacktestOnMinutes,
  type MinuteBacktestObjective,
} from './run-backtest-on-minutes.js';

const START_MS = Date.UTC(2026, 10, 2, 9, 0, 0);

function policies(...names: string[]): BacktestPolicy[] {
  return names.map((n) => {
    const parsed = parsePolicy(n);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.policy;
  });
}

/** Three hours, a sample every 10 s at 5 s past: a latency ramp and step, an error burst. */
function recording(): Array<Record<string, unknown>> {
  const items: Array<Record<string, unknown>> = [];
  for (let t = 5_000; t < 180 * MINUTE_MS; t += 10_000) {
    const m = t / MINUTE_MS;
    const latency = m >= 30 && m < 60 ? 300 + 20 * (m - 30) : m >= 100 && m < 115 ? 1200 : 300;
    items.push({ sli: 'latency', ts: START_MS + t, value: latency, count: 2 });
    const bad = m >= 130 && m < 140 ? 30 : 0;
    items.push({ sli: 'requests', ts: START_MS + t, good: 100 - bad, total: 100 });
  }
  return items;
}

function recorded(defs: Definitions, items: Array<Record<string, unknown>>) {
  const r = new RecordedSamples(defs.slis);
  items.forEach((item, i) => r.addItem(item, { source: 'memory', line: i + 1 }));
  expect(r.problems).toEqual([]);
  return r.bySli;
}

function objectivesOf(defs: Definitions): MinuteBacktestObjective[] {
  return defs.slas.flatMap((sla) =>
    sla.objectives.map((def) => ({
      def,
      sli: defs.slis.find((s) => s.id === def.sliId)!,
      client: defs.clients[0]!,
    })),
  );
}

const defs = someDefinitions({
  slas: [
    anSla([
      aThresholdObjective(),
      aBudgetObjective({ period: { kind: 'rolling', durationMs: 86_400_000 } }),
    ]),
  ],
});

describe('backtesting per-minute data', () => {
  it('decides what the sample backtest decides when samples fall inside minutes and the step is a minute', () => {
    const samples = recorded(defs, recording());
    const chosen = policies('own', 'fraction:0.7', 'trend:15m', 'burn:workbook');
    const fromSamples = runBacktest({
      definitions: defs,
      samples,
      policies: chosen,
      stepMs: 60_000,
    });
    const fromMinutes = runBacktestOnMinutes({
      objectives: objectivesOf(defs),
      minutesOf: (sliId) => {
        const c = samples.get(sliId);
        return c === undefined ? [] : aggregateMinutes(c, 0, c.length);
      },
      policies: chosen,
      fromMs: fromSamples.fromMs,
      toMs: fromSamples.toMs,
      stepMs: 60_000,
    });

    const key = (r: { objectiveKey: string; policy: string }) => `${r.objectiveKey} ${r.policy}`;
    const sorted = <T extends { objectiveKey: string; policy: string }>(runs: T[]) =>
      [...runs].sort((a, b) => key(a).localeCompare(key(b)));
    expect(fromSamples.runs.flatMap((r) => r.transitions).length).toBeGreaterThan(8);
    expect(sorted(fromMinutes.runs)).toEqual(sorted(fromSamples.runs));
    expect(fromMinutes).toMatchObject({
      fromMs: fromSamples.fromMs,
      toMs: fromSamples.toMs,
      ticks: fromSamples.ticks,
    });
  });

  it('sees a minute only once it is over, however fine the step', () => {
    const samples = recorded(defs, [
      { sli: 'latency', ts: START_MS + 10 * MINUTE_MS + 5_000, value: 5000 },
    ]);
    const c = samples.get('latency')!;
    const slowMinute = aggregateMinutes(c, 0, c.length);
    const result = runBacktestOnMinutes({
      objectives: objectivesOf(defs).filter((o) => o.def.localId === 'latency'),
      minutesOf: () => slowMinute,
      policies: policies('own'),
      fromMs: START_MS,
      toMs: START_MS + 15 * MINUTE_MS,
      stepMs: 15_000,
    });
    const breach = result.runs[0]!.transitions.find((t) => t.to === 'breach');
    expect(breach?.atMs).toBe(START_MS + 11 * MINUTE_MS);
  });

  it('fills the windows with the minutes before the range without deciding on them', () => {
    const early: MinuteData = {
      minuteMs: START_MS - 60 * MINUTE_MS,
      good: 10,
      total: 1000,
      sketch: null,
    };
    const result = runBacktestOnMinutes({
      objectives: objectivesOf(defs).filter((o) => o.def.kind === 'budget'),
      minutesOf: () => [early],
      policies: policies('own'),
      fromMs: START_MS,
      toMs: START_MS + 5 * MINUTE_MS,
      stepMs: 60_000,
    });
    // The day's budget is already spent when the range begins: a breach at the first step.
    expect(result.runs[0]!.transitions.map((t) => [t.atMs, t.to])).toEqual([[START_MS, 'breach']]);
  });

  it('pauses between slices and gives the same answer as one run', () => {
    const samples = recorded(defs, recording());
    const input = {
      objectives: objectivesOf(defs),
      minutesOf: (sliId: string) => {
        const c = samples.get(sliId);
        return c === undefined ? [] : aggregateMinutes(c, 0, c.length);
      },
      policies: policies('own', 'fraction:0.7'),
      fromMs: START_MS,
      toMs: START_MS + 180 * MINUTE_MS,
      stepMs: 60_000,
    };
    const replay = backtestMinutesInSlices(input, 100);
    let pauses = 0;
    let step = replay.next();
    while (step.done !== true) {
      pauses++;
      step = replay.next();
    }
    // 181 steps; 100 lane-steps a slice: 2 lanes on latency (3 pauses), 1 on requests (1 pause).
    expect(pauses).toBe(4);
    expect(step.value).toEqual(runBacktestOnMinutes(input));
  });

  it('marks a policy with no part for the objective as not applicable', () => {
    const result = runBacktestOnMinutes({
      objectives: objectivesOf(defs),
      minutesOf: () => [],
      policies: policies('burn:workbook'),
      fromMs: START_MS,
      toMs: START_MS + MINUTE_MS,
      stepMs: 60_000,
    });
    expect(result.runs.map((r) => [r.objectiveKey, r.applicable])).toEqual([
      ['acme-submissions/latency', false],
      ['acme-submissions/availability', true],
    ]);
  });
});
