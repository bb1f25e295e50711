// The setup and sign-in pages as Chromium uses them, from a real listening server on loopback
// (Secure off, like `serve` there): plain forms that work with JavaScript switched off, cookies
// with the right flags, and hostile text that runs nothing and trips no CSP rule.

import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { someDefinitions } from '../../../test/support/builders.js';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import {
  chromiumAvailable,
  launchChromium,
  openWatchedPage,
} from '../../../test/browser/support/chromium.js';
import { Secret } from '../../config/secret.js';
import { buildServer } from '../../http/build-server.js';

const PASSWORD = 'correct horse battery';
const HOSTILE = `"><img src=x onerror="alert(1)"><script>alert(2)</script>`;

describe.skipIf(!chromiumAvailable('the sign-in pages in Chromium'))(
  'sign-in pages in Chromium',
  () => {
    let browser: Browser;
    let h: Harness;
    let app: FastifyInstance;
    let base: string;

    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => browser?.close());
    beforeEach(async () => {
      h = await startHarness(someDefinitions());
      app = await buildServer(h.ctx, {
        adminToken: new Secret('chromium-admin-token-0123456789'),
        env: {},
        secureCookies: false,
        accountsTuning: { scrypt: { N: 1024, r: 8, p: 1 } },
      });
      app.get('/test/whoami', async (request) => ({ signedInAs: request.viewer }));
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterEach(async () => {
      await app.close();
      await h.close();
    });

    it('sets up the first admin and signs in with JavaScript switched off', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      expect(new URL(page.url()).pathname).toBe('/setup');
      await page.fill('#name', 'Erin');
      await page.fill('#email', 'erin@example.com');
      await page.fill('#password', PASSWORD);
      await page.fill('#passwordAgain', PASSWORD);
      await page.click('button[type=submit]');
      expect(new URL(page.url()).pathname).toBe('/');
      await page.goto(`${base}/test/whoami`);
      expect(await page.textContent('body')).toContain('"role":"admin"');

      const session = (await context.cookies()).find((c) => c.name === 'forewarn_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });

      const other = await browser.newContext({ javaScriptEnabled: false });
      const second = await other.newPage();
      expect((await second.goto(`${base}/setup`))?.status()).toBe(404);
      await second.goto(`${base}/login?next=/test/whoami`);
      await second.fill('#email', 'erin@example.com');
      await second.fill('#password', 'not the password');
      await second.click('button[type=submit]');
      expect(await second.textContent('[role=alert]')).toBe(
        'The e-mail address or the password is wrong.',
      );
      await second.fill('#password', PASSWORD);
      await second.click('button[type=submit]');
      expect(await second.textContent('body')).toContain('"name":"Erin"');
      await context.close();
      await other.close();
    });

    it('shows hostile text typed into the forms as text: no script runs, no CSP rule trips', async () => {
      const { context, page, problems } = await openWatchedPage(browser);
      await page.goto(`${base}/setup`);
      await page.fill('#name', HOSTILE);
      await page.fill('#email', `x${HOSTILE}@example.com`);
      await page.fill('#password', 'short');
      await page.fill('#passwordAgain', 'short');
      // The browser's own checks (minlength, type=email) would stop the form: the server's are tested.
      await page.evaluate("document.querySelector('form').setAttribute('novalidate', '')");
      await page.click('button[type=submit]');
      expect(await page.inputValue('#name')).toBe(HOSTILE);
      expect(await page.textContent('#password-error')).toBe(
        'Expected a password of 12 to 1024 characters.',
      );
      expect(await page.locator('img, script').count()).toBe(0);
      // The refused form answers 400 on purpose; Chromium logs that status and nothing else.
      expect(problems).toEqual({
        cspViolations: [],
        consoleErrors: [expect.stringContaining('status of 400')],
        pageErrors: [],
        dialogs: [],
      });
      await context.close();
    });
  },
);
