import { describe, expect, it } from 'vitest';
import { exactDecimal, formatMoney, shareOfFee, toMinorUnits } from './money.js';

describe('toMinorUnits', () => {
  it.each([
    [2000, 200_000],
    [0, 0],
    [19.99, 1999],
    // Half up on the exact decimal, not on the binary double: 1.005 * 100 is 100.49999999999999.
    [1.005, 101],
    [19.995, 2000],
    [0.004, 0],
    [0.005, 1],
    [1e21, 1e23],
  ])('turns %s major units into %s cents', (amount, minor) => {
    expect(toMinorUnits(amount)).toBe(minor);
  });
});

describe('exactDecimal', () => {
  it('reads numbers as they are written, exponent forms included', () => {
    expect(exactDecimal(33.3)).toEqual({ numerator: 333n, denominator: 10n });
    expect(exactDecimal(1e-7)).toEqual({ numerator: 1n, denominator: 10_000_000n });
    expect(exactDecimal(25)).toEqual({ numerator: 25n, denominator: 1n });
  });
});

describe('shareOfFee', () => {
  it.each([
    // fee (cents), percent, share, expected cents
    [200_000, 10, 1, 1, 20_000],
    [3333, 10, 1, 1, 333], // 333.3 rounds down
    [1010, 25, 1, 1, 253], // 252.5 rounds half up
    [1030, 25, 1, 1, 258], // 257.5 rounds half up
    [10_000, 100, 1, 3, 3333], // a third of EUR 100.00
    [10_000, 100, 2, 3, 6667],
    [99, 33.3, 1, 1, 33], // 32.967
    [200_000, 10, 1_296_000_000, 2_592_000_000, 10_000], // half a 30-day month, in ms
  ])('%s cents × %s %% × %s/%s = %s cents', (fee, percent, num, den, expected) => {
    expect(shareOfFee(fee, percent, num, den)).toBe(expected);
  });
});

describe('formatMoney', () => {
  it.each([
    [200_000, 'EUR 2,000.00'],
    [5, 'EUR 0.05'],
    [123_456_789, 'EUR 1,234,567.89'],
    [0, 'EUR 0.00'],
  ])('writes %s cents as %s', (minor, text) => {
    expect(formatMoney(minor, 'EUR')).toBe(text);
  });
});
