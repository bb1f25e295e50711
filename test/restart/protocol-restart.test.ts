// The protocol follows recorded transitions with a cursor kept in its own transactions: a
// transition recorded just before a stop is handled on start, once, and nothing is repeated.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advanceProtocol } from '../../src/app/advance-protocol.js';
import { runEngine } from '../../src/app/run-engine.js';
import { runProtocolClock } from '../../src/app/run-protocol-clock.js';
import { startInstance } from '../../src/app/start-instance.js';
import { createContext, openForewarnStore } from '../../src/main.js';
import { FakeClock } from '../support/fake-clock.js';
import { silentLogger, startHarness } from '../support/harness.js';
import { protocolDefinitions } from '../support/protocol-builders.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function restart(url: string, nowMs: number) {
  const store = await openForewarnStore(url);
  const ctx = createContext(store, silentLogger, new FakeClock(nowMs), { evaluateOnIngest: false });
  await startInstance(ctx);
  return ctx;
}

describe('the protocol across a stop', () => {
  it('opens the incident on start for a breach recorded just before the stop, and only once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-protocol-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    const h = await startHarness(protocolDefinitions(), { databaseUrl: url });
    await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 1200 })));
    await h.tick(); // the breach is recorded; the protocol has not run (the process "stops" here)
    expect(h.transitions.map((t) => t.to)).toEqual(['breach']);
    expect(await h.store.listIncidents({ limit: 10 })).toEqual([]);
    const at = h.clock.nowMs() + 2_000;
    await h.close();

    const ctx = await restart(url, at);
    const engine = runEngine(ctx); // catches up at start
    await new Promise((r) => setTimeout(r, 50));
    await advanceProtocol(ctx);
    await engine.stop();
    const incidents = await ctx.store.listIncidents({ limit: 10 });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.notices).toHaveLength(1); // the automatic notice queued with the breach
    expect(await advanceProtocol(ctx)).toBe(0);
    await ctx.store.close();

    const again = await restart(url, at + 1_000);
    expect(await advanceProtocol(again)).toBe(0);
    expect(await again.store.listIncidents({ limit: 10 })).toHaveLength(1);
    const timeline = await again.store.listTimeline([`incident:${incidents[0]!.id}`], 100);
    expect(timeline.filter((e) => e.kind === 'detected')).toHaveLength(1);
    await again.store.close();
  });

  it('queues a reminder once however often the clock looks and across a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-protocol-'));
    const url = `sqlite:${join(dir, 'f.db')}`;
    const defs = protocolDefinitions();
    defs.slas[0]!.contract = { ...defs.slas[0]!.contract, autoNotice: false };
    const h = await startHarness(defs, { databaseUrl: url });
    await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 1200 })));
    await h.tick();
    await h.protocol();
    const [incident] = await h.store.listIncidents({ limit: 1 });
    h.clock.set(incident!.clients[0]!.noticeDueAtMs - 60_000);
    await h.protocol();
    await h.protocol();
    const reminders = async (store = h.store) =>
      (await store.listNotifications({ limit: 100 })).filter((n) => n.message.event === 'reminder');
    expect(await reminders()).toHaveLength(2); // communicator and product owner
    await h.close();

    const ctx = await restart(url, incident!.clients[0]!.noticeDueAtMs - 30_000);
    await runProtocolClock(ctx);
    expect(await reminders(ctx.store)).toHaveLength(2);
    await ctx.store.close();
  });
});
