import { describe, expect, it } from 'vitest';
import type { BurnRateRule } from '../definitions.js';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { detectBurnRate, detectFractionOfThreshold } from './detect-early-warning.js';

/** Error shares per window, 10 000 events each; the period is clean unless given. */
function budget(errorShares: Record<number, number>, periodBad = 0): BudgetObservation {
  const total = 10_000;
  return {
    kind: 'budget',
    windows: Object.entries(errorShares).map(([windowMs, share]) => ({
      windowMs: Number(windowMs),
      good: total - Math.round(share * total),
      total,
    })),
    period: { good: 1_000_000 - periodBad, total: 1_000_000, startMs: 0, endMs: 30 * DAY_MS },
  };
}

const measured = (value: number | undefined): ThresholdObservation => ({
  kind: 'threshold',
  value,
  series: [],
});

describe('burn-rate early warning (99.9 %, Workbook rules for 30 days)', () => {
  const def = aBudgetObjective();
  const H1 = HOUR_MS;
  const M5 = 5 * MINUTE_MS;
  const H6 = 6 * HOUR_MS;
  const M30 = 30 * MINUTE_MS;
  const D3 = 3 * DAY_MS;

  it('fires the 14.4x page rule when both the hour and the 5 minutes hold more than 1.44 % errors', () => {
    expect(detectBurnRate(def, budget({ [H1]: 0.0145, [M5]: 0.05 }, 200))).toEqual({
      kind: 'burn-rate',
      severity: 'page',
      longWindowMs: H1,
      shortWindowMs: M5,
      longBurnRate: 14.5,
      shortBurnRate: 50,
      thresholdBurnRate: 14.4,
      budgetRemainingRatio: 0.8,
    });
  });

  it.each<{ case: string; shares: Record<number, number> }>([
    { case: 'the hour burns exactly 14.4x (1.44 % errors)', shares: { [H1]: 0.0144, [M5]: 0.05 } },
    {
      case: 'every window burns exactly 1x, on track to meet the objective',
      shares: { [H1]: 0.001, [M5]: 0.001, [H6]: 0.001, [M30]: 0.001, [D3]: 0.001 },
    },
    { case: 'the 5 minutes have calmed down', shares: { [H1]: 0.05, [M5]: 0.001 } },
    { case: 'a window the rule needs is missing', shares: { [H1]: 0.05 } },
    { case: 'the windows hold no events', shares: {} },
  ])('does not fire when $case', ({ shares }) => {
    expect(detectBurnRate(def, budget(shares))).toBeUndefined();
  });

  it('prefers the 14.4x page over the 6x page when both fire', () => {
    const r = detectBurnRate(def, budget({ [H1]: 0.02, [M5]: 0.02, [H6]: 0.01, [M30]: 0.01 }));
    expect(r).toMatchObject({ severity: 'page', thresholdBurnRate: 14.4 });
  });

  it('prefers a page over a ticket, even one listed first with a higher rate', () => {
    const rules: BurnRateRule[] = [
      { severity: 'ticket', longWindowMs: D3, shortWindowMs: H6, burnRate: 20 },
      { severity: 'page', longWindowMs: H1, shortWindowMs: M5, burnRate: 14.4 },
    ];
    const custom = aBudgetObjective({ earlyWarning: { burnRates: rules } });
    const r = detectBurnRate(custom, budget({ [D3]: 0.03, [H6]: 0.03, [H1]: 0.03, [M5]: 0.03 }));
    expect(r).toMatchObject({ severity: 'page', thresholdBurnRate: 14.4 });
  });

  it('fires the 1x ticket on a slow burn the pages miss', () => {
    const r = detectBurnRate(
      def,
      budget({ [H1]: 0.002, [M5]: 0.002, [H6]: 0.0015, [M30]: 0.002, [D3]: 0.0012 }),
    );
    expect(r).toMatchObject({ severity: 'ticket', longBurnRate: 1.2, shortBurnRate: 1.5 });
  });

  it('never fires for an objective without burn-rate rules', () => {
    const none = aBudgetObjective({ earlyWarning: {} });
    expect(detectBurnRate(none, budget({ [H1]: 1, [M5]: 1 }))).toBeUndefined();
  });
});

describe('fraction-of-threshold early warning on "p95 <= 800 ms" (enter 80 %, leave below 75 %)', () => {
  const def = aThresholdObjective({
    earlyWarning: { fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 } },
  });

  it.each([
    { value: 639, alreadyWarning: false, fires: false },
    { value: 640, alreadyWarning: false, fires: true },
    { value: 630, alreadyWarning: true, fires: true },
    { value: 600, alreadyWarning: true, fires: true },
    { value: 599, alreadyWarning: true, fires: false },
    { value: undefined, alreadyWarning: true, fires: false },
  ])('at $value ms, already warning: $alreadyWarning → fires: $fires', (c) => {
    expect(detectFractionOfThreshold(def, measured(c.value), c.alreadyWarning) !== undefined).toBe(
      c.fires,
    );
  });

  it('carries the observed value, the threshold, where warning starts and the share used', () => {
    expect(detectFractionOfThreshold(def, measured(680), false)).toEqual({
      kind: 'fraction-of-threshold',
      observed: 680,
      threshold: 800,
      enterAt: 640,
      fractionOfThreshold: 0.85,
    });
  });

  it('does not flap on a value oscillating between 76 % and 79 % once warning', () => {
    const values = [608, 632, 610, 631, 612, 629, 608, 632];
    const fired = values.map(
      (v) => detectFractionOfThreshold(def, measured(v), true) !== undefined,
    );
    expect(fired.every(Boolean)).toBe(true);
  });

  it('does not start warning on a value oscillating between 76 % and 79 %', () => {
    const values = [608, 632, 610, 631, 612, 629, 608, 632];
    expect(values.some((v) => detectFractionOfThreshold(def, measured(v), false))).toBe(false);
  });
});

describe('fraction-of-threshold early warning on lower bounds (measured on the room left)', () => {
  const policy = { fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 } };
  const goodRatio = aThresholdObjective({
    statistic: 'good-ratio',
    comparator: '>=',
    threshold: 0.99,
    earlyWarning: policy,
  });

  it.each([
    { value: 0.9999, alreadyWarning: false, fires: false },
    { value: 0.9925, alreadyWarning: false, fires: false },
    { value: 0.992, alreadyWarning: false, fires: true },
    { value: 0.9925, alreadyWarning: true, fires: true },
    { value: 0.9926, alreadyWarning: true, fires: false },
  ])(
    'good ratio >= 0.99: at $value (bad share against the 1 % allowed), warning: $alreadyWarning → $fires',
    (c) => {
      expect(
        detectFractionOfThreshold(goodRatio, measured(c.value), c.alreadyWarning) !== undefined,
      ).toBe(c.fires);
    },
  );

  it('reports 80 % of the allowed bad share used at a good ratio of 0.992, warning from 0.992', () => {
    expect(detectFractionOfThreshold(goodRatio, measured(0.992), false)).toEqual({
      kind: 'fraction-of-threshold',
      observed: 0.992,
      threshold: 0.99,
      enterAt: 0.992,
      fractionOfThreshold: 0.8,
    });
  });

  it('mirrors observed / threshold as threshold / observed for other lower bounds ("mean >= 100")', () => {
    const throughput = aThresholdObjective({
      statistic: 'mean',
      comparator: '>=',
      threshold: 100,
      earlyWarning: policy,
    });
    expect(detectFractionOfThreshold(throughput, measured(126), false)).toBeUndefined();
    expect(detectFractionOfThreshold(throughput, measured(125), false)).toMatchObject({
      enterAt: 125,
      fractionOfThreshold: 0.8,
    });
  });
});
