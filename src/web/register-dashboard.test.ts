import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aClient,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../test/support/protocol-builders.js';
import { OVERVIEW_ROWS } from './register-dashboard.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { dashboardApp, TEST_CSRF } from './test-support/test-viewer.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;

afterEach(async () => {
  await app?.close();
  await h?.close();
});

async function start(defs = protocolDefinitions()) {
  h = await startHarness(defs, { startMs: START });
  app = await dashboardApp(h.ctx);
}

const get = (url: string, as?: string) =>
  app.inject({ method: 'GET', url, headers: as ? { 'x-test-viewer': as } : {} });

const post = (url: string, as: string, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'x-test-viewer': as, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: TEST_CSRF, ...fields }).toString(),
  });

async function openIncident(): Promise<string> {
  await driveLatency(h, START, 1000, 10);
  const [incident] = await h.store.listIncidents({ status: 'open', limit: 1 });
  return incident!.id;
}

async function openWatch(): Promise<string> {
  await driveLatency(h, START, 700, 6);
  const [watch] = await h.store.listWatches({ status: 'open', limit: 1 });
  return watch!.id;
}

describe('access to the dashboard pages', () => {
  it('sends nobody to sign in (401 for data), answers 403 to a client user and a too-small role, 200 to the right role', async () => {
    await start();
    const incidentId = await openIncident();
    const pages: Array<[string, 'viewer' | 'admin']> = [
      ['/', 'viewer'],
      ['/slas/acme-submissions', 'viewer'],
      ['/slas/acme-submissions/chart.json?objective=latency', 'viewer'],
      ['/incidents', 'viewer'],
      [`/incidents/${incidentId}`, 'viewer'],
      [`/incidents/${incidentId}/postmortem.md`, 'viewer'],
      ['/settings', 'admin'],
    ];
    for (const [url, needs] of pages) {
      const nobody = await get(url);
      if (url.includes('.json')) expect(nobody.statusCode, url).toBe(401);
      else {
        expect([nobody.statusCode, nobody.headers.location], url).toEqual([
          303,
          `/login?next=${encodeURIComponent(url)}`,
        ]);
      }
      expect((await get(url, 'client')).statusCode, url).toBe(403);
      if (needs === 'admin') expect((await get(url, 'member')).statusCode, url).toBe(403);
      const ok = await get(url, needs);
      expect(ok.statusCode, url).toBe(200);
    }
  });

  it('sends nobody to the sign-in form and back to the page, and names the needed role on the 403 page', async () => {
    await start();
    const nobody = await get('/slas/acme-submissions?range=7d');
    expect([nobody.statusCode, nobody.headers.location]).toEqual([
      303,
      '/login?next=%2Fslas%2Facme-submissions%3Frange%3D7d',
    ]);
    const member = await get('/settings', 'member');
    expect(member.body).toContain('This needs the admin role; you are member.');
  });

  it('refuses actions to the viewer role and to nobody, and changes nothing', async () => {
    await start();
    const id = await openIncident();
    const asViewer = await post(`/incidents/${id}/ack`, 'viewer', {});
    expect(asViewer.statusCode).toBe(403);
    expect((await post(`/incidents/${id}/ack`, '', {})).statusCode).toBe(401);
    expect((await h.store.getIncident(id))?.acknowledged).toBeUndefined();
  });

  it('shows viewers the incident without any action form', async () => {
    await start();
    const id = await openIncident();
    const res = await get(`/incidents/${id}`, 'viewer');
    expect(res.body).toContain('data-testid="read-only"');
    expect(res.body).not.toMatch(/<form method="post" action="\/incidents/);
  });

  it('answers a missing incident, watch or SLA with a 404 page', async () => {
    await start();
    for (const url of ['/incidents/nope', '/watches/nope', '/slas/nope']) {
      const res = await get(url, 'viewer');
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });
});

describe('security headers and assets', () => {
  it('sends the strict Content-Security-Policy on every page, error pages included', async () => {
    await start();
    for (const [url, as] of [
      ['/', 'viewer'],
      ['/', undefined],
      ['/settings', 'admin'],
      ['/incidents/nope', 'viewer'],
    ] as const) {
      const res = await get(url, as);
      expect(res.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('has no inline script or style on any page (only src= scripts and JSON data)', async () => {
    await start();
    const id = await openIncident();
    for (const url of ['/', '/slas/acme-submissions', `/incidents/${id}`, '/settings']) {
      const body = (await get(url, 'admin')).body;
      expect(body, url).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>/);
      expect(body, url).not.toMatch(/\sstyle=/);
      expect(body, url).not.toMatch(/\son[a-z]+=/);
      expect(body, url).not.toContain('<style');
    }
  });

  it('serves the stylesheet, scripts and uPlot under content-hashed URLs with a long cache', async () => {
    await start();
    const page = (await get('/slas/acme-submissions', 'viewer')).body;
    const urls = [...page.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.some((u) => /\/assets\/uplot\.[0-9a-f]{12}\.js$/.test(u))).toBe(true);
    expect(urls.some((u) => /\/assets\/dashboard\.[0-9a-f]{12}\.css$/.test(u))).toBe(true);
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await get('/assets/dashboard.000000000000.css')).statusCode).toBe(404);
  });

  it('logs a CSP violation report', async () => {
    await start();
    const warnings: unknown[] = [];
    h.ctx.logger.warn = (obj) => warnings.push(obj);
    const res = await app.inject({
      method: 'POST',
      url: '/csp-report',
      headers: { 'content-type': 'application/csp-report' },
      payload: JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src' } }),
    });
    expect(res.statusCode).toBe(204);
    expect(warnings).toEqual([
      expect.objectContaining({
        cspReport: { 'csp-report': { 'violated-directive': 'script-src' } },
      }),
    ]);
  });
});

describe('escaping', () => {
  const HOSTILE = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';

  it('escapes hostile client, SLA, objective and SLI names on every page', async () => {
    const defs = someDefinitions({
      clients: [aClient({ name: HOSTILE })],
      slas: [anSla([aThresholdObjective({ name: HOSTILE })], { name: HOSTILE })],
    });
    defs.slis = defs.slis.map((s) => ({ ...s, unit: HOSTILE }));
    defs.services = [{ id: 'submissions', name: HOSTILE, roles: {} }];
    await start(defs);
    await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 900 })));
    await h.tick();
    for (const url of ['/', '/slas/acme-submissions', '/settings']) {
      const body = (await get(url, 'admin')).body;
      expect(body, url).not.toContain('<script>alert(1)');
      expect(body, url).not.toContain('<img src=x');
      expect(body, url).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img');
    }
  });

  it('escapes what a person types into a notice when the page shows it again', async () => {
    await start();
    const id = await openIncident();
    const res = await post(`/incidents/${id}/notices`, 'member', {
      seeing: HOSTILE,
      nextUpdateAt: '2020-01-01T00:00',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('the overview', () => {
  it('lists every objective sorted by risk: breach first, then early warning, then the least budget left', async () => {
    const defs = someDefinitions({
      clients: [aClient({ id: 'acme', name: 'Acme' }), aClient({ id: 'beta', name: 'Beta' })],
      slas: [
        anSla([aThresholdObjective({ slaId: 'acme-quiet' })], { id: 'acme-quiet', name: 'Quiet' }),
        anSla([aThresholdObjective({ slaId: 'beta-hot', threshold: 500 })], {
          id: 'beta-hot',
          clientId: 'beta',
          name: 'Hot',
        }),
        anSla([aThresholdObjective({ slaId: 'acme-warm', threshold: 760 })], {
          id: 'acme-warm',
          name: 'Warm',
        }),
      ],
    });
    await start(defs);
    // p95 ≈ 640 ms: over 500 (breach), 84 % of 760 (early warning), 80 % of 800 (early warning too).
    await h.push(Array.from({ length: 20 }, (_, i) => ({ sli: 'latency', value: 400 + i * 13 })));
    await h.tick();
    const body = (await get('/', 'viewer')).body;
    const keys = [
      ...body.matchAll(/data-testid="overview-row"\s+data-key="([^"]+)"\s+data-status="([^"]+)"/g),
    ].map((m) => `${m[1]} ${m[2]}`);
    expect(keys[0]).toBe('beta-hot/latency breach');
    expect(keys.slice(1).every((k) => k.endsWith('early-warning') || k.endsWith('ok'))).toBe(true);
    expect(keys).toHaveLength(3);
  });

  it('filters by client from the query string and refuses an unknown client', async () => {
    const defs = someDefinitions({
      clients: [aClient({ id: 'acme', name: 'Acme' }), aClient({ id: 'beta', name: 'Beta' })],
      slas: [
        anSla([aThresholdObjective({ slaId: 'a1' })], { id: 'a1' }),
        anSla([aThresholdObjective({ slaId: 'b1' })], { id: 'b1', clientId: 'beta' }),
      ],
    });
    await start(defs);
    const body = (await get('/?client=beta', 'viewer')).body;
    expect(body).toContain('data-key="b1/latency"');
    expect(body).not.toContain('data-key="a1/latency"');
    expect((await get('/?client=nobody', 'viewer')).statusCode).toBe(404);
  });

  it('shows the most at-risk rows up to the limit, counts over all, and every row with ?all=1', async () => {
    const slas = Array.from({ length: OVERVIEW_ROWS + 1 }, (_, i) =>
      anSla([aThresholdObjective({ slaId: `s${i}`, threshold: i === OVERVIEW_ROWS ? 500 : 800 })], {
        id: `s${i}`,
      }),
    );
    await start(someDefinitions({ slas }));
    await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 600 })));
    await h.tick();
    const rowsOf = (body: string) => body.match(/data-testid="overview-row"/g)?.length ?? 0;
    const limited = (await get('/', 'viewer')).body;
    expect(rowsOf(limited)).toBe(OVERVIEW_ROWS);
    expect(limited).toContain('data-testid="overview-all"');
    expect(limited).toMatch(/data-key="s500\/latency"/);
    expect(limited).toMatch(/data-testid="count-breach"[^>]*>\s*1 in breach/);
    expect(rowsOf((await get('/?all=1', 'viewer')).body)).toBe(OVERVIEW_ROWS + 1);
  });

  it('links an objective to its open incident', async () => {
    await start();
    const id = await openIncident();
    const body = (await get('/', 'viewer')).body;
    expect(body).toContain(`href="/incidents/${id}"`);
  });
});

describe('the SLA page', () => {
  it('shows the transitions with their reason texts and a chart per objective', async () => {
    await start();
    await openIncident();
    const body = (await get('/slas/acme-submissions', 'viewer')).body;
    expect(body).toContain('data-testid="transition-row"');
    expect(body).toMatch(/observed \d+ ms breaks &lt;= 800 ms over 5m/);
    expect(body).toContain(
      'data-chart-url="/slas/acme-submissions/chart.json?objective=acme-submissions%2Flatency&amp;range=24h"',
    );
  });

  it('serves chart data from the stored rollups with the threshold and warning line', async () => {
    await start();
    await openIncident();
    const res = await get('/slas/acme-submissions/chart.json?objective=latency&range=6h', 'viewer');
    expect(res.statusCode).toBe(200);
    const chart = res.json();
    expect(chart).toMatchObject({ threshold: 800, warning: 640, comparator: '<=', range: '6h' });
    const values = chart.sli.v.filter((v: number | null) => v !== null);
    expect(values.length).toBeGreaterThan(0);
    expect(Math.max(...values)).toBeGreaterThan(800);
  });

  it('refuses an unknown range or objective with a JSON error', async () => {
    await start();
    const bad = await get('/slas/acme-submissions/chart.json?objective=latency&range=1y', 'viewer');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('E_VALIDATION');
    const missing = await get('/slas/acme-submissions/chart.json?objective=nope', 'viewer');
    expect(missing.statusCode).toBe(404);
  });
});

describe('the incident page', () => {
  it('walks the protocol: stepper, client-first clock, composer pre-filled from the draft, ladder, gate, timeline', async () => {
    await start(protocolDefinitions());
    const id = await openIncident();
    const body = (await get(`/incidents/${id}`, 'member')).body;
    expect(body).toContain('data-testid="stage-stepper"');
    expect(body).toMatch(/data-stage="detect" data-state="done"/);
    expect(body).toContain('data-testid="notice-composer"');
    const draft = await import('../app/incident-notices.js').then((m) =>
      m.incidentNoticeDraft(h.ctx, id),
    );
    expect(body).toContain(`${draft.doing}</textarea>`);
    expect(body).toContain(`name="_csrf" value="${TEST_CSRF}"`);
    expect(body).toContain('data-testid="promised-update-countdown"');
    expect(body).toContain('data-lever="feature-flag"');
    expect(body).toMatch(/data-testid="recovery-gate"\s+data-open="false"/);
    expect(body).toContain('data-kind="detected"');
  });

  it('sends a notice through the composer and redirects back with a flash message', async () => {
    await start();
    const id = await openIncident();
    const before = (await h.store.getIncident(id))!.notices.length;
    const res = await post(`/incidents/${id}/notices`, 'member', {
      seeing: 'slow submissions',
      doing: 'a rollback',
      next: 'whether it helped',
      nextUpdateAt: new Date(h.clock.nowMs() + 20 * MINUTE_MS).toISOString().slice(0, 16),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/incidents/${id}?flash=notice-sent`);
    const after = (await h.store.getIncident(id))!;
    expect(after.notices).toHaveLength(before + 1);
    expect(after.notices.at(-1)).toMatchObject({
      seeing: 'slow submissions',
      sentBy: 'Test member',
    });
    const page = (await get(res.headers.location as string, 'member')).body;
    expect(page).toContain('data-testid="flash"');
    expect(page).toContain('Notice sent to the client.');
  });

  it('shows a refused step at its form with the field named and the values kept', async () => {
    await start();
    const id = await openIncident();
    const res = await post(`/incidents/${id}/levers`, 'member', {
      lever: 'deploy-rollback',
      outcome: 'tried',
      note: 'rolling back v42',
    });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('data-testid="form-error"');
    expect(res.body).toContain('the ladder goes in order');
    expect(res.body).toContain('value="rolling back v42"');
    const bad = await post(`/incidents/${id}/commitments`, 'member', { title: 'x', dueAt: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('data-field="owner"');
    expect(bad.body).toContain('data-field="dueAt"');
  });

  it('records levers, acknowledges, resolves with an override, then runs the postmortem and make right', async () => {
    await start();
    const id = await openIncident();
    const steps: Array<[string, Record<string, string>, string]> = [
      ['ack', {}, 'acknowledged'],
      ['levers', { lever: 'feature-flag', outcome: 'skipped', note: 'no flag' }, 'lever-recorded'],
      ['levers', { lever: 'deploy-rollback', outcome: 'worked' }, 'lever-recorded'],
      [
        'resolve',
        { rootCause: 'bad deploy', fix: 'rolled back', overrideReason: 'client call' },
        'resolved',
      ],
      ['postmortem', { summary: 'Slow submissions for 10 minutes' }, 'postmortem-saved'],
      [
        'commitments',
        { title: 'Canary deploys', owner: 'erin', dueAt: '2026-11-20T12:00' },
        'commitment-added',
      ],
      ['postmortem/complete', {}, 'postmortem-done'],
      [
        'client-commitments',
        { text: 'Weekly report', owner: 'dana', dueAt: '2026-11-10T12:00' },
        'client-commitment-added',
      ],
      ['review', { at: '2026-11-12T15:00', with: 'Acme ops' }, 'review-scheduled'],
      ['make-right/complete', {}, 'make-right-done'],
    ];
    for (const [path, fields, flash] of steps) {
      const res = await post(`/incidents/${id}/${path}`, 'member', fields);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 2000)}`).toBe(303);
      expect(res.headers.location, path).toContain(`flash=${flash}`);
    }
    const done = (await h.store.getIncident(id))!;
    expect(done.status).toBe('closed');
    expect(done.acknowledged?.by).toBe('Test member');
    expect(done.levers.map((l) => `${l.lever}:${l.outcome}`)).toEqual([
      'feature-flag:skipped',
      'deploy-rollback:worked',
    ]);
    expect(done.resolution?.overrideReason).toBe('client call');
    expect(done.postmortem?.status).toBe('done');
    const page = (await get(`/incidents/${id}`, 'viewer')).body;
    expect(page).toContain('data-testid="credits"');
    expect(page).toMatch(/data-stage="make-right" data-state="done"/);
  });

  it('marks a commitment done from its button', async () => {
    await start();
    const id = await openIncident();
    await post(`/incidents/${id}/resolve`, 'member', {
      rootCause: 'r',
      fix: 'f',
      overrideReason: 'o',
    });
    await post(`/incidents/${id}/commitments`, 'member', {
      title: 'Fix it',
      owner: 'erin',
      dueAt: '2026-11-20T12:00',
    });
    const c = (await h.store.getIncident(id))!.postmortem!.commitments[0]!;
    const res = await post(`/incidents/${id}/commitments/${c.id}/done`, 'member', {});
    expect(res.statusCode).toBe(303);
    expect((await h.store.getIncident(id))!.postmortem!.commitments[0]!.status).toBe('done');
  });
});

describe('the watch page', () => {
  it('shows the heads-up composer pre-filled and sends the heads-up', async () => {
    await start();
    const id = await openWatch();
    const page = (await get(`/watches/${id}`, 'member')).body;
    expect(page).toContain('data-testid="heads-up-submit"');
    expect(page).toContain('preventive work so that your service is not affected</textarea>');
    const res = await post(`/watches/${id}/heads-up`, 'member', {
      send: 'yes',
      seeing: 'early signs',
      doing: 'preventive work',
      next: 'whether it was avoided',
    });
    expect(res.statusCode).toBe(303);
    const watch = (await h.store.getWatch(id))!;
    expect(watch.headsUp?.decision).toBe('sent');
    expect(watch.notices[0]?.seeing).toBe('early signs');
  });

  it('needs a reason to decline, named at the form', async () => {
    await start();
    const id = await openWatch();
    const res = await post(`/watches/${id}/heads-up`, 'member', { send: 'no' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Not sending a heads-up needs a reason.');
    expect(
      (await post(`/watches/${id}/heads-up`, 'member', { send: 'no', reason: 'noise' })).statusCode,
    ).toBe(303);
    expect((await h.store.getWatch(id))!.headsUp?.decision).toBe('declined');
  });
});

describe('settings', () => {
  it('lists clients, SLAs, people, rotations and channels without secrets', async () => {
    const defs = protocolDefinitions();
    defs.endpoints.push({
      kind: 'slack',
      id: 'team-slack',
      url: { reveal: () => 'https://hooks.slack.example/SECRET-PATH' } as never,
    });
    await start(defs);
    const body = (await get('/settings', 'admin')).body;
    for (const id of [
      'settings-clients',
      'settings-slas',
      'settings-people',
      'settings-rotations',
      'settings-channels',
    ]) {
      expect(body).toContain(`data-testid="${id}"`);
    }
    expect(body).toContain('Acme ops');
    expect(body).toContain('data-endpoint="team-slack"');
    expect(body).not.toContain('SECRET-PATH');
  });

  it('queues a test notification through a channel and names a missing address', async () => {
    await start();
    const missing = await post('/settings/channels/mail/test', 'admin', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('data-field="address"');
    const res = await post('/settings/channels/mail/test', 'admin', {
      address: 'ops@team.example',
    });
    expect(res.statusCode).toBe(303);
    const queued = await h.store.listNotifications({ limit: 100 });
    expect(queued.some((n) => n.message.event === 'test' && n.address === 'ops@team.example')).toBe(
      true,
    );
    expect(
      (await post('/settings/channels/mail/test', 'member', { address: 'a@b.example' })).statusCode,
    ).toBe(403);
  });
});
