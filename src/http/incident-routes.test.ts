import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { MINUTE_MS } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../test/support/protocol-builders.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${ADMIN}`,
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });

/** p95 latency of 1 s from minute 2: a breach a few minutes later. */
async function breach(minutes = 10): Promise<string> {
  await driveLatency(h, START, 1000, minutes);
  const list = (await call('GET', '/api/v1/incidents?status=open')).json<{
    incidents: Array<{ id: string }>;
  }>();
  return list.incidents[0]!.id;
}

beforeEach(async () => {
  h = await startHarness(protocolDefinitions(), { startMs: START });
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

describe('the incident API', () => {
  it('shows an incident with its recovery gate, figures, ladder and timeline', async () => {
    const id = await breach();
    const view = (await call('GET', `/api/v1/incidents/${id}`)).json();
    expect(view.incident.status).toBe('open');
    expect(view.recoveryGate.open).toBe(false);
    expect(view.ladder.map((l: { lever: string }) => l.lever)).toEqual([
      'feature-flag',
      'deploy-rollback',
      'migration-rollback',
      'data-correction',
    ]);
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toContain('detected');
    expect(view.figures.clients[0].noticeTiming).toBe('within');
  });

  it('names every bad field of a notice at once, with the value and what was expected', async () => {
    const id = await breach();
    const res = await call('POST', `/api/v1/incidents/${id}/notices`, {
      seeing: '',
      nextUpdateAt: 'tomorrow',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('E_VALIDATION');
    expect(body.error.problems).toEqual([
      { field: 'by', expected: 'text of 1 to 200 characters' },
      { field: 'seeing', value: '', expected: 'text of 1 to 1000 characters' },
      {
        field: 'nextUpdateAt',
        value: 'tomorrow',
        expected: 'an ISO-8601 time such as "2026-11-27T10:30:00Z"',
      },
    ]);
  });

  it('refuses to resolve before recovery, saying what is missing, and accepts an override with its reason', async () => {
    const id = await breach();
    const refused = await call('POST', `/api/v1/incidents/${id}/resolve`, {
      by: 'erin',
      rootCause: 'bad deploy',
      fix: 'rollback',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('E_PROTOCOL_STEP');
    expect(refused.json().error.message).toMatch(/still in breach/);

    const overridden = await call('POST', `/api/v1/incidents/${id}/resolve`, {
      by: 'erin',
      rootCause: 'bad deploy',
      fix: 'rollback',
      overrideReason: 'the client confirmed normal service; the window lags',
    });
    expect(overridden.statusCode).toBe(200);
    expect(overridden.json().incident.resolution.overrideReason).toMatch(/client confirmed/);
    const timeline = (await call('GET', `/api/v1/incidents/${id}`)).json().timeline;
    expect(timeline.map((e: { kind: string }) => e.kind)).toContain('resolved-with-override');
  });

  it('keeps the lever ladder in order and needs a reason to skip', async () => {
    const id = await breach();
    const outOfOrder = await call('POST', `/api/v1/incidents/${id}/levers`, {
      lever: 'deploy-rollback',
      outcome: 'tried',
      by: 'erin',
    });
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json().error.message).toMatch(/record "feature-flag" first/);
    const noReason = await call('POST', `/api/v1/incidents/${id}/levers`, {
      lever: 'feature-flag',
      outcome: 'skipped',
      by: 'erin',
    });
    expect(noReason.statusCode).toBe(409);
    const bad = await call('POST', `/api/v1/incidents/${id}/levers`, {
      lever: 'reboot',
      outcome: 'maybe',
      by: 'erin',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { field: string }) => p.field)).toEqual([
      'lever',
      'outcome',
    ]);
  });

  it('sends a notice with W and shows it in the incident', async () => {
    const id = await breach();
    const w = new Date(h.clock.nowMs() + 30 * MINUTE_MS).toISOString();
    const res = await call('POST', `/api/v1/incidents/${id}/notices`, {
      by: 'frank',
      nextUpdateAt: w,
    });
    expect(res.statusCode).toBe(200);
    const incident = res.json().incident;
    expect(incident.clients[0].nextUpdateDueAtMs).toBe(Date.parse(w));
    expect(incident.notices.at(-1).sentBy).toBe('frank');
  });

  it('acknowledges the incident when one of its pages is acknowledged through the notification API', async () => {
    const id = await breach();
    const pages = (await call('GET', '/api/v1/notifications')).json().notifications as Array<{
      id: string;
      audience: string;
    }>;
    const page = pages.find((n) => n.audience === 'team')!;
    expect(
      (await call('POST', `/api/v1/notifications/${page.id}/ack`, { by: 'alice' })).statusCode,
    ).toBe(200);
    const view = (await call('GET', `/api/v1/incidents/${id}`)).json();
    expect(view.incident.acknowledged.by).toBe('alice');
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toContain('acknowledged');
  });

  it('answers an unknown incident with 404 and its code', async () => {
    const res = await call('GET', '/api/v1/incidents/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('E_INCIDENT_NOT_FOUND');
  });

  it('exports the postmortem as Markdown', async () => {
    const id = await breach();
    const res = await call('GET', `/api/v1/incidents/${id}/postmortem.md`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/markdown/);
    expect(res.body).toMatch(/^# /);
  });
});

describe('client reports', () => {
  it('matches an inbound e-mail to the client by its contact address and records it on the open incident', async () => {
    const id = await breach();
    const res = await call('POST', '/api/v1/inbound/email', {
      from: 'Acme Ops <OPS@acme.example>',
      subject: 'Uploads failing?',
      text: 'Since 09:05 uploads time out.',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().report.incidentId).toBe(id);
    const figures = (await call('GET', '/api/v1/figures/client-first')).json();
    expect(figures.overall.incidents).toBe(1);
  });

  it('refuses an e-mail from an address no client has', async () => {
    const res = await call('POST', '/api/v1/inbound/email', { from: 'someone@else.example' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.problems[0]).toMatchObject({
      field: 'from',
      value: 'someone@else.example',
    });
  });
});

describe('credits', () => {
  it('previews the running month and refuses to issue it before it closes', async () => {
    await breach();
    const preview = await call('GET', '/api/v1/slas/acme-submissions/credits');
    expect(preview.statusCode).toBe(200);
    expect(preview.json().closed).toBe(false);
    expect(preview.json().statement.period.label).toBe('2026-11');
    const early = await call('POST', '/api/v1/slas/acme-submissions/credits/2026-11');
    expect(early.statusCode).toBe(409);
    const badPeriod = await call('GET', '/api/v1/slas/acme-submissions/credits?period=November');
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json().error.problems[0]).toMatchObject({
      field: 'period',
      value: 'November',
    });
  });
});
