import { describe, expect, it } from 'vitest';
import { budgetRemainingRatioOf, burnRateOf } from './burn-rate.js';

describe('burn rate', () => {
  it.each([
    {
      case: '100 % errors at 99.9 % burn 1000x',
      good: 0,
      total: 1000,
      objective: 0.999,
      rate: 1000,
    },
    { case: '0.1 % errors at 99.9 % burn 1x', good: 999, total: 1000, objective: 0.999, rate: 1 },
    {
      case: '1.44 % errors at 99.9 % burn 14.4x',
      good: 9856,
      total: 10000,
      objective: 0.999,
      rate: 14.4,
    },
    { case: '0.6 % errors at 99.9 % burn 6x', good: 994, total: 1000, objective: 0.999, rate: 6 },
    { case: '1 % errors at 99 % burn 1x', good: 99, total: 100, objective: 0.99, rate: 1 },
    { case: 'no errors burn nothing', good: 500, total: 500, objective: 0.999, rate: 0 },
    { case: 'no events burn nothing', good: 0, total: 0, objective: 0.999, rate: 0 },
    {
      case: 'any error against a 100 % objective burns without bound',
      good: 9,
      total: 10,
      objective: 1,
      rate: Infinity,
    },
  ])('$case', ({ good, total, objective, rate }) => {
    expect(burnRateOf(good, total, objective)).toBe(rate);
  });

  it('reaches 14.4x, the Workbook 1-hour page rate, at 1.44 % errors over the hour at 99.9 %', () => {
    expect(burnRateOf(10_000 - 144, 10_000, 0.999)).toBe(14.4);
    expect(burnRateOf(10_000 - 143, 10_000, 0.999)).toBeLessThan(14.4);
    expect(burnRateOf(10_000 - 145, 10_000, 0.999)).toBeGreaterThan(14.4);
  });
});

describe('budget remaining', () => {
  it.each([
    { case: 'is whole with no errors', good: 1000, total: 1000, remaining: 1 },
    { case: 'is whole with no events', good: 0, total: 0, remaining: 1 },
    { case: 'is half after half the allowed errors', good: 19990, total: 20000, remaining: 0.5 },
    { case: 'is zero at exactly the objective', good: 999, total: 1000, remaining: 0 },
    { case: 'goes negative when overspent', good: 997, total: 1000, remaining: -2 },
  ])('$case', ({ good, total, remaining }) => {
    expect(budgetRemainingRatioOf(good, total, 0.999)).toBe(remaining);
  });
});
