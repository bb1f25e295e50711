// The client status page as one server-rendered HTML document: no scripts, styles from
// /status/status.css, every value escaped. `basePath` is the page's own path (plain or with its
// secret), so its links keep working for whoever holds it.

import type { NoticedCase, StatusPageView } from '../../app/status-page/status-page-view.js';
import type { ServiceCondition } from '../../app/status-page/service-condition.js';
import type { NoticeKind } from '../../domain/protocol/case-files.js';
import { Html, html } from '../html.js';

/** Replaced per request by the viewer's CSRF field: the cached page is shared by viewers. */
export const CSRF_SLOT = '<!--csrf-field-->';
const CSRF_SLOT_HTML = new Html(CSRF_SLOT);
/** Replaced per request by a signed-in viewer's bar (name, password, sign out). */
export const VIEWER_SLOT = '<!--viewer-bar-->';
const VIEWER_SLOT_HTML = new Html(VIEWER_SLOT);

/** What fills CSRF_SLOT for a signed-in viewer. */
export const csrfField = (token: string): Html =>
  html`<input type="hidden" name="_csrf" value="${token}" />`;

/** What fills VIEWER_SLOT: who is signed in, their password page and sign-out (no script). */
export function viewerBar(v: { name: string; csrfToken: string; team: boolean }): Html {
  return html`<nav class="viewer-bar" aria-label="Account">
    Signed in as <strong>${v.name}</strong>${v.team ? html` · <a href="/">Dashboard</a>` : ''} ·
    <a href="/account/password">Password</a> ·
    <form method="post" action="/logout">
      ${csrfField(v.csrfToken)}<button type="submit" class="link">Sign out</button>
    </form>
  </nav>`;
}

const CONDITION_TEXT: Record<ServiceCondition, string> = {
  'no-data': 'No data',
  operational: 'Operational',
  degraded: 'Degraded',
  outage: 'Outage',
};

const OVERALL_TEXT: Record<ServiceCondition, string> = {
  'no-data': 'Nothing measured yet',
  operational: 'All services are operational',
  degraded: 'Some services are degraded',
  outage: 'Some services are not meeting their service levels',
};

const NOTICE_TEXT: Record<NoticeKind, string> = {
  'heads-up': 'Heads-up',
  breach: 'Incident',
  update: 'Update',
  resolution: 'Resolved',
};

export function formatTime(ms: number, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(ms);
  return text;
}

/** Days in a row with the same condition, as one bar (90 separate bars weigh 70 KB per service set). */
export function runsOf(
  days: ReadonlyArray<{ date: string; condition: ServiceCondition }>,
): Array<{ first: string; last: string; days: number; condition: ServiceCondition }> {
  const runs: Array<{ first: string; last: string; days: number; condition: ServiceCondition }> =
    [];
  for (const d of days) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run.condition === d.condition) {
      run.last = d.date;
      run.days++;
    } else {
      runs.push({ first: d.date, last: d.date, days: 1, condition: d.condition });
    }
  }
  return runs;
}

const pill = (c: ServiceCondition) => html`<span class="pill ${c}">${CONDITION_TEXT[c]}</span>`;

export function noticeSentence(
  n: {
    seeing: string;
    doing: string;
    next: string;
    nextUpdateAtMs?: number;
  },
  timeZone: string,
): string {
  const by = n.nextUpdateAtMs === undefined ? '' : ` by ${formatTime(n.nextUpdateAtMs, timeZone)}`;
  return `We are seeing ${n.seeing}. We are doing ${n.doing}. We will tell you ${n.next}${by}.`;
}

function caseHtml(c: NoticedCase, timeZone: string): Html {
  return html`<article class="case">
    <h3>${c.title}</h3>
    <p class="muted">
      ${c.serviceName} · ${c.kind === 'incident' ? 'incident' : 'early warning'} · ${c.status}
    </p>
    ${c.notices.map(
      (n) =>
        html`<div class="notice">
          <p>
            <strong>${NOTICE_TEXT[n.kind]}</strong>
            <small>${formatTime(n.sentAtMs, timeZone)}</small>
          </p>
          <p>${noticeSentence(n, timeZone)}</p>
        </div> `,
    )}
  </article> `;
}

export function renderStatusPage(
  view: StatusPageView,
  options: { basePath: string; subscriptions: boolean },
): string {
  const tz = view.client.timeZone;
  const base = options.basePath;
  const services = view.services.map(
    (s) =>
      html`<tr>
        <th scope="row">${s.name}</th>
        <td>${pill(s.condition)}</td>
        <td>
          ${s.objectives.map(
            (o, i) =>
              html`${i > 0 ? ', ' : ''}${o.name}: ${CONDITION_TEXT[o.condition].toLowerCase()}`,
          )}
        </td>
      </tr> `,
  );
  const attainment = view.attainment.map(
    (a) =>
      html`<h3>${a.slaName} <small>${a.monthLabel}, to ${formatTime(a.untilMs, tz)}</small></h3>
        ${
          a.objectives === null
            ? html`<p class="muted">Not measurable right now.</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>Objective</th>
                    <th>Target</th>
                    <th>Attainment</th>
                    <th>Minutes counted</th>
                  </tr>
                </thead>
                <tbody>
                  ${a.objectives.map(
                    (o) =>
                      html`<tr>
                        <td>${o.name}</td>
                        <td class="num">
                          ${o.targetPercent === undefined ? '—' : `${o.targetPercent} %`}
                        </td>
                        <td class="num">${o.attainmentPercent.toFixed(3)} %</td>
                        <td class="num">
                          ${o.eligibleMinutes}${o.excludedMinutes > 0 ? ` (${o.excludedMinutes} in maintenance left out)` : ''}
                        </td>
                      </tr> `,
                  )}
                </tbody>
              </table>`
        } `,
  );
  const history = view.history.map((h) => {
    const first = h.days[0];
    const last = h.days[h.days.length - 1];
    return html`<h3>${h.serviceName}</h3>
      <div
        class="days"
        role="img"
        aria-label="${`${h.serviceName}: daily status over ${h.days.length} days`}"
      >
        ${runsOf(h.days).map(
          (r) =>
            html`<span
              class="day w${r.days} ${r.condition}"
              title="${`${r.first === r.last ? r.first : `${r.first} to ${r.last}`}: ${CONDITION_TEXT[r.condition]}`}"
            ></span>`,
        )}
      </div>
      <div class="axis"><span>${first?.date}</span><span>${last?.date}</span></div> `;
  });
  const maintenance = view.maintenance.map(
    (m) =>
      html`<tr>
        <td>${m.name}</td>
        <td>${formatTime(m.fromMs, tz)}</td>
        <td>${formatTime(m.toMs, tz)}</td>
        <td>${m.slaNames.join(', ')}</td>
      </tr> `,
  );
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${view.client.name} status</title>
        <link rel="stylesheet" href="/status/status.css" />
        <link
          rel="alternate"
          type="application/rss+xml"
          title="${`${view.client.name} status notices`}"
          href="${`${base}/feed.xml`}"
        />
      </head>
      <body>
        <header>
          ${VIEWER_SLOT_HTML}
          <h1>${view.client.name} status</h1>
          <div class="banner ${view.overall}">${OVERALL_TEXT[view.overall]}</div>
        </header>
        <main>
          <section>
            <h2>Services now</h2>
            ${
              view.services.length === 0
                ? html`<p class="muted">No services are covered yet.</p>`
                : html`<table>
                    <thead>
                      <tr>
                        <th>Service</th>
                        <th>Status</th>
                        <th>Objectives</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${services}
                    </tbody>
                  </table>`
            }
          </section>
          <section>
            <h2>Notices</h2>
            ${view.cases.length === 0 ? html`<p class="muted">We have sent no notices.</p>` : view.cases.map((c) => caseHtml(c, tz))}
          </section>
          <section>
            <h2>This month so far</h2>
            ${view.attainment.length === 0 ? html`<p class="muted">No service levels yet.</p>` : attainment}
          </section>
          <section>
            <h2>Last 90 days</h2>
            ${view.history.length === 0 ? html`<p class="muted">No history yet.</p>` : history}
            <p class="muted">
              Each bar is one day (${tz}): the worst status of the day (grey: nothing was measured
              yet).
            </p>
          </section>
          <section>
            <h2>Upcoming maintenance</h2>
            ${
              view.maintenance.length === 0
                ? html`<p class="muted">None scheduled.</p>`
                : html`<table>
                    <thead>
                      <tr>
                        <th>Window</th>
                        <th>From</th>
                        <th>Until</th>
                        <th>Service levels</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${maintenance}
                    </tbody>
                  </table>`
            }
          </section>
          <section>
            <h2>Subscribe</h2>
            <p><a href="${`${base}/feed.xml`}">RSS feed of the notices</a></p>
            ${
              options.subscriptions
                ? html`<form method="post" action="${`${base}/subscribe`}">
                      <label for="email">E-mail</label>
                      <input
                        type="email"
                        id="email"
                        name="email"
                        required
                        maxlength="254"
                        autocomplete="email"
                      />${CSRF_SLOT_HTML} <button type="submit">Send me the notices</button>
                    </form>
                    <p class="muted">
                      We send a confirmation link first; nothing is stored until you open it.
                    </p>`
                : html`<p class="muted">E-mail subscriptions are not available on this server.</p>`
            }
          </section>
        </main>
        <footer>Updated ${formatTime(view.generatedAtMs, tz)}. Times are in ${tz}.</footer>
      </body>
    </html> `;
  // The source's indentation, not the content's: display is the same with one line break.
  return page.text.replace(/\n\s+/g, '\n');
}
