// Small pages around the status page: not found, subscription steps, errors.

import { html, type Html } from '../html.js';

export function renderMessagePage(title: string, body: Html | string): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <link rel="stylesheet" href="/status/status.css" />
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${typeof body === 'string' ? html`<p>${body}</p>` : body}
        </main>
      </body>
    </html> `.text;
}

/** One page for a missing client, another client's page and a private page: they must not differ. */
export const NOT_FOUND_PAGE = renderMessagePage(
  'Nothing here',
  html`<p>There is no page at this address, or it is private.</p>
    <p>If it is yours, <a href="/login">sign in</a> or use the link you were given.</p>`,
);
