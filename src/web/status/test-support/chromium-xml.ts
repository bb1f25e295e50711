// Parses XML with Chromium's own parser (DOMParser), the real component a feed reader is closest
// to. Tests skip it when /usr/bin/chromium is missing, except in CI where it must be there.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true';
if (chromiumMissing) {
  console.warn(
    `Skipping the Chromium checks: ${CHROMIUM_PATH} is missing (set CI=true to fail instead).`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}

export interface ParsedFeed {
  error: string | null;
  title: string | null;
  link: string | null;
  items: Array<{ title: string; description: string; guid: string; pubDate: string }>;
}

export async function parseFeed(browser: Browser, xml: string): Promise<ParsedFeed> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return (await page.evaluate(`(${IN_PAGE})(${JSON.stringify(xml)})`)) as ParsedFeed;
  } finally {
    await context.close();
  }
}

// Runs inside Chromium (this project compiles without the DOM library, hence a string).
const IN_PAGE = `(text) => {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const error = doc.querySelector('parsererror');
  const textOf = (el, name) => el?.querySelector(':scope > ' + name)?.textContent ?? '';
  const channel = doc.querySelector('rss > channel');
  return {
    error: error === null ? null : (error.textContent ?? 'parse error'),
    title: channel === null ? null : textOf(channel, 'title'),
    link: channel === null ? null : textOf(channel, 'link'),
    items: [...doc.querySelectorAll('rss > channel > item')].map((item) => ({
      title: textOf(item, 'title'),
      description: textOf(item, 'description'),
      guid: textOf(item, 'guid'),
      pubDate: textOf(item, 'pubDate'),
    })),
  };
}`;
