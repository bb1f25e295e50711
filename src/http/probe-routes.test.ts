import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import type { ProbeStatus } from '../domain/probe-status.js';
import { someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
const AT_MS = Date.UTC(2026, 10, 27, 9, 0, 0);
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

let h: Harness;
let app: FastifyInstance;
beforeEach(async () => {
  h = await startHarness(someDefinitions());
  app = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

const get = (url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}` } });

const aStatus = (o: Partial<ProbeStatus> = {}): ProbeStatus => ({
  probeId: 'api',
  serviceId: 'submissions',
  method: 'GET',
  target: 'https://api.example.com/health',
  intervalMs: 10_000,
  checks: 12,
  failures: 2,
  skipped: 0,
  inconclusive: 1,
  ...o,
});

function putProbes(): void {
  const board = h.ctx.engine.metrics.probes;
  board.set(
    'web',
    aStatus({
      probeId: 'web',
      target: 'http://web.example.com/',
      checks: 5,
      failures: 5,
      sinceMs: AT_MS - 4000,
      last: { atMs: AT_MS, up: false, reason: { kind: 'connection-refused' } },
    }),
  );
  board.set(
    'api',
    aStatus({
      sinceMs: AT_MS - 60_000,
      last: {
        atMs: AT_MS,
        up: true,
        reason: { kind: 'ok' },
        latencyMs: 41.27,
        status: 200,
        remoteAddress: '203.0.113.7',
        certificate: { validTo: '2027-01-31T00:00:00.000Z', daysLeft: 65 },
      },
    }),
  );
  board.set('new', aStatus({ probeId: 'new', checks: 0, failures: 0 }));
}

describe('GET /api/v1/probes', () => {
  it("answers each probe's last check with its reason, latency and certificate days left", async () => {
    putProbes();
    const res = await get('/api/v1/probes');
    expect(res.statusCode).toBe(200);
    const { probes } = res.json() as { probes: Array<Record<string, unknown>> };
    expect(probes.map((p) => p.id)).toEqual(['api', 'new', 'web']);
    expect(probes[0]).toEqual({
      id: 'api',
      serviceId: 'submissions',
      method: 'GET',
      target: 'https://api.example.com/health',
      intervalMs: 10_000,
      up: true,
      sinceMs: AT_MS - 60_000,
      lastCheck: {
        atMs: AT_MS,
        reason: { kind: 'ok' },
        message: 'ok',
        latencyMs: 41.3,
        status: 200,
        remoteAddress: '203.0.113.7',
        certificateDaysLeft: 65,
        certificateValidTo: '2027-01-31T00:00:00.000Z',
      },
      checks: 12,
      failures: 2,
      skipped: 0,
      inconclusive: 1,
    });
    expect(probes[1]).toMatchObject({ up: null, lastCheck: null });
    expect(probes[2]).toMatchObject({
      up: false,
      lastCheck: {
        reason: { kind: 'connection-refused' },
        message: 'connection refused: nothing listens on that port',
        latencyMs: null,
        certificateDaysLeft: null,
      },
    });
  });

  it('needs the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/probes' })).statusCode).toBe(401);
  });
});

describe('probe families in /metrics', () => {
  it('count checks by result and give each probe its up state and certificate expiry', async () => {
    putProbes();
    const text = (await get('/metrics')).body;
    expect(text).toContain('forewarn_probe_checks_total{probe="api",result="up"} 10');
    expect(text).toContain('forewarn_probe_checks_total{probe="api",result="down"} 2');
    expect(text).toContain('forewarn_probe_checks_total{probe="api",result="inconclusive"} 1');
    expect(text).toContain('forewarn_probe_up{probe="web"} 0');
    expect(text).toContain('forewarn_probe_up{probe="api"} 1');
    expect(text).not.toContain('forewarn_probe_up{probe="new"}');
    expect(text).toContain(
      'forewarn_probe_certificate_expiry_timestamp_seconds{probe="api"} 1801353600',
    );
  });

  it('are absent when no probe is defined', async () => {
    expect((await get('/metrics')).body).not.toContain('forewarn_probe_');
  });

  it.skipIf(!hasPromtool)('are valid exposition format for the real promtool', async () => {
    putProbes();
    const check = spawnSync('promtool', ['check', 'metrics'], {
      input: (await get('/metrics')).body,
      encoding: 'utf8',
    });
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });
});
