import { describe, expect, it } from 'vitest';
import { aBudgetObjective, aThresholdObjective } from '../windows/test-support/objective-defs.js';
import { billingPeriodContaining } from './billing-period.js';
import { computeCredit } from './compute-credit.js';
import { describeCredit } from './describe-credit.js';
import { at, creditTerms, ratioMinutes } from './test-support/credit-data.js';

const SEPTEMBER_UTC = billingPeriodContaining(at('2026-09-10T00:00:00Z'), 'UTC');
const outage = ratioMinutes(at('2026-09-07T10:00:00Z'), 211, 0, 1000);
const minutes = new Map([['requests', outage]]);
const fee = { monthlyFee: { amount: 2000, currency: 'EUR' } };

describe('describeCredit', () => {
  it('states the attainment, the tier, the fee and the amount, then how it was measured', () => {
    const s = computeCredit(
      { id: 'acme-api', objectives: [aBudgetObjective()] },
      SEPTEMBER_UTC,
      creditTerms({
        ...fee,
        exclusions: [
          { name: 'upgrade', fromMs: at('2026-09-13T01:00:00Z'), toMs: at('2026-09-13T03:00:00Z') },
        ],
      }),
      minutes,
    );
    expect(describeCredit(s)).toEqual([
      'Availability: attainment 99.510 % of 99.9 %: below 99.9 % earns 10 % of EUR 2,000.00 = EUR 200.00.',
      'Time basis: 211 bad minutes in 1 downtime period of at least 5 min, out of 43,080 eligible minutes (120 in maintenance windows left out).',
      'Total credit for 2026-09: EUR 200.00.',
    ]);
  });

  it('shows the pro-rated fee, the cap and an objective that earned nothing', () => {
    const s = computeCredit(
      {
        id: 'acme-api',
        objectives: [
          aBudgetObjective(),
          aBudgetObjective({ key: 'acme-api/b', name: 'Errors', objectiveRatio: 0.99 }),
          aThresholdObjective({ sliId: 'latency' }),
        ],
      },
      SEPTEMBER_UTC,
      creditTerms({
        ...fee,
        tiers: [{ belowPercent: 99.9, creditPercent: 60 }],
        activeFromMs: at('2026-09-16T00:00:00Z'),
        basis: 'requests',
      }),
      new Map([['requests', ratioMinutes(at('2026-09-20T00:00:00Z'), 5, 990, 1000)]]),
    );
    expect(describeCredit(s)).toEqual([
      'Availability: attainment 99.000 % of 99.9 %: below 99.9 % earns 60 % of EUR 1,000.00 (EUR 2,000.00 for the 50.000 % of the month under contract) = EUR 600.00.',
      'Requests basis: mean error rate 1.000 % over 1 interval of 5 min with traffic (pooled 1.000 % of 5,000 events), 21,600 eligible minutes (21,600 outside the contract left out).',
      'Errors: attainment 99.000 % of 99 %: below 99.9 % earns 60 % of EUR 1,000.00 (EUR 2,000.00 for the 50.000 % of the month under contract) = EUR 600.00.',
      'Requests basis: mean error rate 1.000 % over 1 interval of 5 min with traffic (pooled 1.000 % of 5,000 events), 21,600 eligible minutes (21,600 outside the contract left out).',
      'p95 latency: attainment 100.000 %: no credit (credits start below 99.9 %).',
      'Time basis (the contract asks for requests; this objective cannot): 0 bad minutes in 0 downtime periods of at least 5 min, out of 21,600 eligible minutes (21,600 outside the contract left out).',
      'Total credit for 2026-09: EUR 1,000.00, capped at the fee (the lines add up to EUR 1,200.00).',
    ]);
  });

  it('speaks of percentages only when the contract has no fee', () => {
    const s = computeCredit(
      { id: 'acme-api', objectives: [aBudgetObjective()] },
      SEPTEMBER_UTC,
      creditTerms(),
      minutes,
    );
    expect(describeCredit(s)).toEqual([
      'Availability: attainment 99.512 % of 99.9 %: below 99.9 % earns 10 % of the monthly fee (no fee in the contract, so no amount).',
      'Time basis: 211 bad minutes in 1 downtime period of at least 5 min, out of 43,200 eligible minutes.',
      'Total credit for 2026-09: 10 % of the monthly fee; no fee in the contract, so no amount.',
    ]);
  });
});
