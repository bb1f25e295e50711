import { afterEach, describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  anSla,
  aThresholdObjective,
  DAY_MS,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { readObjectiveChart } from './read-objective-chart.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness | undefined;
afterEach(async () => h?.close());

describe('chart data from stored rollups', () => {
  it('draws a budget burn-down that starts full and drops with the bad minutes', async () => {
    h = await startHarness(
      someDefinitions({
        slas: [anSla([aBudgetObjective({ period: { kind: 'rolling', durationMs: DAY_MS } })])],
      }),
      { startMs: START },
    );
    for (let m = 0; m < 60; m++) {
      h.clock.set(START + m * MINUTE_MS);
      // 1 bad request in 1000 for the first half hour (0.1 %, the whole allowance), then none.
      const bad = m < 30 ? 1 : 0;
      await h.push([{ sli: 'requests', good: 1000 - bad, total: 1000 }]);
    }
    h.clock.set(START + 60 * MINUTE_MS);
    const chart = await readObjectiveChart(h.ctx, 'acme-submissions/availability', '6h');
    expect(chart).toMatchObject({ kind: 'budget', threshold: 0.999, comparator: '>=' });
    const left = chart.burnDown!.v.filter((v): v is number => v !== null);
    expect(left[0]).toBeCloseTo(0, 5);
    expect(left.at(-1)).toBeCloseTo(0.5, 5);
    const good = chart.sli.v.filter((v): v is number => v !== null);
    expect(Math.min(...good)).toBeCloseTo(0.999, 6);
  });

  it('draws a threshold objective statistic over its measurement window with the warning line', async () => {
    h = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }), {
      startMs: START,
    });
    for (let m = 0; m < 20; m++) {
      h.clock.set(START + m * MINUTE_MS);
      await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 300 + m * 30 })));
    }
    const chart = await readObjectiveChart(h.ctx, 'acme-submissions/latency', '6h');
    expect(chart).toMatchObject({ threshold: 800, warning: 640, unit: 'ms', measure: 'p95' });
    expect(chart.sli.t).toHaveLength(chart.sli.v.length);
    const values = chart.sli.v.filter((v): v is number => v !== null);
    expect(Math.max(...values)).toBeGreaterThan(850);
    expect(Math.max(...values)).toBeLessThan(900);
  });
});
