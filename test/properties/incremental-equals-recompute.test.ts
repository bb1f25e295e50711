// Incremental evaluation equals recomputation from all samples (TARGETS R6): whatever the order,
// duplication and lateness of batches, the live windows give the same numbers and states as a
// runtime rebuilt from the stored rollups, and as an instance that got every sample once, in order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRuntime } from '../../src/app/build-runtime.js';
import { getSlaStatus } from '../../src/app/get-sla-status.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  someDefinitions,
} from '../support/builders.js';
import { startHarness } from '../support/harness.js';

const defs = someDefinitions({
  slas: [
    anSla([
      aThresholdObjective(),
      aBudgetObjective(),
      aBudgetObjective({
        localId: 'fast',
        sliId: 'latency',
        goodWhen: { comparator: '<=', threshold: 300 },
      }),
    ]),
  ],
});
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
const SPAN_MS = 40 * 60_000;

const sampleArb = fc.oneof(
  fc.record({
    sli: fc.constant('requests'),
    offsetMs: fc.integer({ min: 0, max: SPAN_MS }),
    good: fc.integer({ min: 0, max: 50 }),
    bad: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    sli: fc.constant('latency'),
    offsetMs: fc.integer({ min: 0, max: SPAN_MS }),
    value: fc.integer({ min: 1, max: 2000 }),
  }),
);
type Gen = { sli: string; offsetMs: number; good?: number; bad?: number; value?: number };

const toItem = (s: Gen) =>
  s.value !== undefined
    ? { sli: s.sli, ts: START + s.offsetMs, value: s.value }
    : { sli: s.sli, ts: START + s.offsetMs, good: s.good!, total: s.good! + s.bad! };

describe('incremental evaluation', () => {
  it('equals recomputation for random orders, duplicates and late arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(sampleArb, { minLength: 1, maxLength: 8 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (batches, resendPicks) => {
          const end = START + SPAN_MS + 60_000;
          const settings = { maxSampleAgeMs: SPAN_MS + 120_000 };
          const live = await startHarness(defs, { startMs: START, settings });
          const once = await startHarness(defs, { startMs: START, settings });
          try {
            // Live: batches arrive as generated (out of order, late), some re-sent with their key.
            live.clock.set(end);
            for (let i = 0; i < batches.length; i++)
              await live.push(batches[i]!.map(toItem), `b${i}`);
            for (const pick of resendPicks) {
              const i = pick % batches.length;
              expect((await live.push(batches[i]!.map(toItem), `b${i}`)).duplicate).toBe(true);
            }
            await live.tick();

            // Once: every sample once, sorted by time, in one batch.
            once.clock.set(end);
            const all = batches.flat().sort((a, b) => a.offsetMs - b.offsetMs);
            await once.push(all.map(toItem));
            await once.tick();

            const liveStatus = getSlaStatus(live.ctx, 'acme-submissions');
            expect(getSlaStatus(once.ctx, 'acme-submissions')).toEqual(liveStatus);

            // Recomputed from the stored rollups alone.
            live.ctx.engine.runtime = await buildRuntime(live.ctx, defs);
            await live.tick();
            expect(getSlaStatus(live.ctx, 'acme-submissions')).toEqual(liveStatus);
          } finally {
            await live.close();
            await once.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});
