// Reproduces the SRE Workbook (ch. 5, "multiwindow, multi-burn-rate alerts") detection times for a
// 99.9 % objective over 30 days: 14.4x over 1 h (and 5 m) is reached after ≈ 52 s of 100 % errors
// and ≈ 8.6 min of 10 % errors, from a steady month of good traffic.

import { describe, expect, it } from 'vitest';
import type { Transition } from '../../src/domain/objective-state.js';
import {
  evaluateObjective,
  initialObjectiveState,
} from '../../src/domain/evaluation/evaluate-objective.js';
import { createObjectiveWindow } from '../../src/domain/windows/objective-window.js';
import { aBudgetObjective, aClient, aRatioSli, DAY_MS, MINUTE_MS } from '../support/builders.js';

const REQUESTS_PER_SECOND = 100;

function firstWarningAfter(errorShare: number, limitS: number): { atS: number; t: Transition } {
  const def = aBudgetObjective();
  const start = Date.UTC(2026, 10, 2, 12, 0, 0);
  const window = createObjectiveWindow(def, aRatioSli(), aClient(), start - 30 * DAY_MS);
  const perMinute = REQUESTS_PER_SECOND * 60;
  for (let m = start - 30 * DAY_MS; m < start; m += MINUTE_MS) {
    window.apply({ minuteMs: m, good: perMinute, total: perMinute, sketch: null });
  }
  let state = initialObjectiveState(start);
  for (let s = 1; s <= limitS; s++) {
    const now = start + s * 1000;
    const bad = Math.round(REQUESTS_PER_SECOND * errorShare);
    const minuteMs = now - 1000 - ((now - 1000) % MINUTE_MS);
    window.apply({
      minuteMs,
      good: REQUESTS_PER_SECOND - bad,
      total: REQUESTS_PER_SECOND,
      sketch: null,
    });
    window.advance(now);
    const result = evaluateObjective(def, window.observe(now), state, now);
    state = result.state;
    if (result.transition !== undefined) return { atS: s, t: result.transition };
  }
  throw new Error(`no transition within ${limitS} s`);
}

describe('SRE Workbook detection times for a 99.9 % 30-day objective', () => {
  it('warns after about 52 seconds of 100 % errors with the 14.4x page rule', () => {
    const { atS, t } = firstWarningAfter(1, 600);
    expect(t.to).toBe('early-warning');
    expect(t.reason).toMatchObject({
      kind: 'burn-rate',
      severity: 'page',
      thresholdBurnRate: 14.4,
    });
    expect(atS).toBeGreaterThanOrEqual(50);
    expect(atS).toBeLessThanOrEqual(56);
  });

  it('warns after about 8.6 minutes of 10 % errors with the 14.4x page rule', () => {
    const { atS, t } = firstWarningAfter(0.1, 1200);
    expect(t.to).toBe('early-warning');
    expect(t.reason).toMatchObject({
      kind: 'burn-rate',
      severity: 'page',
      thresholdBurnRate: 14.4,
    });
    expect(atS / 60).toBeGreaterThanOrEqual(8.4);
    expect(atS / 60).toBeLessThanOrEqual(8.9);
  });

  it('does not warn at all on 0.05 % errors, half the budget rate', () => {
    expect(() => firstWarningAfter(0.0005, 900)).toThrow(/no transition/);
  });
});
