import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { someDefinitions } from '../../test/support/builders.js';
import { dashboardApp, TEST_CSRF } from './test-support/test-viewer.js';

let h: Harness;
let app: FastifyInstance;

afterEach(async () => {
  await app?.close();
  await h?.close();
});

const YAML = `apiVersion: forewarn/v1
clients:
  - id: globex
    name: Globex
services:
  - id: parcels
slis:
  - id: parcel-requests
    service: parcels
    kind: ratio
slas:
  - id: globex-parcels
    client: globex
    service: parcels
    objectives:
      - id: availability
        sli: parcel-requests
        budget: { objective: 99.5, period: 30d }
`;

const submit = (as: string, yaml: string, intent: 'check' | 'apply') =>
  app.inject({
    method: 'POST',
    url: '/settings/definitions',
    headers: { 'x-test-viewer': as, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: TEST_CSRF, yaml, intent }).toString(),
  });

describe('the definitions editor in settings', () => {
  it('checks without applying, then applies all or nothing', async () => {
    h = await startHarness(someDefinitions());
    app = await dashboardApp(h.ctx);
    const checked = await submit('admin', YAML, 'check');
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain(
      'Valid: 1 clients, 1 SLAs, 1 objectives. Nothing was applied yet.',
    );
    expect(h.ctx.engine.runtime?.definitions.clients.map((c) => c.id)).toEqual(['acme']);

    const applied = await submit('admin', YAML, 'apply');
    expect(applied.body).toContain('Applied: 1 clients, 1 SLAs, 1 objectives.');
    expect(h.ctx.engine.runtime?.definitions.clients.map((c) => c.id)).toEqual(['globex']);
  });

  it('lists every problem with its line, keeps the text, and applies nothing', async () => {
    h = await startHarness(someDefinitions());
    app = await dashboardApp(h.ctx);
    const broken = YAML.replace('kind: ratio', 'kind: ratoi').replace('99.5', '150');
    const res = await submit('admin', broken, 'apply');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('2 problems; nothing was applied.');
    expect(res.body).toMatch(/line 10: <code>slis\[0\]\.kind<\/code>/);
    expect(res.body).toContain('kind: ratoi');
    expect(h.ctx.engine.runtime?.definitions.clients.map((c) => c.id)).toEqual(['acme']);
  });

  it('escapes what was typed and is for admins only', async () => {
    h = await startHarness(someDefinitions());
    app = await dashboardApp(h.ctx);
    const hostile = await submit('admin', '</textarea><script>alert(1)</script>', 'check');
    expect(hostile.body).not.toContain('<script>alert(1)</script>');
    expect(hostile.body).toContain('&lt;/textarea&gt;&lt;script&gt;');
    expect((await submit('member', YAML, 'apply')).statusCode).toBe(403);
    const page = await app.inject({
      method: 'GET',
      url: '/settings/definitions',
      headers: { 'x-test-viewer': 'member' },
    });
    expect(page.statusCode).toBe(403);
    expect(h.ctx.engine.runtime?.definitions.clients.map((c) => c.id)).toEqual(['acme']);
  });
});
