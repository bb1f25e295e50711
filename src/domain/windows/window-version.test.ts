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

  it('stays while time moves within a minute', () => {
    const w = fresh();
    const v = w.version;
    w.advance(T0 + 20_000);
    w.observe(T0 + 54_000);
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
