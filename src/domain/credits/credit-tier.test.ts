import { describe, expect, it } from 'vitest';
import { shownPercent, tierFor } from './credit-tier.js';
import { CLOUD_TIERS } from './test-support/credit-data.js';

describe('tierFor', () => {
  it.each([
    [100, 0],
    [99.95, 0],
    [99.9, 0],
    [99.899, 10],
    [99.5, 10],
    [99, 10],
    [98.999, 25],
    [97, 25],
    [95, 25],
    [94.999, 100],
    [50, 100],
    [0, 100],
  ])('at %s %% attainment earns %s %% with the public-cloud tiers', (attainment, credit) => {
    expect(tierFor(attainment, CLOUD_TIERS)?.creditPercent ?? 0).toBe(credit);
  });

  it('picks the worst tier whatever order the tiers come in', () => {
    expect(tierFor(90, [...CLOUD_TIERS].reverse())).toEqual({
      belowPercent: 95,
      creditPercent: 100,
    });
  });

  it('gives no tier when the contract has none', () => {
    expect(tierFor(10, [])).toBeNull();
  });
});

describe('shownPercent', () => {
  it.each([
    [99.9, 99.9],
    [99.89999999999999, 99.9],
    [99.8995, 99.9],
    [99.89949, 99.899],
    [99.51157407407408, 99.512],
    [100, 100],
    [0, 0],
  ])('shows %s as %s (3 decimals, half up)', (raw, shown) => {
    expect(shownPercent(raw)).toBe(shown);
  });
});
