// The breach protocol from the dashboard, in Debian's Chromium against a real instance on loopback:
// first-run setup, sign-in, an SLA going to early warning and breach while the overview is open
// (rows change over SSE, no reload), the client notice from the composer, the client reading it
// on its status page, recovery, resolution through the recovery gate, and the monthly report.
// Every page is checked for CSP violations, console errors, page errors and dialogs.
// UPDATE_SCREENSHOTS=1 also saves the overview, SLA and incident pages to docs/images/.

import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUserByApi,
  startBrowserInstance,
  type BrowserInstance,
} from './support/browser-instance.js';
import {
  chromiumAvailable,
  launchChromium,
  NO_PROBLEMS,
  openWatchedPage,
  signIn,
  type BrowserProblems,
} from './support/chromium.js';
import {
  ACME_LATENCY,
  ACME_SLA,
  driveAcmeLatency,
  HISTORY_MINUTES,
  pushHistory,
  WORLD_START_MS,
  worldDefinitions,
} from './support/dashboard-world.js';
import { HOUR_MS, MINUTE_MS } from '../support/builders.js';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/images' : undefined;
const ADMIN = {
  name: 'Dana Reyes',
  email: 'dana@team.example',
  password: 'a long enough passphrase',
};
const CLIENT_USER = {
  name: 'Olivia at Acme',
  email: 'olivia@acme.example',
  password: 'acme status reader 2026',
};
const NOTICE = {
  seeing: 'slow submissions: 1 upload in 20 takes longer than the agreed 800 ms',
  doing: 'rolling back this morning’s release of the submissions API',
  next: 'whether the rollback brought latency back within the SLA',
};
const ROW = `tr[data-testid="overview-row"][data-key="${ACME_LATENCY}"]`;

const waitUntilLive = (page: Page) => page.locator('#live-status', { hasText: '● live' }).waitFor();
const firstRowKey = (page: Page) =>
  page.locator('[data-testid=overview-row]').first().getAttribute('data-key');

describe.skipIf(!chromiumAvailable('the dashboard walk-through'))(
  'the breach protocol from the dashboard, in Chromium',
  () => {
    let browser: Browser;
    let instance: BrowserInstance;
    let context: BrowserContext;
    let page: Page;
    let problems: BrowserProblems;
    let incidentPath = '';

    const statusOfAcmeLatency = () =>
      instance.h.ctx.engine.runtime?.objectives.get(ACME_LATENCY)?.state.status;

    /** Goes to `path` with the browser's clock on the instance's fake clock (for countdowns). */
    async function visit(p: Page, path: string): Promise<void> {
      await p.clock.setFixedTime(instance.h.clock.nowMs());
      const res = await p.goto(`${instance.url}${path}`);
      expect(res?.status(), path).toBe(200);
    }

    beforeAll(async () => {
      browser = await launchChromium();
      instance = await startBrowserInstance(worldDefinitions(), { startMs: WORLD_START_MS });
      // A day and a half of ordinary traffic: the charts have a past, the budgets a few errors.
      await pushHistory(instance.h, WORLD_START_MS, HISTORY_MINUTES);
      ({ context, page, problems } = await openWatchedPage(browser, {
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
        timezoneId: 'UTC',
      }));
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await instance?.close();
    });

    it('creates the first admin in the browser with the first-run setup', async () => {
      await page.goto(`${instance.url}/login`);
      expect(new URL(page.url()).pathname).toBe('/setup');
      await page.fill('#name', ADMIN.name);
      await page.fill('#email', ADMIN.email);
      await page.fill('#password', ADMIN.password);
      await page.fill('#passwordAgain', ADMIN.password);
      await page.click('button[type=submit]');
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.textContent('[data-testid=viewer]')).toContain(ADMIN.name);
      expect(problems).toEqual(NO_PROBLEMS);
    });

    it('signs out and signs in again, and the overview shows every objective ok', async () => {
      await Promise.all([page.waitForURL(/\/login|\/$/), page.click('[data-testid=sign-out]')]);
      await page.clock.setFixedTime(instance.h.clock.nowMs());
      await signIn(page, instance.url, ADMIN);
      expect(await page.locator('[data-testid=overview-row]').count()).toBe(5);
      expect(await page.getAttribute(ROW, 'data-status')).toBe('ok');
      expect(await page.textContent(`${ROW} .c-status`)).toContain('OK');
      expect(await page.textContent('[data-testid=overview-summary]')).toContain('0 in breach');
      expect(problems).toEqual(NO_PROBLEMS);
    });

    it('shows the row turn to early warning, then breach, live without a reload', async () => {
      await visit(page, '/');
      await waitUntilLive(page);
      // A mark on this document: still there at the end means the page was never reloaded.
      await page.evaluate('window.sameDocument = true');
      expect(await firstRowKey(page)).not.toBe(ACME_LATENCY);

      const { h } = instance;
      await driveAcmeLatency(h, 700, 5 * MINUTE_MS, {
        until: () => statusOfAcmeLatency() === 'early-warning',
      });
      expect(statusOfAcmeLatency()).toBe('early-warning');
      await driveAcmeLatency(h, 700, 6 * MINUTE_MS); // the warning holds while the team looks
      await page.waitForSelector(`${ROW}[data-status="early-warning"] .c-case a`);
      expect(await page.textContent(`${ROW} .c-status`)).toBe('Early warning');
      expect(await page.textContent(`${ROW} .c-case a`)).toBe('watch');
      expect(await page.textContent('[data-testid=count-warning]')).toBe('1 early warning');
      expect(await page.textContent(`${ROW} .c-reason`)).toMatch(/800/);

      await driveAcmeLatency(h, 1000, 10 * MINUTE_MS, {
        until: () => statusOfAcmeLatency() === 'breach',
      });
      expect(statusOfAcmeLatency()).toBe('breach');
      await page.waitForSelector(`${ROW}[data-status="breach"] .c-case a[href^="/incidents/"]`);
      expect(await page.textContent(`${ROW} .c-status`)).toBe('Breach');
      expect(await page.textContent(`${ROW} .c-ttt`)).toBe('crossed');
      expect(await page.textContent('[data-testid=count-breach]')).toBe('1 in breach');
      expect(await page.textContent('[data-testid=count-warning]')).toBe('0 early warning');
      // Re-sorted by risk on the page: the breach comes first.
      await expect.poll(() => firstRowKey(page)).toBe(ACME_LATENCY);
      expect(await page.evaluate('window.sameDocument')).toBe(true);
      expect(problems).toEqual(NO_PROBLEMS);
      if (SCREENSHOTS !== undefined) {
        // The highlight of a just-changed row fades out; the picture shows the settled page.
        await page.evaluate(
          "document.querySelectorAll('tr.changed').forEach((tr) => tr.classList.remove('changed'))",
        );
        await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-overview.png') });
      }
    });

    it('charts the latency against its threshold and lists the transitions on the SLA page', async () => {
      await visit(page, `/slas/${ACME_SLA}?range=6h`);
      await page.waitForSelector('[data-testid=objective-chart][data-drawn=true]');
      await expect
        .poll(() => page.locator('[data-testid=objective-chart][data-drawn=true]').count())
        .toBe(2);
      expect(await page.locator('[data-testid=sli-chart] canvas').count()).toBe(2);
      expect(await page.locator('[data-testid=burn-down-chart] canvas').count()).toBe(1);
      const changes = await page.locator('[data-testid=transition-row]').allTextContents();
      expect(changes.some((t) => /OK\s*→\s*Early warning/.test(t))).toBe(true);
      expect(changes.some((t) => /Early warning\s*→\s*Breach/.test(t))).toBe(true);
      expect(problems).toEqual(NO_PROBLEMS);
      if (SCREENSHOTS !== undefined) {
        await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-sla.png'), fullPage: true });
      }
    });

    it('opens the incident from the overview and sends the client notice from the composer', async () => {
      await driveAcmeLatency(instance.h, 1000, 4 * MINUTE_MS); // the team takes a few minutes
      await visit(page, '/');
      await Promise.all([page.waitForURL(/\/incidents\/[^/]+$/), page.click(`${ROW} .c-case a`)]);
      incidentPath = new URL(page.url()).pathname;
      expect(await page.textContent('[data-testid=incident-status]')).toBe('open');
      expect(await page.isVisible('[data-testid=client-first-countdown]')).toBe(true);
      expect(await page.getAttribute('[data-stage=communicate]', 'data-state')).not.toBe('done');

      const w = new Date(instance.h.clock.nowMs() + 30 * MINUTE_MS).toISOString().slice(0, 16);
      await page.fill('[data-testid=notice-seeing]', NOTICE.seeing);
      await page.fill('[data-testid=notice-doing]', NOTICE.doing);
      await page.fill('[data-testid=notice-next]', NOTICE.next);
      await page.fill('[data-testid=notice-w]', w);
      await Promise.all([
        page.waitForURL(/flash=notice-sent/),
        page.click('[data-testid=notice-send]'),
      ]);
      expect(await page.textContent('[data-testid=flash]')).toContain('Notice sent to the client.');
      const sent = (await page.textContent('[data-testid=notice]'))?.replace(/\s+/g, ' ');
      expect(sent).toContain(NOTICE.seeing);
      expect(sent).toContain(`by ${ADMIN.name}`);
      expect(await page.isVisible('[data-testid=first-notice]')).toBe(true);
      expect(await page.isVisible('[data-testid=promised-update-countdown]')).toBe(true);
      expect(problems).toEqual(NO_PROBLEMS);
      if (SCREENSHOTS !== undefined) {
        await page.screenshot({
          path: join(SCREENSHOTS, 'dashboard-incident.png'),
          fullPage: true,
        });
      }
    });

    it('shows the notice on the client’s status page to the client’s own user', async () => {
      await createUserByApi(instance, { ...CLIENT_USER, role: 'client', clientId: 'acme' });
      const client = await openWatchedPage(browser);
      await signIn(client.page, instance.url, CLIENT_USER, '/status/acme');
      const text = (await client.page.textContent('body')) ?? '';
      expect(text).toContain(NOTICE.seeing);
      expect(text).toContain(NOTICE.doing);
      // The team's pages are not for a client user.
      expect((await client.page.goto(`${instance.url}/`))?.status()).toBe(403);
      expect(client.problems.cspViolations).toEqual([]);
      expect(client.problems.pageErrors).toEqual([]);
      expect(client.problems.dialogs).toEqual([]);
      // Only the refused team page (403) is logged, on purpose.
      expect(client.problems.consoleErrors).toEqual([expect.stringContaining('status of 403')]);
      await client.context.close();
    });

    it('follows the recovery live and resolves the incident once the recovery gate opens', async () => {
      await visit(page, '/');
      await waitUntilLive(page);
      await driveAcmeLatency(instance.h, 420, 30 * MINUTE_MS, {
        stepMs: 30_000,
        until: () => statusOfAcmeLatency() === 'ok',
      });
      expect(statusOfAcmeLatency()).toBe('ok');
      await page.waitForSelector(`${ROW}[data-status="ok"]`);

      await visit(page, incidentPath);
      expect(await page.getAttribute('[data-testid=recovery-gate]', 'data-open')).toBe('true');
      await page.fill('#resolve-root', 'a slow query in the new release');
      await page.fill('#resolve-fix', 'rolled back; the query is indexed in the next release');
      await Promise.all([page.waitForURL(/flash=resolved/), page.click('[data-testid=resolve]')]);
      expect(await page.textContent('[data-testid=incident-status]')).toBe('resolved');
      expect(await page.textContent('[data-testid=resolution]')).toContain('a slow query');
      expect(await page.getAttribute('[data-testid=postmortem]', 'data-status')).toBeTruthy();
      expect(problems).toEqual(NO_PROBLEMS);
    });

    it('opens the monthly report with the incident in it', async () => {
      instance.h.clock.advance(HOUR_MS);
      await visit(page, '/reports/acme/2026-11');
      const text = (await page.textContent('body')) ?? '';
      expect(text).toContain('Acme submissions');
      expect(text).toContain(NOTICE.seeing);
      expect(problems).toEqual(NO_PROBLEMS);
    });

    it('keeps the API closed to the browser session without its CSRF token', async () => {
      // The session cookie alone changes nothing: a cross-site form could not resolve or send.
      const res = await page.request.post(`${instance.url}${incidentPath}/ack`, {
        form: { note: 'x' },
      });
      expect(res.status()).toBe(403);
      expect(await res.text()).toContain('E_CSRF_TOKEN');
    });
  },
);
