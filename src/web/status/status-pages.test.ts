import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStatusLink, revokeStatusLink } from '../../app/status-page/status-links.js';
import { aClient, MINUTE_MS } from '../../../test/support/builders.js';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../../test/support/protocol-builders.js';
import { STRICT_CSP } from './page-headers.js';
import { chromiumMissing, launchChromium, parseFeed } from './test-support/chromium-xml.js';
import { as, clientViewer, statusApp, teamViewer } from './test-support/status-app.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!chromiumMissing) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function definitions() {
  const defs = protocolDefinitions();
  defs.clients.push(aClient({ id: 'globex', name: 'Globex' }));
  return defs;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

beforeEach(async () => {
  h = await startHarness(definitions(), { startMs: START });
  app = await statusApp(h.ctx, { publicUrl: 'https://status.example' });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

describe('who may see a status page', () => {
  it('shows the page to the team and to the client’s own users', async () => {
    for (const viewer of [teamViewer, clientViewer('acme')]) {
      const res = await get('/status/acme', as(viewer));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Acme Corp status');
    }
  });

  it('answers another client’s user, a stranger and a missing client exactly alike', async () => {
    const missing = await get('/status/nobody', as(clientViewer('globex')));
    const foreign = await get('/status/acme', as(clientViewer('globex')));
    const stranger = await get('/status/acme');
    for (const res of [foreign, stranger]) {
      expect(res.statusCode).toBe(missing.statusCode);
      expect(res.body).toBe(missing.body);
      expect(res.headers['content-type']).toBe(missing.headers['content-type']);
      expect(res.headers['cache-control']).toBe(missing.headers['cache-control']);
    }
    expect(missing.statusCode).toBe(404);
  });

  it('opens the page with a live secret link and refuses it once revoked', async () => {
    const { link, path } = await createStatusLink(h.ctx, 'acme', { label: 'board', by: 'admin' });
    const open = await get(path);
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain(`href="${path}/feed.xml"`);
    expect((await get(`${path}/feed.xml`)).statusCode).toBe(200);
    await revokeStatusLink(h.ctx, 'acme', link.id);
    const refused = await get(path);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe((await get('/status/nobody')).body);
    expect((await get(`${path}/feed.xml`)).statusCode).toBe(404);
  });

  it('does not open one client’s page with another client’s link', async () => {
    const { secret } = await createStatusLink(h.ctx, 'globex', { by: 'admin' });
    expect((await get(`/status/acme/s/${secret}`)).statusCode).toBe(404);
    expect((await get(`/status/globex/s/${secret}`)).statusCode).toBe(200);
  });

  it('opens a public page to anyone, cacheable, and keeps other clients private', async () => {
    await h.store.setStatusPagePublic('acme', true, START);
    const res = await get('/status/acme');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    expect((await get('/status/globex')).statusCode).toBe(404);
  });
});

describe('the status page', () => {
  it('carries the strict CSP, no script and its own stylesheet', async () => {
    const res = await get('/status/acme', as(teamViewer));
    expect(res.headers['content-security-policy']).toBe(STRICT_CSP);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body).not.toMatch(/<script|\son[a-z]+=|style=/i);
    expect(res.body).toMatch(/<link rel="stylesheet" href="\/status\/status.css" \/?>/);
    const css = await get('/status/status.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('.pill');
  });

  it('shows the breach, the client notice sent, and an outage', async () => {
    await driveLatency(h, START, 1000, 10);
    const res = await get('/status/acme', as(clientViewer('acme')));
    expect(res.body).toContain('class="banner outage"');
    expect(res.body).toContain('We are seeing');
    expect(res.body).toContain('Submissions API');
  });

  it('shows each signed-in viewer their own name, password link and sign-out from one cached page', async () => {
    const carl = { ...clientViewer('acme'), name: '<b>Carl</b>', csrfToken: 'csrf-carl' };
    const dora = {
      ...clientViewer('acme'),
      userId: 'u-dora',
      name: 'Dora',
      csrfToken: 'csrf-dora',
    };
    const first = await get('/status/acme', as(carl));
    const second = await get('/status/acme', as(dora));
    expect(first.body).toContain('Signed in as <strong>&lt;b&gt;Carl&lt;/b&gt;</strong>');
    expect(first.body).toContain('<input type="hidden" name="_csrf" value="csrf-carl" />');
    expect(first.body).not.toContain('Dora');
    expect(second.body).toContain('Signed in as <strong>Dora</strong>');
    expect(second.body).toContain('<a href="/account/password">Password</a>');
    expect(second.body).toMatch(/<form method="post" action="\/logout">[^]*csrf-dora[^]*Sign out/);
    expect(second.body).not.toContain('Carl');
    expect(second.body).not.toContain('Dashboard');
    const team = await get('/status/acme', as(teamViewer));
    expect(team.body).toContain('Signed in as <strong>Tess</strong> · <a href="/">Dashboard</a>');
    await h.store.setStatusPagePublic('acme', true, START);
    const anonymous = await get('/status/acme');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain('viewer-bar');
    expect(anonymous.body).not.toContain('_csrf');
    expect(anonymous.body).not.toContain('<!--');
  });

  it('serves the cached page until a transition of the client’s objective drops it', async () => {
    await app.close();
    app = await statusApp(h.ctx, { pageTtlMs: 60 * MINUTE_MS });
    const first = await get('/status/acme', as(teamViewer));
    expect(first.body).toContain('class="banner operational"');
    expect(first.body).toContain('Updated 2 Nov 2026, 09:00 UTC');
    h.clock.set(START + 5 * MINUTE_MS);
    const cached = await get('/status/acme', as(teamViewer));
    expect(cached.body).toBe(first.body);
    await driveLatency(h, START, 1000, 10);
    expect(h.transitions.some((t) => t.to === 'breach')).toBe(true);
    const after = await get('/status/acme', as(teamViewer));
    expect(after.body).toContain('class="banner outage"');
  });

  it('prints hostile client, service and notice text as text', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'`';
    const defs = definitions();
    defs.clients[0]!.name = hostile;
    defs.services[0]!.name = hostile;
    defs.slas[0]!.name = hostile;
    defs.slas[0]!.objectives[0]!.name = hostile;
    defs.slas[0]!.contract.exclusions = [
      { name: hostile, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-01T02:00:00Z' },
    ];
    await app.close();
    await h.close();
    h = await startHarness(defs, { startMs: START });
    app = await statusApp(h.ctx, { publicUrl: 'https://status.example' });
    await driveLatency(h, START, 1000, 10);
    const page = await get('/status/acme', as(teamViewer));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const feed = await get('/status/acme/feed.xml', as(teamViewer));
    expect(feed.body).not.toContain('<script>');
    if (browser !== undefined) {
      const parsed = await parseFeed(browser, feed.body);
      expect(parsed.error).toBeNull();
      expect(parsed.title).toBe(`${hostile} status notices`);
    }
  });
});

describe.skipIf(chromiumMissing)('the RSS feed', () => {
  it('is valid XML listing the notices the client received, newest first', async () => {
    await driveLatency(h, START, 1000, 10);
    const res = await get('/status/acme/feed.xml', as(clientViewer('acme')));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const feed = await parseFeed(browser!, res.body);
    expect(feed.error).toBeNull();
    expect(feed.title).toBe('Acme Corp status notices');
    expect(feed.link).toBe('https://status.example/status/acme');
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items[0]!.title).toMatch(/^Incident: /);
    expect(feed.items[0]!.description).toMatch(/^We are seeing /);
    const times = feed.items.map((i) => Date.parse(i.pubDate));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});

describe('the RSS feed access', () => {
  it('follows the page’s access rules', async () => {
    expect((await get('/status/acme/feed.xml')).statusCode).toBe(404);
    expect((await get('/status/acme/feed.xml', as(clientViewer('globex')))).statusCode).toBe(404);
  });
});

describe('e-mail subscriptions', () => {
  const form = (url: string, body: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: body,
    });

  async function confirmationLink(address: string): Promise<string> {
    const queued = await h.store.listNotifications({ limit: 100 });
    const mail = queued.find((n) => n.address === address);
    const link = /https:\/\/status\.example(\/status\/acme\/subscription\/confirm\?token=\S+)/.exec(
      mail?.message.doing ?? '',
    )?.[1];
    if (link === undefined) throw new Error(`no confirmation mail to ${address}`);
    return link;
  }

  it('stores the address only once the signed link in the confirmation mail is opened', async () => {
    const res = await form(
      '/status/acme/subscribe',
      'email=reader%40acme.example',
      as(clientViewer('acme')),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your mail');
    const [mail] = await h.store.listNotifications({ limit: 10 });
    expect(mail).toMatchObject({
      endpointId: 'mail',
      address: 'reader@acme.example',
      audience: 'client',
    });
    expect(await h.store.listStatusSubscribers('acme')).toEqual([]);

    const confirmed = await get(await confirmationLink('reader@acme.example'));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('reader@acme.example will receive the status notices');
    expect((await h.store.listStatusSubscribers('acme')).map((s) => s.email)).toEqual([
      'reader@acme.example',
    ]);
  });

  it('refuses a tampered or expired confirmation link', async () => {
    await form('/status/acme/subscribe', 'email=reader%40acme.example', as(teamViewer));
    const link = await confirmationLink('reader@acme.example');
    const tampered = link.replace(/token=(.)/, (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`);
    expect((await get(tampered)).statusCode).toBe(400);
    h.clock.set(START + 49 * 3_600_000);
    const expired = await get(link);
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('expired');
    expect(await h.store.listStatusSubscribers('acme')).toEqual([]);
  });

  it('sends one confirmation per address in ten minutes', async () => {
    for (let i = 0; i < 3; i++) {
      await form('/status/acme/subscribe', 'email=reader%40acme.example', as(teamViewer));
    }
    const mails = await h.store.listNotifications({ limit: 10 });
    expect(mails.filter((n) => n.address === 'reader@acme.example')).toHaveLength(1);
  });

  it('refuses a bad address, naming the field, and strangers like a missing page', async () => {
    const bad = await form('/status/acme/subscribe', 'email=not-an-address', as(teamViewer));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('email: expected one address like name@example.com');
    const foreign = await form(
      '/status/acme/subscribe',
      'email=x%40globex.example',
      as(clientViewer('globex')),
    );
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe((await get('/status/nobody')).body);
    expect(await h.store.listNotifications({ limit: 10 })).toEqual([]);
  });

  it('sends subscribers the notices the client receives, and stops after unsubscribing', async () => {
    await form('/status/acme/subscribe', 'email=reader%40acme.example', as(teamViewer));
    const confirmed = await get(await confirmationLink('reader@acme.example'));
    const leave = /href="(\/status\/acme\/subscription\/unsubscribe\?token=[^"]+)"/.exec(
      confirmed.body,
    )?.[1];
    await driveLatency(h, START, 1000, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const copies = (await h.store.listNotifications({ limit: 100 })).filter(
      (n) => n.address === 'reader@acme.example' && n.message.event !== 'reminder',
    );
    expect(copies.map((n) => n.message.event)).toEqual(['breach']);
    expect(copies[0]?.message.seeing).toMatch(/latency/i);

    const page = await get(leave!.replace(/&amp;/g, '&'));
    expect(page.body).toContain('<form method="post"');
    const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
    const done = await form(
      '/status/acme/subscription/unsubscribe',
      `token=${encodeURIComponent(token!)}`,
    );
    expect(done.statusCode).toBe(200);
    expect(await h.store.listStatusSubscribers('acme')).toEqual([]);
  });
});

describe('the 90-day history', () => {
  it('shows the days before the first measurement as no data, not operational', async () => {
    await driveLatency(h, START, 400, 3);
    const body = (await get('/status/acme', as(teamViewer))).body;
    // One run of 89 grey days, then today, measured.
    expect(body).toMatch(/class="day w89 no-data"/);
    expect(body).toMatch(/class="day w1 operational"/);
    expect(body).toContain('No data');
  });
});
