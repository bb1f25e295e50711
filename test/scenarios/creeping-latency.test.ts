// The seed document's story, through the real use cases and a real SQLite store on a fake clock:
// latency creeps toward the 800 ms SLA threshold; the early warning comes before the crossing, the
// breach at the crossing, and recovery once latency is back and has stayed back.

import { afterEach, describe, expect, it } from 'vitest';
import type { ObjectiveStatus, Reason } from '../../src/domain/objective-state.js';
import { aThresholdObjective, anSla, MINUTE_MS, someDefinitions } from '../support/builders.js';
import { startHarness, type Harness } from '../support/harness.js';

const STEP_MS = 10_000;

/** Twenty latencies whose 95th percentile is p95Ms. */
function latencies(p95Ms: number): number[] {
  return Array.from({ length: 20 }, (_, i) => Math.round((p95Ms * (10 + i)) / 29));
}

async function runStory(h: Harness, p95At: (minute: number) => number, minutes: number) {
  const seen: Array<{
    minute: number;
    to: ObjectiveStatus;
    reason: Reason['kind'];
    observed?: number;
  }> = [];
  const start = h.clock.nowMs();
  for (let t = 0; t <= minutes * MINUTE_MS; t += STEP_MS) {
    h.clock.set(start + t);
    const minute = t / MINUTE_MS;
    await h.push(latencies(p95At(minute)).map((value) => ({ sli: 'latency', value })));
    for (const tr of await h.tick()) {
      const observed = 'observed' in tr.reason ? tr.reason.observed : undefined;
      seen.push({
        minute,
        to: tr.to,
        reason: tr.reason.kind,
        ...(observed !== undefined ? { observed } : {}),
      });
    }
  }
  return seen;
}

let harness: Harness | undefined;
afterEach(async () => harness?.close());

describe('latency creeping toward the SLA threshold', () => {
  it('warns before the crossing, breaches at the crossing, and recovers after it stays back', async () => {
    harness = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }));
    // 500 ms for 10 min, then +25 ms/min (800 ms at minute 22), rollback to 450 ms at minute 26.
    const p95 = (m: number) => (m < 10 ? 500 : m < 26 ? 500 + 25 * (m - 10) : 450);
    const seen = await runStory(harness, p95, 50);

    expect(seen.map((s) => s.to)).toEqual(['early-warning', 'breach', 'recovered', 'ok']);
    const [warning, breach, recovered, ok] = seen;
    // The team hears of the risk minutes before the crossing.
    expect(breach!.minute - warning!.minute).toBeGreaterThanOrEqual(5);
    // The 5-minute window's p95 trails the latest requests' p95 (800 ms at minute 22) by a little.
    expect(breach!.reason).toBe('threshold-crossed');
    expect(breach!.observed).toBeGreaterThan(800);
    expect(breach!.minute).toBeGreaterThanOrEqual(22);
    expect(breach!.minute).toBeLessThanOrEqual(26);
    expect(recovered!.minute).toBeGreaterThan(26);
    expect(ok!.minute - recovered!.minute).toBeCloseTo(10, 0);

    const stored = await harness.store.listTransitions({ slaId: 'acme-submissions', limit: 10 });
    expect(stored.map((t) => t.to).sort()).toEqual(['breach', 'early-warning', 'ok', 'recovered']);
  });

  it('records "breach avoided" when the team rolls back before the threshold is crossed', async () => {
    harness = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }));
    // Creeps to 700 ms by minute 18, then the slow query is rolled back.
    const p95 = (m: number) => (m < 10 ? 500 : m < 18 ? 500 + 25 * (m - 10) : 480);
    const seen = await runStory(harness, p95, 40);

    expect(seen.map((s) => s.to)).toEqual(['early-warning', 'ok']);
    expect(seen[1]!.reason).toBe('warning-cleared');
  });
});
