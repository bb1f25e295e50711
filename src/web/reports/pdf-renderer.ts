// Prints report HTML to PDF with Debian's Chromium through playwright-core (never a downloaded
// browser). The browser starts on the first PDF, is reused, and closes with the server. Pages
// run without JavaScript and without network: the document arrives with its CSS inlined.

import type { Browser } from 'playwright-core';
import { AppError } from '../../app/errors.js';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
const RENDER_TIMEOUT_MS = 30_000;

export class PdfRenderer {
  #browser: Promise<Browser> | undefined;
  #closed = false;

  constructor(private readonly executablePath: string = DEFAULT_CHROMIUM_PATH) {}

  async render(html: string): Promise<Buffer> {
    const browser = await this.#launch();
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load', timeout: RENDER_TIMEOUT_MS });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
      });
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const browser = this.#browser;
    this.#browser = undefined;
    if (browser !== undefined) await (await browser.catch(() => undefined))?.close();
  }

  #launch(): Promise<Browser> {
    if (this.#closed) {
      return Promise.reject(new AppError('E_PDF_UNAVAILABLE', 'The server is shutting down.'));
    }
    if (this.#browser === undefined) {
      // Loaded on the first PDF only: most instances never print one, and it is a large module.
      const launching = import('playwright-core')
        .then(({ chromium }) =>
          chromium.launch({ executablePath: this.executablePath, headless: true }),
        )
        .then((browser) => {
          // A crashed browser is started again on the next PDF.
          browser.on('disconnected', () => {
            if (this.#browser === launching) this.#browser = undefined;
          });
          return browser;
        })
        .catch((err: unknown) => {
          if (this.#browser === launching) this.#browser = undefined;
          throw new AppError(
            'E_PDF_UNAVAILABLE',
            `Chromium at ${this.executablePath} could not be started; the HTML and CSV are available.`,
            { cause: err },
          );
        });
      this.#browser = launching;
    }
    return this.#browser;
  }
}
