// Settings → definitions: the whole configuration as YAML, checked with exactly the rules of
// `forewarn check` (every error at once, with its line) and applied all or nothing, like
// `forewarn apply` and POST /api/v1/definitions. Secrets stay `{ env: NAME }` references.

import type { ConfigError } from '../config/load-config.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { html, type Html } from './html.js';
import { csrfInput, page } from './layout.js';

export type DefinitionsOutcome =
  | { kind: 'errors'; errors: ConfigError[] }
  | { kind: 'valid'; clients: number; slas: number; objectives: number; applied: boolean };

export function definitionsPage(i: {
  viewer: TeamViewer;
  assets: Assets;
  yaml: string;
  outcome?: DefinitionsOutcome;
  flash?: string | undefined;
}): string {
  return page({
    title: 'Definitions',
    viewer: i.viewer,
    assets: i.assets,
    page: 'settings',
    flash: i.flash,
    body: html`<p><a href="/settings">Settings</a> › Definitions</p>
      <h1>Definitions</h1>
      <p>
        The whole configuration (<code>apiVersion: forewarn/v1</code> and/or OpenSLO documents),
        checked with the same rules as <code>forewarn check</code> and applied all or nothing. Write
        secrets as <code>{ env: NAME }</code>: they are read from the server's environment.
      </p>
      ${i.outcome === undefined ? '' : outcomeBox(i.outcome)}
      <form method="post" action="/settings/definitions" data-testid="definitions-form">
        ${csrfInput(i.viewer)}
        <label for="yaml">YAML</label>
        <textarea
          id="yaml"
          name="yaml"
          rows="30"
          spellcheck="false"
          class="code"
          data-testid="definitions-yaml"
        >
${i.yaml}</textarea>
        <p>
          <button type="submit" name="intent" value="check" data-testid="definitions-check">
            Check
          </button>
          <button type="submit" name="intent" value="apply" data-testid="definitions-apply">
            Check and apply
          </button>
        </p>
      </form>`,
  });
}

function outcomeBox(o: DefinitionsOutcome): Html {
  if (o.kind === 'valid') {
    const what = `${o.clients} clients, ${o.slas} SLAs, ${o.objectives} objectives`;
    return html`<p class="flash" role="status" data-testid="definitions-valid">
      ${o.applied ? `Applied: ${what}.` : `Valid: ${what}. Nothing was applied yet.`}
    </p>`;
  }
  return html`<div class="error" role="alert" data-testid="definitions-errors">
    <p>
      ${o.errors.length === 1 ? '1 problem' : `${o.errors.length} problems`}; nothing was applied.
    </p>
    <ul>
      ${o.errors.map(
        (e) =>
          html`<li>
            ${e.line === undefined ? '' : `line ${e.line}: `}<code>${e.path || '(document)'}</code>
            ${e.message}
          </li>`,
      )}
    </ul>
  </div>`;
}
