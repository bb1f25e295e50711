// A probe Forewarn runs itself feeds a real instance: a local service answers 200, then starts
// failing; the probe's availability SLI falls below its objective and the objective breaches.
// Real timers and a real HTTP target; the instance's clock follows the wall clock.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeDef } from '../../src/domain/sources.js';
import { createOutboundClient } from '../../src/net/guarded-http-client.js';
import { createProbeRunner } from '../../src/sources/probes/probe-runner.js';
import {
  aRatioSli,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../support/builders.js';
import { startHarness } from '../support/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a probe feeding an availability SLI', () => {
  it('breaches the objective once the probed service starts failing', async () => {
    let failing = false;
    const service = http.createServer((_req, res) => {
      res.statusCode = failing ? 500 : 200;
      res.end(failing ? 'internal error' : 'ok');
    });
    await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => service.close(() => r())));
    service.keepAliveTimeout = 60_000;
    const port = (service.address() as AddressInfo).port;

    const probe: ProbeDef = {
      id: 'submissions-health',
      serviceId: 'submissions',
      method: 'GET',
      url: `http://127.0.0.1:${port}/health`,
      headers: {},
      intervalMs: 1000,
      timeoutMs: 900,
      expect: { status: [200] },
      availabilitySli: 'submissions-up',
    };
    const defs = someDefinitions({
      slis: [aRatioSli({ id: 'submissions-up', name: 'Health check passes' })],
      slas: [
        anSla([
          aThresholdObjective({
            localId: 'up',
            key: 'acme-submissions/up',
            name: '90 % of health checks pass over 1 min',
            sliId: 'submissions-up',
            statistic: 'good-ratio',
            comparator: '>=',
            threshold: 0.9,
            measurementWindowMs: MINUTE_MS,
            earlyWarning: {},
          }),
        ]),
      ],
      probes: [probe],
    });
    const h = await startHarness(defs, { startMs: Date.now() });
    cleanups.push(() => h.close());
    const clockFollowsWall = setInterval(() => h.clock.set(Date.now()), 50);
    cleanups.push(() => clearInterval(clockFollowsWall));
    const outbound = createOutboundClient({ allow: [`127.0.0.1:${port}`] });
    cleanups.push(() => outbound.close());
    const runner = createProbeRunner({ ctx: h.ctx, outbound });
    cleanups.push(() => runner.stop());
    runner.update(defs);

    // At 0–3.5 s the service answers 200: every check passes, the objective stays ok.
    await sleep(3500);
    h.clock.set(Date.now());
    expect(await h.tick()).toEqual([]);
    const healthy = h.ctx.engine.metrics.probes.get('submissions-health')!;
    expect(healthy.checks).toBeGreaterThanOrEqual(2);
    expect(healthy.failures).toBe(0);

    // From 3.5 s it answers 500: within a few checks the good ratio falls below 90 %.
    failing = true;
    const failingAt = Date.now();
    let breach;
    while (breach === undefined && Date.now() - failingAt < 10_000) {
      await sleep(250);
      h.clock.set(Date.now());
      breach = (await h.tick()).find((t) => t.to === 'breach');
    }

    expect(breach).toBeDefined();
    expect(breach!.objectiveKey).toBe('acme-submissions/up');
    expect(breach!.reason).toMatchObject({ kind: 'threshold-crossed' });
    // Two or three checks at 1 s; generous for a loaded machine.
    expect(Date.now() - failingAt).toBeLessThan(6000);
    expect(h.ctx.engine.metrics.probes.get('submissions-health')!.last?.reason).toEqual({
      kind: 'unexpected-status',
      status: 500,
      expected: '200',
    });
  });
});
