// A restart must neither repeat a transition that already happened nor miss one that became due
// while the process was down (TARGETS R3).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transition } from '../../src/domain/objective-state.js';
import { evaluateObjectives } from '../../src/app/evaluate-objectives.js';
import { startInstance } from '../../src/app/start-instance.js';
import { takeSnapshots } from '../../src/app/take-snapshots.js';
import { createContext, openForewarnStore } from '../../src/main.js';
import { aThresholdObjective, anSla, MINUTE_MS, someDefinitions } from '../support/builders.js';
import { FakeClock } from '../support/fake-clock.js';
import { silentLogger, startHarness } from '../support/harness.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function warnedInstance(dbUrl: string) {
  const h = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }), {
    databaseUrl: dbUrl,
  });
  // 700 ms is 87.5 % of the 800 ms threshold: early warning, not breach.
  await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 700 })));
  await h.tick();
  expect(h.transitions.map((t) => t.to)).toEqual(['early-warning']);
  return h;
}

async function restart(dbUrl: string, nowMs: number) {
  const store = await openForewarnStore(dbUrl);
  const clock = new FakeClock(nowMs);
  const ctx = createContext(store, silentLogger, clock, { evaluateOnIngest: false });
  const seen: Transition[] = [];
  ctx.events.on('transition', (t) => seen.push(t));
  await startInstance(ctx);
  return { ctx, store, clock, seen };
}

describe('restarting', () => {
  it.each([
    ['after a snapshot', true],
    ['without a snapshot, from stored rollups', false],
  ])('records no new transition when nothing changed (%s)', async (_name, snapshot) => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-restart-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    const h = await warnedInstance(url);
    if (snapshot) await takeSnapshots(h.ctx);
    const at = h.clock.nowMs() + 5_000;
    await h.close();

    const r = await restart(url, at);
    await evaluateObjectives(r.ctx);
    expect(r.seen).toEqual([]);
    expect(r.ctx.engine.runtime?.objectives.get('acme-submissions/latency')?.state.status).toBe(
      'early-warning',
    );
    await r.store.close();
  });

  it('decides at once a change that became due while it was down', async () => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-restart-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    const h = await warnedInstance(url);
    await takeSnapshots(h.ctx);
    const at = h.clock.nowMs();
    await h.close();

    // Down for 30 minutes: the slow samples left the 5-minute window long ago.
    const r = await restart(url, at + 30 * MINUTE_MS);
    expect(r.seen.map((t) => [t.from, t.to])).toEqual([['early-warning', 'ok']]);
    await r.store.close();
  });
});
