import { describe, expect, it } from 'vitest';
import type { Comparator } from '../definitions.js';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  MINUTE_MS,
} from '../../../test/support/builders.js';
import { breaks, detectBudgetExhausted, detectThresholdCrossed } from './detect-breach.js';

const measured = (value: number | undefined): ThresholdObservation => ({
  kind: 'threshold',
  value,
  series: [],
});

const period = (good: number, total: number): BudgetObservation => ({
  kind: 'budget',
  windows: [],
  period: { good, total, startMs: 0, endMs: 30 * 24 * 60 * MINUTE_MS },
});

describe('whether a value breaks its threshold', () => {
  it.each<{ comparator: Comparator; value: number; broken: boolean }>([
    { comparator: '<=', value: 800, broken: false },
    { comparator: '<=', value: 800.5, broken: true },
    { comparator: '<', value: 799, broken: false },
    { comparator: '<', value: 800, broken: true },
    { comparator: '>=', value: 800, broken: false },
    { comparator: '>=', value: 799, broken: true },
    { comparator: '>', value: 801, broken: false },
    { comparator: '>', value: 800, broken: true },
  ])('$value against $comparator 800 is broken: $broken', ({ comparator, value, broken }) => {
    expect(breaks(comparator, value, 800)).toBe(broken);
  });
});

describe('threshold crossing', () => {
  it('reports a p95 of 850 ms over a 800 ms threshold with its numbers', () => {
    expect(detectThresholdCrossed(aThresholdObjective(), measured(850))).toEqual({
      kind: 'threshold-crossed',
      observed: 850,
      threshold: 800,
      comparator: '<=',
      measurementWindowMs: 5 * MINUTE_MS,
    });
  });

  it('does not report a value at the threshold, nor a window without data', () => {
    expect(detectThresholdCrossed(aThresholdObjective(), measured(800))).toBeUndefined();
    expect(detectThresholdCrossed(aThresholdObjective(), measured(undefined))).toBeUndefined();
  });

  it('reports a good ratio below a ">= 0.99" objective', () => {
    const def = aThresholdObjective({ statistic: 'good-ratio', comparator: '>=', threshold: 0.99 });
    expect(detectThresholdCrossed(def, measured(0.985))).toMatchObject({ observed: 0.985 });
    expect(detectThresholdCrossed(def, measured(0.99))).toBeUndefined();
  });
});

describe('budget exhaustion', () => {
  it('reports attainment below the objective with an overspent budget', () => {
    expect(detectBudgetExhausted(aBudgetObjective(), period(9970, 10000))).toEqual({
      kind: 'budget-exhausted',
      attainmentRatio: 0.997,
      objectiveRatio: 0.999,
      budgetRemainingRatio: -2,
    });
  });

  it.each([
    { case: 'attainment exactly at the objective', good: 999, total: 1000 },
    { case: 'attainment above the objective', good: 9995, total: 10000 },
    { case: 'a period without events', good: 0, total: 0 },
  ])('does not report $case', ({ good, total }) => {
    expect(detectBudgetExhausted(aBudgetObjective(), period(good, total))).toBeUndefined();
  });
});
