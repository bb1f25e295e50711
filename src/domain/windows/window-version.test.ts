import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from './minute-data.js';
import { createObjectiveWindow } from './objective-window.js';
import * as build from './test-support/objective-defs.js';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 5);

describe.each([
  { kind: 'budget', def: build.aBudgetObjective(), sli: build.aRatioSli() },
  { kind: 'threshold', def: build.aThresholdObjective(), sli: build.aLatencySli() },
])('the version of a $kind window', ({ def, sli }) => {
  const fresh = () => createObjectiveWindow(def, sli, build.aClient(), T0);
  const data = { minuteMs: T0 - 5000, good: 9, total: 10, sketch: null };

  it('stays while time moves within a minute and no trend point enters or leaves', () => {
    const w = fresh();
    const v = w.version;
    w.advance(T0 + 20_000);
    w.observe(T0 + 24_999);
    expect(w.version).toBe(v);
  });

  it('changes when a minute rotates', () => {
    const w = fresh();
    const v = w.version;
    w.advance(T0 + MINUTE_MS);
    expect(w.version).not.toBe(v);
  });

  it('changes on every apply', () => {
    const w = fresh();
    const v = w.version;
    w.apply(data);
    const after = w.version;
    expect(after).not.toBe(v);
    w.apply(data);
    expect(w.version).not.toBe(after);
  });

  it('comes with the same observation object while nothing changed', () => {
    const w = fresh();
    expect(w.observe(T0 + 1000)).toBe(w.observe(T0 + 1000));
  });
});

describe('the version of a threshold window with a trend lookback of 10 minutes', () => {
  const at = (hh: number, mm: number, ss: number, ms = 0) => Date.UTC(2026, 4, 1, hh, mm, ss, ms);
  const trendWindow = () =>
    createObjectiveWindow(build.aThresholdObjective(), build.aLatencySli(), build.aClient(), T0);

  it("changes when the current minute's midpoint enters [now − lookback, now], at :30", () => {
    const w = trendWindow();
    w.advance(at(12, 0, 6));
    const v = w.version;
    w.advance(at(12, 0, 29, 999));
    expect(w.version).toBe(v);
    w.advance(at(12, 0, 30));
    expect(w.version).not.toBe(v);
  });

  it('changes when the oldest midpoint leaves it, the millisecond after it sat on its edge', () => {
    const w = trendWindow();
    w.advance(at(12, 0, 30)); // 11:50:30 is exactly now − lookback: still in
    const v = w.version;
    w.advance(at(12, 0, 30, 1));
    const after = w.version;
    expect(after).not.toBe(v);
    w.advance(at(12, 0, 59, 999));
    expect(w.version).toBe(after);
  });

  it('keeps its version through the half minute without a trend projection', () => {
    const def = build.aThresholdObjective({
      earlyWarning: { fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.1 } },
    });
    const w = createObjectiveWindow(def, build.aLatencySli(), build.aClient(), T0);
    const v = w.version;
    w.advance(at(12, 0, 59, 999));
    expect(w.version).toBe(v);
  });
});
