import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { buildRuntime } from './build-runtime.js';
import { takeSnapshots } from './take-snapshots.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness(
    someDefinitions({ slas: [anSla([aThresholdObjective(), aBudgetObjective()])] }),
  );
});
afterEach(async () => {
  await h.close();
});

const requestsTotal = async () =>
  (await h.store.readRollups('requests', 0, Number.MAX_SAFE_INTEGER)).reduce(
    (n, r) => n + r.total,
    0,
  );

describe('ingestSamples with group commit', () => {
  it('commits concurrent requests as one group, each with its own answer', async () => {
    const logBefore = await h.store.readIngestLog(0, 100);

    const results = await Promise.all([
      h.push([{ sli: 'requests', good: 1, total: 1 }]),
      h.push([{ sli: 'requests', good: 1, total: 2 }], 'batch-a'),
      h.push([
        { sli: 'nope', good: 1, total: 1 },
        { sli: 'requests', good: 3, total: 3 },
      ]),
      h.push([{ sli: 'requests', good: 100, total: 100 }], 'batch-a'),
    ]);

    expect(results.map((r) => r.duplicate)).toEqual([false, false, false, true]);
    expect(results[2]?.refused.map((r) => r.index)).toEqual([0]);
    // The repeated key answers with the first request's response and adds nothing.
    expect(results[3]).toEqual({ ...results[1], duplicate: true });
    expect(await requestsTotal()).toBe(6);
    const log = await h.store.readIngestLog(logBefore.at(-1)?.seq ?? 0, 100);
    expect(log).toHaveLength(1);
    expect(h.ctx.engine.runtime?.appliedSeq).toBe(log[0]?.seq);
  });

  it('keeps a snapshot taken amid concurrent ingest consistent with a rebuild from the log', async () => {
    const pushes = Array.from({ length: 30 }, (_, i) =>
      h.push([{ sli: 'requests', good: i % 2, total: 1 }]),
    );
    const snapshot = takeSnapshots(h.ctx);
    pushes.push(
      ...Array.from({ length: 30 }, () => h.push([{ sli: 'requests', good: 1, total: 1 }])),
    );
    await Promise.all([...pushes, snapshot]);

    const live = h.ctx.engine.runtime;
    const defs = live?.definitions;
    if (live === undefined || defs === undefined) throw new Error('no runtime');
    const rebuilt = await buildRuntime(h.ctx, defs);

    expect(rebuilt.appliedSeq).toBe(live.appliedSeq);
    for (const [key, o] of live.objectives) {
      expect(rebuilt.objectives.get(key)?.window.serialize()).toEqual(o.window.serialize());
    }
  });
});
