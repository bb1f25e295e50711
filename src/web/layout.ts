// The frame every dashboard page shares: head with the one stylesheet and script, navigation,
// who is signed in, the flash message after an action and the error of a refused one.

import type { AppError } from '../app/errors.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { html, type Html } from './html.js';
import { teamRoleAllows } from './viewer.js';

/** Fixed texts shown after a successful action (`?flash=<code>`): no text from the URL is shown. */
export const FLASH_MESSAGES = {
  'notice-sent': 'Notice sent to the client.',
  acknowledged: 'Incident acknowledged.',
  'lever-recorded': 'Lever recorded.',
  resolved: 'Incident resolved; the resolution notice is on its way and the postmortem is open.',
  'postmortem-saved': 'Postmortem saved.',
  'postmortem-done': 'Postmortem completed.',
  'commitment-added': 'Commitment added.',
  'commitment-done': 'Commitment done.',
  'client-commitment-added': 'Commitment to the client added.',
  'review-scheduled': 'SLA review scheduled.',
  'make-right-done': 'Make right completed.',
  'heads-up-sent': 'Heads-up sent to the client.',
  'heads-up-declined': 'Decision recorded: no heads-up.',
  'test-sent': 'Test notification queued.',
} as const;
export type FlashCode = keyof typeof FLASH_MESSAGES;

export function flashOf(query: unknown): string | undefined {
  const code = (query as { flash?: unknown } | undefined)?.flash;
  return typeof code === 'string' && code in FLASH_MESSAGES
    ? FLASH_MESSAGES[code as FlashCode]
    : undefined;
}

/** A refused action, shown at its form with the values that were sent. */
export interface FormError {
  form: string;
  error: AppError;
  values: Record<string, string>;
  /** Set once a page showed it at its form; otherwise the page shows it at the top. */
  shown?: boolean;
}

export interface PageOptions {
  title: string;
  viewer: TeamViewer | null;
  assets: Assets;
  body: Html;
  flash?: string | undefined;
  /** The page's main area, for the stylesheet and scripts. */
  page: string;
  chart?: boolean;
  /** Reload without JavaScript every this many seconds (the overview). */
  refreshSeconds?: number;
  /** A refused action whose form the body did not show (e.g. its section is closed). */
  formError?: FormError | undefined;
}

export function page(o: PageOptions): string {
  const v = o.viewer;
  const nav = v
    ? html`<nav aria-label="Main">
          <a href="/" data-testid="nav-overview">Overview</a>
          <a href="/incidents" data-testid="nav-incidents">Incidents</a>
          ${
            teamRoleAllows(v.role, 'admin')
              ? html`<a href="/settings" data-testid="nav-settings">Settings</a>`
              : ''
          }
        </nav>
        <span class="who" data-testid="viewer">${v.name} <small>(${v.role})</small></span>
        <a href="/account/password" class="who" data-testid="change-password">Password</a>
        <form method="post" action="/logout" class="inline signout">
          <input type="hidden" name="_csrf" value="${v.csrfToken}" /><button
            type="submit"
            data-testid="sign-out"
          >
            Sign out
          </button>
        </form>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${o.title} · Forewarn</title>
        <link rel="stylesheet" href="${o.assets.url('dashboard.css')}" />
        ${o.chart ? html`<link rel="stylesheet" href="${o.assets.url('uplot.css')}" />` : ''}
        ${
          o.refreshSeconds !== undefined
            ? html`<noscript><meta http-equiv="refresh" content="${o.refreshSeconds}" /></noscript>`
            : ''
        }
        <script src="${o.assets.url('dashboard.js')}" defer></script>
        ${
          o.chart
            ? html`<script src="${o.assets.url('uplot.js')}" defer></script>
                <script src="${o.assets.url('sla-chart.js')}" defer></script>`
            : ''
        }
      </head>
      <body data-page="${o.page}">
        <header class="top"><a class="brand" href="/">Forewarn</a>${nav}</header>
        <main id="main">
          ${o.flash ? html`<p class="flash" role="status" data-testid="flash">${o.flash}</p>` : ''}
          ${o.formError !== undefined && o.formError.shown !== true ? formErrorBox(o.formError, o.formError.form) : ''}
          ${o.body}
        </main>
      </body>
    </html> `.text;
}

export const csrfInput = (viewer: TeamViewer): Html =>
  html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}" />`;

/** The error box of a refused action, when it belongs to this form. */
export function formErrorBox(formError: FormError | undefined, form: string): Html {
  if (formError === undefined || formError.form !== form) return html``;
  formError.shown = true;
  const e = formError.error;
  const missing = e.details?.missing;
  return html`<div class="error" role="alert" data-testid="form-error">
    <p><strong>${e.message}</strong></p>
    ${
      e.problems.length > 0
        ? html`<ul>
            ${e.problems.map(
              (p) =>
                html`<li data-field="${p.field}">
                  <code>${p.field}</code>${
                    p.value !== undefined && p.value !== '' ? html` (got “${String(p.value)}”)` : ''
                  }:
                  expected ${p.expected}
                </li>`,
            )}
          </ul>`
        : ''
    }
    ${
      Array.isArray(missing) && missing.length > 0 && e.problems.length === 0
        ? html`<ul>
            ${missing.map((m) => html`<li>${String(m)}</li>`)}
          </ul>`
        : ''
    }
  </div>`;
}

/** The value to put back into an input: what was sent with a refused form, else the default. */
export function valueOf(
  formError: FormError | undefined,
  form: string,
  field: string,
  fallback: string,
): string {
  if (formError?.form === form) return formError.values[field] ?? '';
  return fallback;
}

export const canAct = (viewer: TeamViewer | null): viewer is TeamViewer =>
  viewer !== null && teamRoleAllows(viewer.role, 'member');
