import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { MINUTE_MS } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { protocolDefinitions } from '../../test/support/protocol-builders.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
const OBJECTIVE = 'acme-submissions/latency';
let h: Harness;
let app: FastifyInstance;

const post = (payload: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/alertmanager',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
const get = (url: string) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN}` } });

interface AlertOptions {
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
  fingerprint?: string;
}

function alert(options: AlertOptions = {}) {
  const status = options.status ?? 'firing';
  return {
    status,
    labels: {
      alertname: 'SubmissionsSlow',
      forewarn_objective: OBJECTIVE,
      severity: 'page',
      ...options.labels,
    },
    annotations: { summary: 'p95 above 800 ms' },
    startsAt: new Date(START).toISOString(),
    endsAt:
      status === 'resolved' ? new Date(h.clock.nowMs()).toISOString() : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example/graph',
    fingerprint: options.fingerprint ?? 'c0ffee0123456789',
  };
}

function webhook(alerts: unknown[]) {
  return {
    version: '4',
    groupKey: '{}:{alertname="SubmissionsSlow"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'forewarn',
    groupLabels: { alertname: 'SubmissionsSlow' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example',
    alerts,
  };
}

const stateOf = () => h.ctx.engine.runtime!.objectives.get(OBJECTIVE)!.state;

beforeEach(async () => {
  h = await startHarness(protocolDefinitions(), { startMs: START });
  app = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
  await h.tick();
});
afterEach(async () => {
  await app.close();
  await h.close();
});

describe('the Alertmanager webhook', () => {
  it('opens an incident when a paging alert fires for a mapped objective', async () => {
    h.clock.set(START + MINUTE_MS);
    const res = await post(webhook([alert()]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ applied: 1, refused: 0, unchanged: 0 });
    expect(stateOf().status).toBe('breach');
    expect(h.transitions.map((t) => [t.from, t.to, t.reason.kind])).toEqual([
      ['ok', 'breach', 'external-alert'],
    ]);
    await h.protocol();
    const incidents = (await get('/api/v1/incidents')).json().incidents;
    expect(incidents).toHaveLength(1);
    expect(incidents[0].status).toBe('open');
    const stored = (await get('/api/v1/notifications')).json().notifications;
    expect(stored.length).toBeGreaterThan(0);
  });

  it('moves the breach to recovered when the alert resolves, and the incident sees it', async () => {
    h.clock.set(START + MINUTE_MS);
    await post(webhook([alert()]));
    await h.protocol();
    h.clock.set(START + 20 * MINUTE_MS);
    const res = await post(webhook([alert({ status: 'resolved' })]));
    expect(res.json()).toMatchObject({ applied: 1 });
    expect(stateOf().status).toBe('recovered');
    expect(stateOf().withinSinceMs).toBe(START + 20 * MINUTE_MS);
    await h.protocol();
    const id = (await get('/api/v1/incidents')).json().incidents[0].id as string;
    const view = (await get(`/api/v1/incidents/${id}`)).json();
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toContain('recovering');
  });

  // The evaluator leaves a state held by an external alert alone: only the alert's resolution
  // moves it on (an empty window would otherwise read as "recovered" at the next rotation).
  it('keeps the breach on later ticks while no samples are pushed for the objective', async () => {
    h.clock.set(START + MINUTE_MS);
    await post(webhook([alert()]));
    for (let s = 1; s <= 600; s += 1) {
      h.clock.set(START + MINUTE_MS + s * 1000);
      await h.tick();
    }
    expect(stateOf().status).toBe('breach');
    expect(h.transitions).toHaveLength(1);
  });

  it('changes nothing the second time the same alert fires', async () => {
    h.clock.set(START + MINUTE_MS);
    await post(webhook([alert()]));
    h.clock.set(START + 2 * MINUTE_MS);
    const again = await post(webhook([alert()]));
    expect(again.json()).toMatchObject({ applied: 0, unchanged: 1 });
    expect(h.transitions).toHaveLength(1);
    const stored = await h.store.listTransitions({ objectiveKey: OBJECTIVE, limit: 10 });
    expect(stored.map((t) => t.to)).toEqual(['breach']);
  });

  it('opens an early warning for a warning-severity alert and clears it back to ok on resolution', async () => {
    h.clock.set(START + MINUTE_MS);
    await post(webhook([alert({ labels: { severity: 'warning' } })]));
    expect(stateOf().status).toBe('early-warning');
    h.clock.set(START + 5 * MINUTE_MS);
    await post(webhook([alert({ status: 'resolved', labels: { severity: 'warning' } })]));
    expect(stateOf().status).toBe('ok');
    expect(stateOf().episodeStartMs).toBeUndefined();
    expect(h.transitions.map((t) => t.to)).toEqual(['early-warning', 'ok']);
  });

  it('refuses an alert for an unknown objective with its reason and applies the rest', async () => {
    h.clock.set(START + MINUTE_MS);
    const res = await post(
      webhook([
        alert({ labels: { forewarn_objective: 'nope/latency' }, fingerprint: 'aaaa' }),
        alert({ labels: { forewarn_objective: '' }, fingerprint: 'bbbb' }),
        alert(),
      ]),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ applied: 1, refused: 2 });
    expect(body.alerts[0]).toEqual({
      fingerprint: 'aaaa',
      alertname: 'SubmissionsSlow',
      outcome: 'refused',
      reason: 'no objective "nope/latency"',
    });
    expect(body.alerts[1].reason).toMatch(/no "forewarn_objective" label/);
    expect(stateOf().status).toBe('breach');
  });

  it('names every bad field of a malformed body with the value and what was expected', async () => {
    const res = await post({
      ...webhook([{ status: 'burning', labels: { a: 1 }, startsAt: 'soon', fingerprint: 'x' }]),
      version: '3',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('E_VALIDATION');
    expect(body.error.problems).toEqual([
      { field: 'version', value: '3', expected: '"4" (Alertmanager webhook version 4)' },
      { field: 'alerts[0].status', value: 'burning', expected: 'one of firing, resolved' },
      { field: 'alerts[0].labels', value: { a: 1 }, expected: 'an object of string values' },
      {
        field: 'alerts[0].startsAt',
        value: 'soon',
        expected: 'an RFC 3339 time such as "2026-11-27T10:30:00Z"',
      },
    ]);
    expect(h.transitions).toHaveLength(0);
  });

  it('needs the admin token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/alertmanager',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(webhook([alert()])),
    });
    expect(res.statusCode).toBe(401);
  });
});
