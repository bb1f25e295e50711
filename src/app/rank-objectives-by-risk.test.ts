import { describe, expect, it } from 'vitest';
import type { ObjectiveSummary } from '../domain/objective-summary.js';
import { compareRisk, riskRow, type RiskRow } from './rank-objectives-by-risk.js';

const DAY_MS = 86_400_000;
const about = {
  clientId: 'acme',
  clientName: 'Acme',
  slaId: 'sla',
  slaName: 'SLA',
  unit: '',
  incidentId: null,
  watchId: null,
  periodMs: 30 * DAY_MS,
};

function budget(key: string, o: Partial<ObjectiveSummary>): RiskRow {
  return riskRow(
    {
      key,
      name: key,
      sliId: 'requests',
      kind: 'budget',
      status: 'ok',
      sinceMs: 0,
      reason: { kind: 'within-objective' },
      budgetRemainingRatio: 0.5,
      burnRates: [
        { windowMs: 300_000, burnRate: 10 },
        { windowMs: 3_600_000, burnRate: 1 },
      ],
      ...o,
    },
    about,
  );
}

describe('time to threshold', () => {
  it('is the budget left spent at the 1 h burn rate: half the budget at 1x lasts half the period', () => {
    expect(budget('a', {}).timeToThresholdMs).toBe(15 * DAY_MS);
    expect(budget('a', {}).burnRate).toBe(1);
  });

  it('is 0 in breach and when the budget is gone, and unknown when nothing burns', () => {
    expect(budget('a', { status: 'breach' }).timeToThresholdMs).toBe(0);
    expect(budget('a', { budgetRemainingRatio: -0.2 }).timeToThresholdMs).toBe(0);
    const idle = budget('a', { burnRates: [{ windowMs: 3_600_000, burnRate: 0 }] });
    expect(idle.timeToThresholdMs).toBeNull();
  });

  it('is the projected crossing of a threshold objective warned by its trend', () => {
    const row = riskRow(
      {
        key: 't',
        name: 't',
        sliId: 'latency',
        kind: 'threshold',
        status: 'early-warning',
        sinceMs: 0,
        reason: {
          kind: 'trend-projection',
          observed: 600,
          threshold: 800,
          slopePerMinute: 20,
          projectedCrossingInMs: 600_000,
          horizonMs: 900_000,
        },
      },
      { ...about, unit: 'ms', periodMs: null },
    );
    expect(row.timeToThresholdMs).toBe(600_000);
    expect(row.reasonText).toContain('600 ms rising 20 ms/min');
  });
});

describe('risk order', () => {
  it('puts breach first, then early warning, then the soonest crossing, then the least budget left', () => {
    const rows = [
      budget('ok-plenty', { budgetRemainingRatio: 0.9, burnRates: [] }),
      budget('ok-fast', { burnRates: [{ windowMs: 3_600_000, burnRate: 20 }] }),
      budget('warning', { status: 'early-warning' }),
      budget('ok-little', { budgetRemainingRatio: 0.1, burnRates: [] }),
      budget('breach', { status: 'breach' }),
      budget('ok-slow', {}),
    ];
    expect([...rows].sort(compareRisk).map((r) => r.objectiveKey)).toEqual([
      'breach',
      'warning',
      'ok-fast',
      'ok-slow',
      'ok-little',
      'ok-plenty',
    ]);
  });
});
