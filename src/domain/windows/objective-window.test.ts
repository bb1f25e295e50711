import { describe, expect, it } from 'vitest';
import type { BudgetObservation, ThresholdObservation } from '../observation.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './minute-data.js';
import { createObjectiveWindow, restoreObjectiveWindow } from './objective-window.js';
import { Sketch } from './sketch.js';
import {
  aBudgetObjective,
  aClient,
  aLatencySli,
  aRatioSli,
  aThresholdObjective,
} from './test-support/objective-defs.js';

const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 30);
const MINUTE0 = NOW_MS - (NOW_MS % MINUTE_MS);
const latencies = (...values: number[]) => {
  const s = new Sketch();
  for (const v of values) s.add(v);
  return s;
};
const slices = aBudgetObjective({
  timeSlice: { sliceMs: MINUTE_MS, statistic: 'p90', comparator: '<=', threshold: 500 },
});

function thirtyDaysOfRatioData(def = aBudgetObjective()) {
  const w = createObjectiveWindow(def, aRatioSli(), aClient(), NOW_MS - 30 * DAY_MS);
  for (let m = MINUTE0 - 30 * DAY_MS; m <= MINUTE0; m += MINUTE_MS) {
    w.apply({ minuteMs: m, good: 5990 + (m % 7), total: 6000, sketch: null });
  }
  return w;
}

describe('createObjectiveWindow', () => {
  it('keeps a budget objective with 30 days of data within 16 KiB (TARGETS P6)', () => {
    expect(thirtyDaysOfRatioData().memoryBytes()).toBeLessThanOrEqual(16_384);
    const calendar = aBudgetObjective({ period: { kind: 'calendar-month' } });
    expect(thirtyDaysOfRatioData(calendar).memoryBytes()).toBeLessThanOrEqual(16_384);
  });

  it('reports the burn-rate windows and the rolling period, ending now', () => {
    const w = createObjectiveWindow(aBudgetObjective(), aRatioSli(), aClient(), NOW_MS);
    w.apply({ minuteMs: MINUTE0 - 2 * HOUR_MS, good: 90, total: 100, sketch: null });
    w.apply({ minuteMs: MINUTE0, good: 8, total: 10, sketch: null });
    const o = w.observe(NOW_MS) as BudgetObservation;
    expect(o.windows.map((x) => [x.windowMs / MINUTE_MS, x.good, x.total])).toEqual([
      [60, 8, 10],
      [5, 8, 10],
      [360, 98, 110],
      [30, 8, 10],
      [4320, 98, 110],
    ]);
    expect(o.period).toEqual({
      good: 98,
      total: 110,
      startMs: NOW_MS - 30 * DAY_MS,
      endMs: NOW_MS,
    });
  });

  it('starts a calendar-month period at local midnight of the 1st in the client time zone', () => {
    const def = aBudgetObjective({ period: { kind: 'calendar-month' } });
    const client = aClient({ timeZone: 'Europe/Berlin' });
    const w = createObjectiveWindow(def, aRatioSli(), client, NOW_MS);
    w.apply({ minuteMs: Date.UTC(2026, 9, 31, 22, 59), good: 1, total: 1, sketch: null });
    w.apply({ minuteMs: Date.UTC(2026, 9, 31, 23, 0), good: 2, total: 3, sketch: null });
    const o = w.observe(NOW_MS) as BudgetObservation;
    expect(o.period).toEqual({
      good: 2,
      total: 3,
      startMs: Date.UTC(2026, 9, 31, 23),
      endMs: NOW_MS,
    });
  });

  it('counts distribution events as good by their goodWhen rule', () => {
    const def = aBudgetObjective({ goodWhen: { comparator: '<=', threshold: 800 } });
    const w = createObjectiveWindow(def, aLatencySli(), aClient(), NOW_MS);
    w.apply({ minuteMs: MINUTE0, good: 0, total: 0, sketch: latencies(100, 700, 900, 2000) });
    expect((w.observe(NOW_MS) as BudgetObservation).period).toMatchObject({ good: 2, total: 4 });
  });

  it('lets late data flip a time slice within the last hour, and keeps older slices final', () => {
    const w = createObjectiveWindow(slices, aLatencySli(), aClient(), NOW_MS);
    const period = () => (w.observe(NOW_MS) as BudgetObservation).period;
    w.apply({ minuteMs: MINUTE0 - 60 * MINUTE_MS, good: 0, total: 0, sketch: latencies(100) });
    w.apply({ minuteMs: MINUTE0 - 61 * MINUTE_MS, good: 0, total: 0, sketch: latencies(100) });
    expect(period()).toMatchObject({ good: 1, total: 1 });
    w.apply({ minuteMs: MINUTE0 - 60 * MINUTE_MS, good: 0, total: 0, sketch: latencies(900, 900) });
    expect(period()).toMatchObject({ good: 0, total: 1 });
  });

  it('refuses time slices other than one minute and distribution budgets without goodWhen', () => {
    const def = aBudgetObjective({ timeSlice: { ...slices.timeSlice!, sliceMs: 5 * MINUTE_MS } });
    expect(() => createObjectiveWindow(def, aLatencySli(), aClient(), NOW_MS)).toThrow(
      /time slices of 300000 ms are not supported/,
    );
    expect(() =>
      createObjectiveWindow(aBudgetObjective(), aLatencySli(), aClient(), NOW_MS),
    ).toThrow(/needs goodWhen or timeSlice/);
  });

  it('measures a threshold over the current minute and the full minutes of the window', () => {
    const w = createObjectiveWindow(aThresholdObjective(), aLatencySli(), aClient(), NOW_MS);
    w.apply({ minuteMs: MINUTE0 - 6 * MINUTE_MS, good: 0, total: 0, sketch: latencies(5000) });
    w.apply({ minuteMs: MINUTE0 - 5 * MINUTE_MS, good: 0, total: 0, sketch: latencies(700) });
    w.apply({ minuteMs: MINUTE0, good: 0, total: 0, sketch: latencies(600) });
    const o = w.observe(NOW_MS) as ThresholdObservation;
    expect(o.value).toBeCloseTo(700, -1);
    w.advance(NOW_MS + MINUTE_MS);
    expect((w.observe(NOW_MS + MINUTE_MS) as ThresholdObservation).value).toBeCloseTo(600, -1);
  });

  it('builds the series from the minutes with data, at mid-minute, oldest first', () => {
    const w = createObjectiveWindow(aThresholdObjective(), aLatencySli(), aClient(), NOW_MS);
    for (const [ago, v] of [
      [1, 300],
      [11, 999],
      [4, 200],
      [10, 100],
    ] as const) {
      w.apply({ minuteMs: MINUTE0 - ago * MINUTE_MS, good: 0, total: 0, sketch: latencies(v) });
    }
    const seen = (w.observe(NOW_MS) as ThresholdObservation).series;
    expect(seen.map((p) => [(p.tMs - MINUTE0) / 1000, Math.round(p.value / 100)])).toEqual([
      [-570, 1],
      [-210, 2],
      [-30, 3],
    ]);
    expect((w.observe(NOW_MS + 20_000) as ThresholdObservation).series).toEqual(seen);
  });

  it('neither keeps nor changes the sketch it is given', () => {
    const sketch = latencies(100, 200);
    const data = { minuteMs: MINUTE0, good: 0, total: 0, sketch };
    const a = createObjectiveWindow(aThresholdObjective(), aLatencySli(), aClient(), NOW_MS);
    const b = createObjectiveWindow(slices, aLatencySli(), aClient(), NOW_MS);
    a.apply(data);
    a.apply(data);
    b.apply(data);
    sketch.add(5000, 100);
    expect((a.observe(NOW_MS) as ThresholdObservation).value).toBeCloseTo(200, -1);
    expect((b.observe(NOW_MS) as BudgetObservation).period).toMatchObject({ good: 1, total: 1 });
  });
});

describe('restoreObjectiveWindow', () => {
  const cases = [
    ['a rolling budget', aBudgetObjective(), aRatioSli()],
    ['a calendar budget', aBudgetObjective({ period: { kind: 'calendar-month' } }), aRatioSli()],
    ['a time-slice budget', slices, aLatencySli()],
    ['a threshold', aThresholdObjective(), aLatencySli()],
    ['a good-ratio threshold', aThresholdObjective({ statistic: 'good-ratio' }), aRatioSli()],
  ] as const;

  it.each(cases)('gives %s window that observes exactly what the original does', (_n, def, sli) => {
    const client = aClient({ timeZone: 'America/New_York' });
    const original = createObjectiveWindow(def, sli, client, NOW_MS - 3 * DAY_MS);
    for (let m = MINUTE0 - 3 * DAY_MS; m <= MINUTE0; m += 7 * MINUTE_MS) {
      const sketch = sli.kind === 'ratio' ? null : latencies(m % 1000, (m / 7) % 900);
      original.apply({ minuteMs: m, good: (m / MINUTE_MS) % 5, total: 5, sketch });
    }
    const restored = restoreObjectiveWindow(def, sli, client, original.serialize());
    expect(restored.observe(NOW_MS)).toEqual(original.observe(NOW_MS));
    for (const w of [original, restored]) {
      w.apply({ minuteMs: MINUTE0 - 2 * MINUTE_MS, good: 1, total: 2, sketch: latencies(40) });
      w.advance(NOW_MS + 3 * MINUTE_MS);
    }
    expect(restored.observe(NOW_MS + 4 * MINUTE_MS)).toEqual(
      original.observe(NOW_MS + 4 * MINUTE_MS),
    );
    expect(restored.serialize()).toEqual(original.serialize());
  });

  it('refuses a snapshot of another kind of window with a message naming both', () => {
    const budget = createObjectiveWindow(aBudgetObjective(), aRatioSli(), aClient(), NOW_MS);
    expect(() =>
      restoreObjectiveWindow(aThresholdObjective(), aLatencySli(), aClient(), budget.serialize()),
    ).toThrow(
      'window snapshot holds a budget-events window of a ratio SLI, but objective acme-api/latency ' +
        'needs a threshold window of a distribution SLI',
    );
    expect(() =>
      restoreObjectiveWindow(slices, aLatencySli(), aClient(), budget.serialize()),
    ).toThrow(/needs a budget-slices window/);
    expect(() =>
      restoreObjectiveWindow(aBudgetObjective(), aRatioSli(), aClient(), new Uint8Array([1, 2, 3])),
    ).toThrow(/not a Forewarn window snapshot/);
  });

  it('refuses a snapshot whose windows no longer fit the definition', () => {
    const w = createObjectiveWindow(aBudgetObjective(), aRatioSli(), aClient(), NOW_MS);
    const longer = aBudgetObjective({ period: { kind: 'rolling', durationMs: 90 * DAY_MS } });
    expect(() => restoreObjectiveWindow(longer, aRatioSli(), aClient(), w.serialize())).toThrow(
      /does not fit/,
    );
  });
});
