import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { aThresholdObjective, anSla, someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
const inCi = process.env.CI === 'true';

let h: Harness;
let app: FastifyInstance;
beforeEach(async () => {
  h = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }));
  app = await buildServer(h.ctx, {
    adminToken: new Secret(ADMIN),
    env: {},
    bodyLimitBytes: 64 * 1024,
  });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

const scrape = () =>
  app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${ADMIN}` } });

describe('/metrics', () => {
  it('counts accepted and refused samples, ticks, transitions, objective states and the outbox', async () => {
    await h.push([
      ...Array.from({ length: 20 }, () => ({ sli: 'latency', value: 1200 })),
      { sli: 'nope', value: 1 },
    ]);
    await h.tick();
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('forewarn_ingest_samples_total{outcome="accepted"} 20');
    expect(text).toContain('forewarn_ingest_samples_total{outcome="refused"} 1');
    expect(text).toMatch(/forewarn_evaluation_ticks_total [1-9]/);
    expect(text).toContain('forewarn_transitions_total{to="breach"} 1');
    expect(text).toContain('forewarn_objectives{state="breach"} 1');
    expect(text).toMatch(/forewarn_outbox_notifications\{status="pending"\} \d+/);
  });

  it('shows what remote write and Prometheus pulls did, valid for the real promtool', async () => {
    const rw = h.ctx.engine.metrics.remoteWrite;
    Object.assign(rw, {
      requests: 3,
      samples: 600,
      droppedSamples: 540,
      droppedSeries: 9,
      items: 4,
    });
    h.ctx.engine.metrics.prometheusPulls.set('main\u0000latency', {
      sourceId: 'main',
      sliId: 'latency',
      queries: 12,
      failures: 1,
      samples: 11,
      duplicates: 2,
      skipped: 0,
    });
    const text = (await scrape()).body;
    expect(text).toContain('forewarn_remote_write_samples_received_total 600');
    expect(text).toContain('forewarn_remote_write_samples_ignored_total{reason="no-rule"} 540');
    expect(text).toContain('forewarn_remote_write_series_dropped_total 9');
    expect(text).toContain('forewarn_prometheus_queries_total{source="main",sli="latency"} 12');
    expect(text).toContain('forewarn_prometheus_failures_total{source="main",sli="latency"} 1');
    expect(text).toContain(
      'forewarn_prometheus_samples_total{source="main",sli="latency",outcome="duplicate"} 2',
    );
    if (hasPromtool) {
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`).toBe('');
      expect(check.status).toBe(0);
    }
  });

  it('needs the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });

  it.skipIf(!hasPromtool && !inCi)('is valid exposition format for the real promtool', async () => {
    await h.push([{ sli: 'latency', value: 500 }]);
    await h.tick();
    const check = spawnSync('promtool', ['check', 'metrics'], {
      input: (await scrape()).body,
      encoding: 'utf8',
    });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });
});
