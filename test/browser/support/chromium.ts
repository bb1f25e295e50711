// Debian's Chromium driven by playwright-core (never a downloaded browser). Every page records
// console errors, uncaught exceptions and Content-Security-Policy violations, so a test can say
// "nothing went wrong in the browser" as plainly as it checks what is on the screen.

import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

export const CHROMIUM_PATH = process.env.FOREWARN_CHROMIUM ?? '/usr/bin/chromium';

/** Skip with a clear message where Chromium is missing; CI always has it (.ci/run installs it). */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `${what} needs Chromium at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium`,
    );
  }
  console.warn(`skipping ${what}: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Root in a container has no user namespace for the sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export interface BrowserProblems {
  cspViolations: string[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Set by a page script the XSS corpus tries to run. */
  dialogs: string[];
}

export interface WatchedPage {
  page: Page;
  problems: BrowserProblems;
}

/** A page in its own context (own cookies) with its problems recorded. */
export async function openWatchedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<WatchedPage & { context: BrowserContext }> {
  const context = await browser.newContext(options);
  const problems: BrowserProblems = {
    cspViolations: [],
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
  };
  // Runs in every document before its own scripts: CSP violations are reported as events.
  await context.exposeBinding('__forewarnCsp', (_source, text: string) => {
    problems.cspViolations.push(text);
  });
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => {
      window.__forewarnCsp(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
        ' at ' + e.sourceFile + ':' + e.lineNumber);
    });`,
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // "Failed to load resource" names no URL in its text; the location has it.
    const url = msg.location().url;
    if (url.endsWith('/favicon.ico')) return; // asked for by the browser itself, not the page
    problems.consoleErrors.push(url === '' ? msg.text() : `${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.message));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, problems };
}

/** What a page that went well recorded: compare with `expect(problems).toEqual(NO_PROBLEMS)`. */
export const NO_PROBLEMS: BrowserProblems = {
  cspViolations: [],
  consoleErrors: [],
  pageErrors: [],
  dialogs: [],
};

/** Signs in through the real sign-in form and waits for the page it leads to. */
export async function signIn(
  page: Page,
  baseUrl: string,
  who: { email: string; password: string },
  next = '/',
): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === next.split('?')[0]),
    page.click('button[type=submit]'),
  ]);
}
