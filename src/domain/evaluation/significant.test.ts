import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSignificant } from './significant.js';

/** The string round trip toSignificant replaces, as it was written before. */
const viaString = (x: number, digits = 12) =>
  !Number.isFinite(x) || x === 0 ? x : Number(x.toPrecision(digits));

describe('toSignificant', () => {
  it.each([
    { case: 'drops float noise from a burn rate', x: 0.0144 / 0.001, expected: 14.4 },
    { case: 'drops float noise below one', x: 0.9999999999999991, expected: 1 },
    { case: 'keeps whole numbers', x: 1000, expected: 1000 },
    { case: 'keeps negative values negative', x: -2.0000000000000004, expected: -2 },
    { case: 'keeps twelve significant digits', x: 123.4567890125678, expected: 123.456789013 },
    { case: 'keeps infinity', x: Infinity, expected: Infinity },
    { case: 'keeps zero', x: 0, expected: 0 },
  ])('$case', ({ x, expected }) => {
    expect(toSignificant(x)).toBe(expected);
  });

  it('keeps NaN', () => {
    expect(toSignificant(Number.NaN)).toBeNaN();
  });

  it('equals the decimal string round trip for any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.integer({ min: 1, max: 17 }), (x, digits) => {
        expect(toSignificant(x, digits)).toBe(viaString(x, digits));
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals the decimal string round trip for ratios of whole counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(0.999, 0.99, 0.9995, 0.9999, 0.95),
        (bad, total, objective) => {
          const rate = bad / total / (1 - objective);
          expect(toSignificant(rate)).toBe(viaString(rate));
          expect(toSignificant(1 - rate)).toBe(viaString(1 - rate));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('equals the decimal string round trip next to midpoints and powers of ten', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000_000_000, max: 999_999_999_999 }),
        fc.integer({ min: -20, max: 20 }),
        fc.constantFrom(0.5, 0.4999999, 0.5000001, 0.9999999, 0),
        (mantissa, exponent, fraction) => {
          const x = (mantissa + fraction) * 10 ** exponent;
          expect(toSignificant(x)).toBe(viaString(x));
          expect(toSignificant(-x)).toBe(viaString(-x));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
