import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../windows/minute-data.js';
import { creditTermsFrom, validateCreditTerms } from './credit-terms.js';
import { at, creditTerms } from './test-support/credit-data.js';

describe('creditTermsFrom', () => {
  it('reads tiers, maintenance windows, fee, measurement and contract span from the contract', () => {
    const terms = creditTermsFrom({
      creditTiers: [{ belowPercent: 99.9, creditPercent: 10 }],
      exclusions: [
        { name: 'upgrade', startsAt: '2026-10-04T01:00:00Z', endsAt: '2026-10-04T03:00:00Z' },
      ],
      monthlyFee: { amount: 2000, currency: 'EUR' },
      credits: { basis: 'requests', minimumDowntimeMs: 5 * MINUTE_MS, intervalMs: 5 * MINUTE_MS },
      startsAt: '2026-09-16T00:00:00+02:00',
    });
    expect(terms).toEqual({
      basis: 'requests',
      minimumDowntimeMs: 5 * MINUTE_MS,
      intervalMs: 5 * MINUTE_MS,
      tiers: [{ belowPercent: 99.9, creditPercent: 10 }],
      exclusions: [
        { name: 'upgrade', fromMs: at('2026-10-04T01:00:00Z'), toMs: at('2026-10-04T03:00:00Z') },
      ],
      monthlyFee: { amount: 2000, currency: 'EUR' },
      activeFromMs: at('2026-09-15T22:00:00Z'),
    });
    expect(validateCreditTerms(terms)).toEqual([]);
  });
});

describe('validateCreditTerms', () => {
  it('accepts the public-cloud tier table', () => {
    expect(validateCreditTerms(creditTerms())).toEqual([]);
  });

  it('names each wrong field, its value and what was expected', () => {
    const problems = validateCreditTerms(
      creditTerms({
        minimumDowntimeMs: 90_000,
        intervalMs: 0,
        badMinuteErrorRatio: 1.5,
        tiers: [
          { belowPercent: 99, creditPercent: 25 },
          { belowPercent: 99.9, creditPercent: 10 },
        ],
        exclusions: [{ name: 'x', fromMs: 10, toMs: 5 }],
        monthlyFee: { amount: -1, currency: 'euro' },
        activeFromMs: 100,
        activeUntilMs: 50,
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'minimumDowntimeMs',
      'intervalMs',
      'badMinuteErrorRatio',
      'tiers[1].belowPercent',
      'tiers[1].creditPercent',
      'exclusions[0]',
      'monthlyFee.amount',
      'monthlyFee.currency',
      'activeUntilMs',
    ]);
    expect(problems[0]).toEqual({
      field: 'minimumDowntimeMs',
      value: 90_000,
      expected: 'whole minutes, 0 or more',
    });
  });
});
