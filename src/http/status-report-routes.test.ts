import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../test/support/protocol-builders.js';
import { STRICT_CSP } from '../web/status/page-headers.js';
import { buildServer } from './build-server.js';

const ADMIN = 'test-admin-token-0123456789';
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;

const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${ADMIN}`,
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });

beforeEach(async () => {
  h = await startHarness(protocolDefinitions(), { startMs: START });
  app = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

describe('status page administration', () => {
  it('creates a secret link that opens the page with the strict CSP, until it is revoked', async () => {
    const created = await admin('POST', '/api/v1/clients/acme/status-links', { label: 'Board' });
    expect(created.statusCode).toBe(201);
    const { link, path, secret } = created.json<{
      link: { id: string; label: string };
      path: string;
      secret: string;
    }>();
    expect(link.label).toBe('Board');
    expect(path).toBe(`/status/acme/s/${secret}`);

    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(STRICT_CSP);
    expect(page.headers['cache-control']).toBe('private, no-store');

    const listed = (await admin('GET', '/api/v1/clients/acme/status-page')).json<{
      public: boolean;
      links: Array<Record<string, unknown>>;
    }>();
    expect(listed.public).toBe(false);
    expect(listed.links).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect((await admin('DELETE', `/api/v1/clients/acme/status-links/${link.id}`)).statusCode).toBe(
      204,
    );
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    const again = await admin('DELETE', `/api/v1/clients/acme/status-links/${link.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('E_STATUS_LINK_NOT_FOUND');
  });

  it('switches a page to public and back', async () => {
    expect((await app.inject({ method: 'GET', url: '/status/acme' })).statusCode).toBe(404);
    expect(
      (await admin('PUT', '/api/v1/clients/acme/status-page', { public: true })).statusCode,
    ).toBe(200);
    const open = await app.inject({ method: 'GET', url: '/status/acme' });
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-security-policy']).toBe(STRICT_CSP);
    await admin('PUT', '/api/v1/clients/acme/status-page', { public: false });
    expect((await app.inject({ method: 'GET', url: '/status/acme' })).statusCode).toBe(404);
  });

  it('refuses a public switch that is not a boolean, naming the field', async () => {
    const res = await admin('PUT', '/api/v1/clients/acme/status-page', { public: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([
      { field: 'public', value: 'yes', expected: 'true or false' },
    ]);
  });

  it('needs the admin token to create a link', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/clients/acme/status-links',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers an unknown client with E_CLIENT_NOT_FOUND', async () => {
    const res = await admin('POST', '/api/v1/clients/nobody/status-links', {});
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('E_CLIENT_NOT_FOUND');
  });

  it('gives a month’s report figures as JSON', async () => {
    await driveLatency(h, START, 1000, 10);
    const res = await admin('GET', '/api/v1/clients/acme/reports/2026-11');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      frozen: boolean;
      report: { slas: Array<{ statement: { lines: unknown[] } }>; incidents: unknown[] };
    }>();
    expect(body.frozen).toBe(false);
    expect(body.report.slas[0]?.statement.lines).toHaveLength(1);
    expect(body.report.incidents).toHaveLength(1);
  });
});

describe('the public URL for e-mail links', () => {
  it('offers e-mail subscriptions when FOREWARN_PUBLIC_URL is set, and not otherwise', async () => {
    await admin('PUT', '/api/v1/clients/acme/status-page', { public: true });
    expect((await app.inject({ method: 'GET', url: '/status/acme' })).body).toContain(
      'E-mail subscriptions are not available',
    );
    const withUrl = await buildServer(h.ctx, {
      adminToken: new Secret(ADMIN),
      env: { FOREWARN_PUBLIC_URL: 'https://status.example/' },
    });
    try {
      const page = await withUrl.inject({ method: 'GET', url: '/status/acme' });
      expect(page.body).toContain('Send me the notices');
      const sent = await withUrl.inject({
        method: 'POST',
        url: '/status/acme/subscribe',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=reader%40acme.example',
      });
      expect(sent.statusCode).toBe(200);
      const [mail] = await h.store.listNotifications({ limit: 10 });
      expect(mail?.message.doing).toContain(
        'https://status.example/status/acme/subscription/confirm?token=',
      );
    } finally {
      await withUrl.close();
    }
  });

  it('refuses to start with a public URL that is not an absolute http(s) URL', async () => {
    for (const url of ['status.example', 'ftp://status.example', 'https://x.example/?a=1']) {
      await expect(
        buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: { FOREWARN_PUBLIC_URL: url } }),
      ).rejects.toThrow(/expected an absolute http\(s\) URL/);
    }
  });
});
