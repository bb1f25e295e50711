// The status page and the report as Chromium shows them, from a real listening server: hostile
// text in every field a definition or a notice can carry runs no script and trips no CSP rule.
// FOREWARN_SCREENSHOTS=<dir> also saves screenshots of the pages there (for docs/).

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStatusLink } from '../../app/status-page/status-links.js';
import type { Definitions } from '../../domain/definitions.js';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../../test/support/protocol-builders.js';
import { chromiumMissing, launchChromium } from './test-support/chromium-xml.js';
import { XSS } from '../../../test/browser/support/xss-corpus.js';
import { as, statusApp, teamViewer } from './test-support/status-app.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);

const TEAM = as(teamViewer);

function hostileDefinitions(): Definitions {
  const defs = protocolDefinitions();
  defs.clients[0]!.name = `Acme ${XSS}`;
  defs.services[0]!.name = `Submissions ${XSS}`;
  const sla = defs.slas[0]!;
  sla.name = `Submissions SLA ${XSS}`;
  sla.objectives[0]!.name = `p95 latency ${XSS}`;
  sla.contract.exclusions = [
    { name: `Upgrade ${XSS}`, startsAt: '2026-11-03T01:00:00Z', endsAt: '2026-11-03T02:00:00Z' },
    { name: 'Database upgrade', startsAt: '2026-11-20T01:00:00Z', endsAt: '2026-11-20T03:00:00Z' },
  ];
  defs.slis[0]!.name = `Latency ${XSS}`;
  return defs;
}

function plainDefinitions(): Definitions {
  const defs = protocolDefinitions();
  defs.slas[0]!.contract.exclusions = [
    { name: 'Database upgrade', startsAt: '2026-11-20T01:00:00Z', endsAt: '2026-11-20T03:00:00Z' },
  ];
  return defs;
}

describe.skipIf(chromiumMissing)('the status page and report in Chromium', () => {
  let browser: Browser;
  let h: Harness;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function start(defs: Definitions) {
    h = await startHarness(defs, { startMs: START });
    app = await statusApp(h.ctx, { publicUrl: 'https://status.example' });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    await driveLatency(h, START, 1000, 10);
  }
  afterEach(async () => {
    await app?.close();
    await h?.close();
  });

  /** Opens `path`, collecting console errors (CSP violations are reported there) and dialogs. */
  async function open(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      extraHTTPHeaders: headers,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.text().startsWith('Failed to load resource')) return;
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) {
        problems.push(`${r.status()} ${r.url()}`);
      }
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const res = await page.goto(`${base}${path}`);
    expect(res?.status()).toBe(200);
    await page.waitForLoadState('load');
    return { page, problems };
  }

  it('runs no script and reports no CSP violation with hostile names everywhere', async () => {
    await start(hostileDefinitions());
    const { secret } = await createStatusLink(h.ctx, 'acme', { by: 'test' });
    h.clock.set(Date.UTC(2026, 11, 2, 9, 0));
    for (const path of [`/status/acme/s/${secret}`, '/reports/acme/2026-11']) {
      const context = await browser.newContext({
        extraHTTPHeaders: path.startsWith('/reports') ? TEAM : {},
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        // A failed load is checked below by URL (browsers ask for /favicon.ico on their own).
        if (!m.text().startsWith('Failed to load resource'))
          problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) {
          problems.push(`${r.status()} ${r.url()}`);
        }
      });
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      expect(await page.title()).not.toBe('pwned');
      expect(await page.locator('script, img, svg').count()).toBe(0);
      expect(await page.locator('body').isVisible()).toBe(true);
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it('looks right', async () => {
    await start(plainDefinitions());
    const dir = process.env.FOREWARN_SCREENSHOTS;
    await h.store.setStatusPagePublic('acme', true, START);
    const status = await open('/status/acme');
    expect(status.problems).toEqual([]);
    const widths = await status.page
      .locator('.day')
      .evaluateAll((bars) => bars.map((b) => Number(/\bw(\d+)\b/.exec(b.className)?.[1] ?? 0)));
    expect(widths.reduce((a, b) => a + b, 0)).toBe(90);
    expect(await status.page.locator('.banner').textContent()).toMatch(/not meeting/);
    if (dir !== undefined) {
      await status.page.screenshot({ path: join(dir, 'status-page.png'), fullPage: true });
    }
    await status.page.context().close();

    h.clock.set(Date.UTC(2026, 11, 2, 9, 0));
    const report = await open('/reports/acme/2026-11', TEAM);
    expect(report.problems).toEqual([]);
    expect(await report.page.locator('h2').first().textContent()).toContain('Acme submissions');
    if (dir !== undefined) {
      await report.page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    }
    await report.page.context().close();
  }, 60_000);
});
