import { afterEach, describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  anSla,
  DAY_MS,
  HOUR_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { backfillSamples, type BackfillEntry } from './backfill-samples.js';
import { takeSnapshots } from './take-snapshots.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** One entry per hour from `fromMs` for `hours`: 1,000 requests, `bad` of them failed. */
function hourlyHistory(fromMs: number, hours: number, bad: number): BackfillEntry[] {
  return Array.from({ length: hours }, (_, i) => {
    const ts = fromMs + i * HOUR_MS;
    return {
      idempotencyKey: `test:requests:${ts}`,
      items: [{ sli: 'requests', ts, good: 1000 - bad, total: 1000 }],
    };
  });
}

describe('back-filling history older than the ingest accepts', () => {
  let h: Harness;
  afterEach(() => h.close());

  const start = () =>
    startHarness(someDefinitions({ slas: [anSla([aBudgetObjective()])] }), { startMs: NOW });

  it('stores days-old samples the push path refuses, and the objective sees them at once', async () => {
    h = await start();
    await expect(
      h.push([{ sli: 'requests', ts: NOW - 5 * DAY_MS, good: 990, total: 1000 }]),
    ).rejects.toThrow(/No sample could be accepted/);

    const result = await backfillSamples(h.ctx, {
      clientId: 'source:test',
      entries: hourlyHistory(NOW - 10 * DAY_MS, 8 * 24, 10),
    });
    expect(result).toMatchObject({ accepted: 192, refused: 0, duplicates: 0 });
    // 1 % failed over 8 days against a 0.1 % budget: spent, so the objective is in breach.
    expect(h.transitions.map((t) => t.to)).toContain('breach');
    const rollups = await h.store.readRollups('requests', NOW - 11 * DAY_MS, NOW);
    expect(rollups.reduce((n, r) => n + r.total, 0)).toBe(192_000);
  });

  it('counts nothing twice when the same history is back-filled again', async () => {
    h = await start();
    const entries = hourlyHistory(NOW - 3 * DAY_MS, 24, 0);
    await backfillSamples(h.ctx, { clientId: 'source:test', entries });
    const again = await backfillSamples(h.ctx, { clientId: 'source:test', entries });
    expect(again).toMatchObject({ accepted: 0, duplicates: 24 });
    const rollups = await h.store.readRollups('requests', NOW - 4 * DAY_MS, NOW);
    expect(rollups.reduce((n, r) => n + r.total, 0)).toBe(24_000);
  });

  it('rebuilds windows from rollups even where a snapshot exists, and keeps live data', async () => {
    h = await start();
    await h.push([{ sli: 'requests', ts: NOW - 60_000, good: 500, total: 500 }]);
    await takeSnapshots(h.ctx);
    await backfillSamples(h.ctx, {
      clientId: 'source:test',
      entries: hourlyHistory(NOW - 5 * DAY_MS, 48, 10),
    });
    const rollups = await h.store.readRollups('requests', NOW - 6 * DAY_MS, NOW);
    expect(rollups.reduce((n, r) => n + r.total, 0)).toBe(48_500);
    expect(h.transitions.map((t) => t.to)).toContain('breach');
  });

  it('refuses future and malformed items and says why', async () => {
    h = await start();
    const result = await backfillSamples(h.ctx, {
      clientId: 'source:test',
      entries: [
        { idempotencyKey: 'a', items: [{ sli: 'requests', ts: NOW + DAY_MS, good: 1, total: 1 }] },
        { idempotencyKey: 'b', items: [{ sli: 'nope', ts: NOW - DAY_MS, good: 1, total: 1 }] },
      ],
    });
    expect(result).toMatchObject({ accepted: 0, refused: 2 });
    expect(result.firstProblem).toMatch(/"ts"/);
  });
});
