import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeDef } from '../../domain/sources.js';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import type { OutboundClient } from '../../net/outbound-client.js';
import { startListener } from '../../net/test-support/test-listener.js';
import type { TestListener } from '../../net/test-support/test-listener.js';
import type { SourceRunner } from '../source-runner.js';
import { aLatencySli, aRatioSli, someDefinitions } from '../../../test/support/builders.js';
import { startHarness } from '../../../test/support/harness.js';
import type { Harness } from '../../../test/support/harness.js';
import { createProbeRunner } from './probe-runner.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const aProbe = (id: string, url: string, o: Partial<ProbeDef> = {}): ProbeDef => ({
  id,
  serviceId: 'submissions',
  method: 'GET',
  url,
  headers: {},
  intervalMs: 1000,
  timeoutMs: 900,
  expect: { status: [] },
  availabilitySli: 'probe-up',
  latencySli: 'probe-latency',
  ...o,
});

async function setUp(probes: ProbeDef[], target: TestListener) {
  const defs = someDefinitions({
    slis: [aRatioSli({ id: 'probe-up' }), aLatencySli({ id: 'probe-latency' })],
    slas: [],
    probes,
  });
  const h: Harness = await startHarness(defs, { startMs: Date.now() });
  cleanups.push(() => h.close());
  const outbound: OutboundClient = createOutboundClient({ allow: [`127.0.0.1:${target.port}`] });
  cleanups.push(() => outbound.close());
  const runner: SourceRunner = createProbeRunner({ ctx: h.ctx, outbound });
  runner.update(defs);
  return { h, runner, defs };
}

async function aTarget(
  handler: Parameters<typeof startListener>[1] = (_q, s) => s.end('ok'),
): Promise<TestListener> {
  const target = await startListener('127.0.0.1', handler);
  cleanups.push(() => target.close());
  return target;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the probe runner', () => {
  it('checks each probe every second and ingests the results of a second in one call', async () => {
    const target = await aTarget((req, res) => {
      res.statusCode = req.url === '/down' ? 503 : 200;
      res.end('ok');
    });
    const base = `http://127.0.0.1:${target.port}`;
    const { h, runner } = await setUp(
      [aProbe('up', `${base}/up`), aProbe('down', `${base}/down`)],
      target,
    );
    await sleep(3200);
    await runner.stop();

    const board = h.ctx.engine.metrics.probes;
    const up = board.get('up')!;
    const down = board.get('down')!;
    // Three or four turns in 3.2 s; a loaded machine may drop one.
    expect(up.checks).toBeGreaterThanOrEqual(2);
    expect(up.checks).toBeLessThanOrEqual(4);
    expect([up.failures, up.last?.up]).toEqual([0, true]);
    expect(down.failures).toBe(down.checks);
    expect(down.last?.reason).toEqual({
      kind: 'unexpected-status',
      status: 503,
      expected: '200–399',
    });
    expect(target.requests).toHaveLength(up.checks + down.checks);

    const checks = up.checks + down.checks;
    const m = h.ctx.engine.metrics;
    // Every check: one availability sample, and one latency sample since every one was answered.
    expect(m.samplesAccepted).toBe(2 * checks);
    expect(m.samplesRefused).toBe(0);
    expect(m.ingestBatches).toBeLessThanOrEqual(5);
    expect(m.ingestBatches).toBeLessThan(checks);
  });

  it('follows updates: a removed probe stops and leaves the board, an added one starts', async () => {
    const target = await aTarget();
    const base = `http://127.0.0.1:${target.port}`;
    const { h, runner, defs } = await setUp([aProbe('first', `${base}/first`)], target);
    await sleep(1100);
    runner.update({ ...defs, probes: [aProbe('second', `${base}/second`)] });
    const firstRequests = target.requests.filter((r) => r.url === '/first').length;
    await sleep(2100);
    await runner.stop();

    expect([...h.ctx.engine.metrics.probes.keys()]).toEqual(['second']);
    expect(target.requests.filter((r) => r.url === '/first')).toHaveLength(firstRequests);
    expect(target.requests.filter((r) => r.url === '/second').length).toBeGreaterThanOrEqual(1);
  });

  it('waits on stop for a check in flight, which ends at its timeout, and ingests its result', async () => {
    const target = await aTarget(() => undefined);
    const { h, runner } = await setUp(
      [aProbe('hangs', `http://127.0.0.1:${target.port}/`, { timeoutMs: 800 })],
      target,
    );
    while (target.requests.length === 0) await sleep(20);
    const stoppingAt = performance.now();
    await runner.stop();
    const tookMs = performance.now() - stoppingAt;

    expect(tookMs).toBeGreaterThan(300);
    expect(tookMs).toBeLessThan(1500);
    const status = h.ctx.engine.metrics.probes.get('hangs')!;
    expect(target.requests).toHaveLength(1);
    // On a loaded machine the process itself may stall during the check: then it is inconclusive.
    expect(status.checks + status.inconclusive).toBe(1);
    expect(status.last?.reason ?? 'inconclusive').toEqual(
      status.checks === 1 ? { kind: 'timeout', timeoutMs: 800 } : 'inconclusive',
    );
    expect(h.ctx.engine.metrics.samplesAccepted).toBe(status.checks);
  });

  it("does not count a timeout caused by Forewarn's own blocked event loop", async () => {
    const target = await aTarget(() => undefined);
    const { h, runner } = await setUp(
      [aProbe('hangs', `http://127.0.0.1:${target.port}/`, { timeoutMs: 300 })],
      target,
    );
    while (target.requests.length === 0) await sleep(5);
    const until = performance.now() + 700;
    while (performance.now() < until) {
      // blocked, as by a long synchronous commit: the deadline passes while nothing can run
    }
    await sleep(100);
    await runner.stop();

    const status = h.ctx.engine.metrics.probes.get('hangs')!;
    expect([status.inconclusive, status.failures, status.checks]).toEqual([1, 0, 0]);
    expect(h.ctx.engine.metrics.samplesAccepted).toBe(0);
  });
});
