import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import {
  aThresholdObjective,
  aBudgetObjective,
  anSla,
  someDefinitions,
} from '../../test/support/builders.js';
import { PUSH_TOKEN, startHarness, type Harness } from '../../test/support/harness.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
let h: Harness;
let app: FastifyInstance;

beforeEach(async () => {
  h = await startHarness(
    someDefinitions({ slas: [anSla([aThresholdObjective(), aBudgetObjective()])] }),
  );
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

const push = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/samples',
    headers: {
      authorization: `Bearer ${PUSH_TOKEN}`,
      'content-type': 'application/json',
      ...headers,
    },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
const admin = (url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}` } });
const storedTotal = async () =>
  (await h.store.readRollups('requests', 0, Number.MAX_SAFE_INTEGER)).reduce(
    (n, r) => n + r.total,
    0,
  );

describe('POST /api/v1/samples', () => {
  it('accepts a batch and stores it before answering', async () => {
    const now = h.clock.nowMs();
    const res = await push({
      samples: [
        { sli: 'requests', ts: now, good: 9, total: 10 },
        { sli: 'latency', ts: now, value: 120 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, refused: [], duplicate: false });
    expect(await storedTotal()).toBe(10);
  });

  it('changes nothing when the same batch is sent again', async () => {
    const batch = { batchId: 'b-1', samples: [{ sli: 'requests', good: 5, total: 5 }] };
    expect((await push(batch)).json()).toMatchObject({ accepted: 1, duplicate: false });
    expect((await push(batch)).json()).toMatchObject({ accepted: 1, duplicate: true });
    expect(await storedTotal()).toBe(5);
  });

  it('treats a re-sent body whose samples all carry timestamps as the same batch', async () => {
    const batch = { samples: [{ sli: 'requests', ts: h.clock.nowMs(), good: 3, total: 4 }] };
    await push(batch);
    expect((await push(batch)).json()).toMatchObject({ duplicate: true });
    expect(await storedTotal()).toBe(4);
  });

  it('keeps the good items of a batch and names each refused one', async () => {
    const now = h.clock.nowMs();
    const res = await push({
      samples: [
        { sli: 'requests', ts: now, good: 1, total: 1 },
        { sli: 'requests', ts: Math.floor(now / 1000), good: 1, total: 1 },
        { sli: 'nope', ts: now, good: 1, total: 1 },
        { sli: 'requests', ts: now, good: 3, total: 2 },
        { sli: 'latency', ts: now, value: Number.NaN },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(
      body.refused.map((r: { index: number; field: string; code: string }) => [
        r.index,
        r.field,
        r.code,
      ]),
    ).toEqual([
      [1, 'ts', 'E_SAMPLE_INVALID'],
      [2, 'sli', 'E_SLI_UNKNOWN'],
      [3, 'good', 'E_SAMPLE_INVALID'],
      [4, 'value', 'E_SAMPLE_INVALID'],
    ]);
    expect(body.refused[0].expected).toMatch(/looks like seconds/);
    expect(await storedTotal()).toBe(1);
  });

  it('answers 422 naming every problem when no sample is valid', async () => {
    const res = await push({
      samples: [{ sli: 'requests', ts: h.clock.nowMs() - 2 * 3_600_000, good: 1, total: 1 }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'E_SAMPLES_REJECTED',
      problems: [
        { field: 'samples[0].ts', expected: expect.stringMatching(/no older than 60 minutes/) },
      ],
    });
  });

  it('refuses a request without a valid push token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/samples',
      payload: { sli: 'requests', good: 1, total: 1 },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('E_UNAUTHENTICATED');
    expect(
      (await push({ sli: 'requests', good: 1, total: 1 }, { authorization: 'Bearer wrong' }))
        .statusCode,
    ).toBe(401);
  });

  it('says where JSON broke, without a stack trace', async () => {
    const res = await push('{"sli": "requests", "good": 1,');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'E_VALIDATION',
      problems: [{ field: 'body', expected: 'valid JSON' }],
    });
    expect(res.body).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await push({
      samples: Array.from({ length: 5000 }, () => ({ sli: 'requests', good: 1, total: 1 })),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('E_PAYLOAD_TOO_LARGE');
  });

  it('refuses prototype-pollution keys', async () => {
    const res = await push('{"sli":"requests","good":1,"total":1,"__proto__":{"polluted":true}}');
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses compressed bodies with 415', async () => {
    const res = await push({ sli: 'requests', good: 1, total: 1 }, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(415);
  });
});

describe('the management API', () => {
  it('needs the admin token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/slas' })).statusCode).toBe(401);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/slas',
          headers: { authorization: `Bearer ${PUSH_TOKEN}` },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('shows every SLA with its objectives and their numbers', async () => {
    await push({
      samples: [
        { sli: 'requests', good: 999, total: 1000 },
        { sli: 'latency', value: 300 },
      ],
    });
    await h.tick();
    const res = await admin('/api/v1/slas');
    expect(res.statusCode).toBe(200);
    const [sla] = res.json().slas;
    expect(sla).toMatchObject({ id: 'acme-submissions', status: 'ok' });
    const budget = sla.objectives.find((o: { kind: string }) => o.kind === 'budget');
    expect(budget).toMatchObject({ attainmentPercent: 99.9, objectivePercent: 99.9 });
    const budgetRes = await admin('/api/v1/slas/acme-submissions/budget');
    expect(budgetRes.json().objectives[0].burnRates.length).toBeGreaterThan(0);
  });

  it('answers a missing SLA with its code', async () => {
    const res = await admin('/api/v1/slas/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('E_SLA_NOT_FOUND');
  });

  it('names a bad query parameter', async () => {
    const res = await admin('/api/v1/slas/acme-submissions/history?limit=lots');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0]).toMatchObject({ field: 'limit', value: 'lots' });
  });

  it('refuses invalid definitions whole and keeps the ones in force', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/definitions',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/yaml' },
      payload: 'apiVersion: forewarn/v1\nclients:\n  - id: Not Valid\n',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('E_CONFIG_INVALID');
    expect(res.json().error.problems.length).toBeGreaterThan(0);
    expect((await admin('/api/v1/slas/acme-submissions')).statusCode).toBe(200);
  });

  it('serves its OpenAPI description', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.json().openapi).toBe('3.1.0');
  });
});
