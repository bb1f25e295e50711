import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { MINUTE_MS } from '../../test/support/builders.js';
import { someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { buildServer } from './build-server.js';

const ADMIN = 'backtest-admin-token-0123456789';
const START_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
const URL = '/api/v1/slas/acme-submissions/backtest';
let h: Harness;
let app: FastifyInstance;

beforeEach(async () => {
  h = await startHarness(someDefinitions(), { startMs: START_MS });
  app = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

const post = (payload?: unknown, url = URL, token = ADMIN) =>
  app.inject({
    method: 'POST',
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });

/** An hour of latency, one sample a minute, minutes 20–39 at 1.2 s (the p95 threshold is 800 ms). */
async function pushAnHourWithASlowSpell(): Promise<void> {
  for (let m = 1; m <= 60; m++) {
    h.clock.set(START_MS + m * MINUTE_MS);
    const value = m > 20 && m <= 40 ? 1200 : 300;
    await h.push([{ sli: 'latency', ts: START_MS + (m - 1) * MINUTE_MS + 30_000, value }]);
    await h.tick();
  }
}

describe('POST /api/v1/slas/{id}/backtest', () => {
  it('answers each objective with its own policy and each requested one', async () => {
    await pushAnHourWithASlowSpell();
    const res = await post({
      policies: ['fraction:0.8+trend:15m', 'burn:workbook'],
      days: 1,
      labels: [
        { objective: 'latency', from: '2026-11-02T09:20:00Z', to: START_MS + 40 * MINUTE_MS },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      slaId: 'acme-submissions',
      from: START_MS + 60 * MINUTE_MS - 86_400_000,
      to: START_MS + 60 * MINUTE_MS,
      days: 1,
      stepSeconds: 60,
    });
    expect(
      body.objectives.map((r: { key: string; policy: string; applicable: boolean }) => [
        r.key,
        r.policy,
        r.applicable,
      ]),
    ).toEqual([
      ['acme-submissions/latency', 'own', true],
      ['acme-submissions/latency', 'fraction:0.8+trend:15m', true],
      ['acme-submissions/latency', 'burn:workbook', false],
      ['acme-submissions/availability', 'own', true],
      ['acme-submissions/availability', 'fraction:0.8+trend:15m', false],
      ['acme-submissions/availability', 'burn:workbook', true],
    ]);
    const latency = body.objectives[0];
    expect(latency.counts).toEqual({ earlyWarnings: 0, breaches: 1 });
    expect(latency.transitions[0]).toMatchObject({
      from: 'ok',
      to: 'breach',
      atMs: START_MS + 21 * MINUTE_MS,
      reason: { kind: 'threshold-crossed', threshold: 800 },
    });
    expect(latency.score).toMatchObject({ degradations: 1, detected: 1, breaches: 1 });
    // The live server recorded the same breach.
    expect(h.transitions.find((t) => t.to === 'breach')?.atMs).toBe(START_MS + 21 * MINUTE_MS);
  });

  it('runs the own policies over 30 days when the body is empty', async () => {
    const res = await post();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ days: 30, stepSeconds: 60 });
    expect(res.json().objectives.map((r: { policy: string }) => r.policy)).toEqual(['own', 'own']);
  });

  it('runs backtests sent together one after the other, a failed one not holding up the next', async () => {
    const [a, b, c] = await Promise.all([
      post({ days: 2 }),
      post({}, '/api/v1/slas/nope/backtest'),
      post({ days: 3, objective: 'latency' }),
    ]);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([200, 404, 200]);
    expect(c.json()).toMatchObject({ days: 3, objectives: [{ key: 'acme-submissions/latency' }] });
  });

  it('answers an unknown SLA with E_SLA_NOT_FOUND', async () => {
    const res = await post({}, '/api/v1/slas/nope/backtest');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('E_SLA_NOT_FOUND');
  });

  it('needs the admin token', async () => {
    expect((await post({}, URL, 'wrong-token')).statusCode).toBe(401);
  });

  it.each([
    [
      'a policy it does not know, by index and text',
      { policies: ['fraction:0.8', 'magic:7'] },
      { field: 'policies[1]', value: 'magic:7' },
      'burn:workbook',
    ],
    ['days out of range', { days: 91 }, { field: 'days', value: 91 }, 'from 1 to 90'],
    ['days that are not whole', { days: 1.5 }, { field: 'days', value: 1.5 }, 'whole number'],
    ['days as text', { days: '30' }, { field: 'days', value: '30' }, 'a number'],
    ['a step finer than a minute', { stepSeconds: 15 }, { field: 'stepSeconds' }, 'from 60'],
    ['an objective the SLA lacks', { objective: 'speed' }, { field: 'objective' }, 'latency'],
    ['policies that are not a list', { policies: 'own' }, { field: 'policies' }, 'an array'],
    [
      'too many policies',
      { policies: Array.from({ length: 9 }, (_, i) => `fraction:0.${i + 1}`) },
      { field: 'policies' },
      'at most 8',
    ],
    ['an unknown field', { day: 30 }, { field: 'day' }, 'only policies'],
    [
      'a label with a bad time',
      { labels: [{ from: 'yesterday', to: START_MS }] },
      { field: 'labels[0].from', value: 'yesterday' },
      'ISO-8601',
    ],
    [
      'a label ending before it starts',
      { labels: [{ from: START_MS, to: START_MS - 1 }] },
      { field: 'labels[0].to' },
      'after "from"',
    ],
    [
      'a label for an objective the SLA lacks',
      { labels: [{ objective: 'speed', from: START_MS, to: START_MS + 1 }] },
      { field: 'labels[0].objective', value: 'speed' },
      'availability',
    ],
    ['a body that is not an object', [1, 2], { field: 'body' }, 'an object'],
  ])('refuses %s with 400, naming the field', async (_what, payload, problem, expected) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('E_VALIDATION');
    expect(error.problems[0]).toMatchObject(problem);
    expect(error.problems[0].expected).toContain(expected);
  });
});
