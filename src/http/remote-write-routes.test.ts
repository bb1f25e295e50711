import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { Secret } from '../config/secret.js';
import type { RemoteWriteRule } from '../domain/sources.js';
import { MINUTE_MS, someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { openForewarnStore } from '../main.js';
// eslint-disable-next-line no-restricted-imports -- the route test runs the real receiver main wires in
import { receiveRemoteWrite } from '../sources/remote-write/receive-remote-write.js';
// eslint-disable-next-line no-restricted-imports -- and builds bodies with its test encoder
import {
  remoteWriteBody,
  type TestSeries,
} from '../sources/remote-write/test-support/write-request-encoder.js';
// eslint-disable-next-line no-restricted-imports -- a snappy block holding a broken message
import { encodeSnappy } from '../sources/remote-write/test-support/snappy-encoder.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
const S = 1000;

const rules: RemoteWriteRule[] = [
  {
    sliId: 'requests',
    kind: 'ratio',
    good: [
      { name: '__name__', op: '=', value: 'http_requests_total' },
      { name: 'code', op: '!~', value: '5..' },
    ],
    total: [{ name: '__name__', op: '=', value: 'http_requests_total' }],
  },
  { sliId: 'latency', kind: 'value', value: [{ name: '__name__', op: '=', value: 'latency_ms' }] },
];

const PROMETHEUS_HEADERS = {
  authorization: `Bearer ${ADMIN}`,
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
  'user-agent': 'Prometheus/2.42.0',
};

let h: Harness;
let app: FastifyInstance;

async function start(
  options: { store?: Store; bodyLimitBytes?: number; rules?: RemoteWriteRule[] } = {},
) {
  h = await startHarness(someDefinitions({ remoteWrite: options.rules ?? rules }), {
    startMs: START,
    ...(options.store !== undefined ? { store: options.store } : {}),
  });
  app = await buildServer(h.ctx, {
    adminToken: new Secret(ADMIN),
    env: {},
    remoteWrite: receiveRemoteWrite,
    ...(options.bodyLimitBytes !== undefined ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
  });
}

afterEach(async () => {
  await app.close();
  await h.close();
});

const write = (body: Uint8Array, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/write',
    headers: { ...PROMETHEUS_HEADERS, ...headers },
    payload: Buffer.from(body),
  });

const requests = (code: string, points: Array<[number, number]>): TestSeries => ({
  labels: { __name__: 'http_requests_total', code, instance: 'app-1:8080', job: 'shop' },
  samples: points.map(([t, value]) => ({ timestampMs: START + t, value })),
});

const rollups = (sliId: string) =>
  h.store.readRollups(sliId, START - MINUTE_MS, START + 10 * MINUTE_MS);

describe('POST /api/v1/write', () => {
  it('answers 204 and stores counter increases and values as SLI data', async () => {
    await start();
    const first = await write(
      remoteWriteBody([
        requests('200', [[0, 1000]]),
        requests('500', [[0, 3]]),
        { labels: { __name__: 'latency_ms' }, samples: [{ timestampMs: START, value: 120 }] },
        { labels: { __name__: 'up' }, samples: [{ timestampMs: START, value: 1 }] },
      ]),
    );
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    h.clock.set(START + 20 * S);
    const second = await write(
      remoteWriteBody([requests('200', [[15 * S, 1096]]), requests('500', [[15 * S, 7]])]),
    );
    expect(second.statusCode).toBe(204);
    expect(await rollups('requests')).toEqual([
      { sliId: 'requests', minuteMs: START, good: 96, total: 100, sketch: null },
    ]);
    const latency = await rollups('latency');
    expect(latency.map((r) => r.minuteMs)).toEqual([START]);
  });

  it('answers 204 and stores nothing when no series matches a rule', async () => {
    await start();
    const res = await write(
      remoteWriteBody([
        { labels: { __name__: 'up' }, samples: [{ timestampMs: START, value: 1 }] },
      ]),
    );
    expect(res.statusCode).toBe(204);
    expect(await rollups('requests')).toEqual([]);
  });

  it('leaves out a rule it cannot run, says why in the log once, and keeps the others', async () => {
    await start({
      rules: [
        ...rules,
        { sliId: 'nope', kind: 'value', value: [{ name: 'a', op: '=', value: 'b' }] },
      ],
    });
    const warnings: Array<{ obj: object; msg: string | undefined }> = [];
    h.ctx.logger = { ...h.ctx.logger, warn: (obj, msg) => warnings.push({ obj, msg }) };
    for (const t of [0, 15 * S]) {
      h.clock.set(START + t + S);
      const res = await write(remoteWriteBody([requests('200', [[t, 10 + t / S]])]));
      expect(res.statusCode).toBe(204);
    }
    expect(warnings).toEqual([
      {
        obj: { rule: 2, sliId: 'nope', problem: 'no SLI with this id is defined' },
        msg: 'remote-write rule left out',
      },
    ]);
    expect(await rollups('requests')).toEqual([
      { sliId: 'requests', minuteMs: START, good: 15, total: 15, sketch: null },
    ]);
  });

  it('needs the admin token', async () => {
    await start();
    const res = await write(remoteWriteBody([]), { authorization: 'Bearer wrong' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('E_UNAUTHENTICATED');
  });

  it('refuses a corrupt snappy body with 400, saying what is wrong', async () => {
    await start();
    const res = await write(Uint8Array.of(0x10, 0x00, 0x05, 0x09));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'E_VALIDATION',
      message: expect.stringMatching(/^The body is not a valid snappy block: copy offset/),
      problems: [{ field: 'body', expected: expect.stringContaining('snappy') }],
    });
  });

  it('refuses a body that is snappy but not a WriteRequest with 400, naming the field', async () => {
    await start();
    const res = await write(encodeSnappy(Uint8Array.of(0x0a, 0x03, 0x12, 0x09, 0x01)));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(
      /not a valid prometheus\.WriteRequest: timeseries\[0\]\.samples\[0\]: length 9 runs past the end of its enclosing message/,
    );
  });

  it('refuses other encodings and remote write 2.0 with 415', async () => {
    await start();
    const body = remoteWriteBody([]);
    const plain = await write(body, { 'content-encoding': 'identity' });
    expect(plain.statusCode).toBe(415);
    expect(plain.json().error.problems[0]).toMatchObject({
      field: 'Content-Encoding',
      expected: 'snappy',
    });
    const v2 = await write(body, {
      'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request',
      'x-prometheus-remote-write-version': '2.0.0',
    });
    expect(v2.statusCode).toBe(415);
    expect(v2.json().error.problems[0].field).toBe('Content-Type');
    const version = await write(body, { 'x-prometheus-remote-write-version': '2.0.0' });
    expect(version.json().error.problems[0].field).toBe('X-Prometheus-Remote-Write-Version');
    const json = await write(Buffer.from('{}'), { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(415);
  });

  it('refuses a body over the limit with 413', async () => {
    await start({ bodyLimitBytes: 1024 });
    const big = remoteWriteBody(
      Array.from({ length: 200 }, (_, i) => requests(String(i), [[0, Math.random() * 1e9]])),
    );
    expect(big.length).toBeGreaterThan(1024);
    const res = await write(big);
    expect(res.statusCode).toBe(413);
  });

  it('answers 503 when storage is full, and the retried batch counts the same increases', async () => {
    const real = await openForewarnStore('sqlite::memory:');
    let failNext = false;
    const store = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'commitIngestBatch' && failNext) {
          failNext = false;
          return async () => {
            throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
          };
        }
        const v = Reflect.get(target, key, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    await start({ store });
    expect((await write(remoteWriteBody([requests('200', [[0, 50]])]))).statusCode).toBe(204);
    h.clock.set(START + 20 * S);
    const batch = remoteWriteBody([requests('200', [[15 * S, 80]])]);
    failNext = true;
    const failed = await write(batch);
    expect(failed.statusCode).toBe(503);
    expect(failed.json().error.code).toBe('E_STORAGE_UNAVAILABLE');
    expect((await write(batch)).statusCode).toBe(204);
    expect(await rollups('requests')).toEqual([
      { sliId: 'requests', minuteMs: START, good: 30, total: 30, sketch: null },
    ]);
  });
});
