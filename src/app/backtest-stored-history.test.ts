import { afterEach, describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  DAY_MS,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import type { Definitions } from '../domain/definitions.js';
import type { Transition } from '../domain/objective-state.js';
import { backtestStoredHistory } from './backtest-stored-history.js';
import { AppError } from './errors.js';

const START_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOURS = 4;

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
        aBudgetObjective({ period: { kind: 'rolling', durationMs: DAY_MS }, earlyWarning: {} }),
      ]),
    ],
  });
}

/** Samples 5 s into each 10 s: a latency ramp, a step, flapping; an error burst and a slow burn. */
function samplesOfMinute(m: number): Array<Record<string, unknown>> {
  const latency =
    m >= 20 && m < 60
      ? 300 + 15 * (m - 20)
      : m >= 100 && m < 130
        ? Math.floor(m / 3) % 2 === 0
          ? 500
          : 850
        : m >= 170 && m < 190
          ? 1000
          : 300;
  const badShare = m >= 70 && m < 90 ? 0.2 : m >= 140 && m < 200 ? 0.012 : 0.0005;
  const items: Array<Record<string, unknown>> = [];
  for (let s = 5_000; s < MINUTE_MS; s += 10_000) {
    const ts = START_MS + m * MINUTE_MS + s;
    items.push({ sli: 'latency', ts, value: latency + (s % 7) * 10, count: 3 });
    const bad = Math.round(1000 * badShare);
    items.push({ sli: 'requests', ts, good: 1000 - bad, total: 1000 });
  }
  return items;
}

/** The live server: every minute, push the minute just over, then tick. */
async function runLive(h: Harness, minutes: number): Promise<void> {
  for (let m = 0; m <= minutes; m++) {
    h.clock.set(START_MS + m * MINUTE_MS);
    if (m > 0) await h.push(samplesOfMinute(m - 1));
    await h.tick();
  }
}

const byTime = (a: Transition, b: Transition) =>
  a.atMs - b.atMs || a.objectiveKey.localeCompare(b.objectiveKey);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('backtesting an SLA over its stored history', () => {
  it('gives, with the objectives own policies, the transitions the live evaluation recorded', async () => {
    h = await startHarness(definitions(), { startMs: START_MS });
    await runLive(h, HOURS * 60);
    const live = [...h.transitions].sort(byTime);

    const result = await backtestStoredHistory(h.ctx, {
      slaId: 'acme-submissions',
      days: 1,
      policies: ['fraction:0.7', 'burn:workbook'],
    });

    expect(live.length).toBeGreaterThan(8);
    for (const key of definitions().slas[0]!.objectives.map((o) => o.key)) {
      expect(
        live.some((t) => t.objectiveKey === key && t.to === 'breach'),
        key,
      ).toBe(true);
    }
    const own = result.objectives.filter((r) => r.policy === 'own');
    expect(own.flatMap((r) => r.transitions).sort(byTime)).toEqual(live);
    expect(result).toMatchObject({
      slaId: 'acme-submissions',
      from: START_MS + HOURS * 3_600_000 - DAY_MS,
      to: START_MS + HOURS * 3_600_000,
      days: 1,
      stepSeconds: 60,
    });
    for (const r of own) {
      expect(r.counts).toEqual({
        earlyWarnings: live.filter((t) => t.objectiveKey === r.key && t.to === 'early-warning')
          .length,
        breaches: live.filter((t) => t.objectiveKey === r.key && t.to === 'breach').length,
      });
    }
  }, 60_000);

  it('runs each requested policy beside the own one, and says where a policy does not apply', async () => {
    h = await startHarness(definitions(), { startMs: START_MS });
    await runLive(h, 90);
    const result = await backtestStoredHistory(h.ctx, {
      slaId: 'acme-submissions',
      days: 1,
      objective: 'latency',
      policies: ['fraction:0.5', 'burn:workbook', 'own', 'fraction:0.5'],
    });
    expect(result.objectives.map((r) => [r.key, r.policy, r.applicable])).toEqual([
      ['acme-submissions/latency', 'own', true],
      ['acme-submissions/latency', 'fraction:0.5', true],
      ['acme-submissions/latency', 'burn:workbook', false],
    ]);
    const [own, half] = result.objectives;
    // At half the threshold the ramp is warned about sooner than at the own 80 %.
    const firstWarning = (r: typeof own) => r!.transitions.find((t) => t.to === 'early-warning');
    expect(firstWarning(half)!.atMs).toBeLessThan(firstWarning(own)!.atMs);
  }, 60_000);

  it('scores each run against labelled degradations', async () => {
    h = await startHarness(definitions(), { startMs: START_MS });
    await runLive(h, 90);
    const result = await backtestStoredHistory(h.ctx, {
      slaId: 'acme-submissions',
      days: 1,
      objective: 'latency',
      labels: [
        {
          objective: 'latency',
          fromMs: START_MS + 40 * MINUTE_MS,
          toMs: START_MS + 60 * MINUTE_MS,
        },
      ],
    });
    expect(result.objectives[0]!.score).toMatchObject({
      degradations: 1,
      detected: 1,
      recall: 1,
      precision: 1,
    });
  }, 60_000);

  it('refuses an unknown SLA, and names every bad field with what was expected', async () => {
    h = await startHarness(definitions(), { startMs: START_MS });
    await expect(backtestStoredHistory(h.ctx, { slaId: 'nope' })).rejects.toMatchObject({
      code: 'E_SLA_NOT_FOUND',
    });
    const err = await backtestStoredHistory(h.ctx, {
      slaId: 'acme-submissions',
      days: 91,
      stepSeconds: 90,
      objective: 'speed',
      policies: ['fraction:0.8', 'fraction:2'],
      labels: [{ fromMs: 10, toMs: 5 }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('E_VALIDATION');
    expect((err as AppError).problems.map((p) => [p.field, p.value])).toEqual([
      ['days', 91],
      ['stepSeconds', 90],
      ['policies[1]', 'fraction:2'],
      ['objective', 'speed'],
      ['labels[0].to', 5],
    ]);
    expect((err as AppError).problems[2]!.expected).toContain('burn:workbook');
  });

  it('refuses more than eight policies', async () => {
    h = await startHarness(definitions(), { startMs: START_MS });
    const err = await backtestStoredHistory(h.ctx, {
      slaId: 'acme-submissions',
      policies: Array.from({ length: 9 }, (_, i) => `fraction:0.${i + 1}`),
    }).catch((e: unknown) => e);
    expect((err as AppError).problems[0]).toMatchObject({ field: 'policies' });
  });
});
