// An incident, walked through the protocol: stage stepper, the client-first clock and promised
// update per client, the notice composer, the lever ladder, the recovery gate and resolution,
// the postmortem with its commitments, make right with credits, and the timeline. Every action
// is a form posting to the same use case the API calls; viewers see the page without forms.

import type { IncidentCredit } from '../app/incident-credits.js';
import type { IncidentView } from '../app/incident-views.js';
import { formatMoney } from '../domain/credits/money.js';
import {
  LEVER_OUTCOMES,
  STAGES,
  type Incident,
  type StageName,
} from '../domain/protocol/case-files.js';
import type { NoticeDraft } from '../domain/protocol/draft-notice.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { duration, isoMinute, localInputValue, relative } from './format.js';
import { html, type Html } from './html.js';
import { canAct, csrfInput, formErrorBox, page, valueOf, type FormError } from './layout.js';
import { timelineList } from './timeline.js';

const STAGE_LABEL: Record<StageName, string> = {
  detect: 'Detect',
  contain: 'Contain',
  communicate: 'Communicate',
  resolve: 'Resolve',
  postmortem: 'Postmortem',
  'make-right': 'Make right',
};

export interface IncidentPageInput {
  viewer: TeamViewer;
  assets: Assets;
  view: IncidentView;
  draft: (NoticeDraft & { clientId: string }) | undefined;
  credits: IncidentCredit[];
  names: { clients: Record<string, string>; service: string; people: Record<string, string> };
  nowMs: number;
  flash?: string | undefined;
  formError?: FormError | undefined;
}

export function countdown(atMs: number, nowMs: number, testid: string): Html {
  return html`<time
    class="countdown${atMs < nowMs ? ' overdue' : ''}"
    datetime="${new Date(atMs).toISOString()}"
    data-deadline-ms="${atMs}"
    data-testid="${testid}"
    >${isoMinute(atMs)} (${relative(atMs, nowMs)})</time
  >`;
}

function stepper(incident: Incident): Html {
  const current = STAGES.find((s) => incident.stages[s].doneAtMs === undefined);
  return html`<ol class="stepper" data-testid="stage-stepper">
    ${STAGES.map((s) => {
      const done = incident.stages[s];
      const state = done.doneAtMs !== undefined ? 'done' : s === current ? 'current' : 'todo';
      return html`<li class="step ${state}" data-stage="${s}" data-state="${state}">
        ${STAGE_LABEL[s]}${
          done.doneAtMs !== undefined
            ? html`<small
                >${isoMinute(done.doneAtMs)}${done.doneBy ? html` · ${done.doneBy}` : ''}</small
              >`
            : ''
        }
      </li>`;
    })}
  </ol>`;
}

function clients(i: IncidentPageInput): Html {
  const { incident, figures } = i.view;
  return html`<section data-testid="client-first">
    <h2>Client first</h2>
    <table class="grid">
      <thead>
        <tr>
          <th>Client</th>
          <th>First notice</th>
          <th>Promised update (W)</th>
          <th>Client reported</th>
        </tr>
      </thead>
      <tbody>
        ${incident.clients.map((c) => {
          const f = figures.clients.find((x) => x.clientId === c.clientId);
          return html`<tr data-testid="incident-client" data-client="${c.clientId}">
            <td>${i.names.clients[c.clientId] ?? c.clientId}</td>
            <td>
              ${
                c.firstNoticeAtMs === undefined
                  ? html`due
                    ${countdown(c.noticeDueAtMs, i.nowMs, 'client-first-countdown')}${c.autoSendAtDeadline ? html` <small>(sent automatically then)</small>` : ''}`
                  : html`<span data-testid="first-notice">${isoMinute(c.firstNoticeAtMs)}</span>
                      <span class="badge t-${f?.noticeTiming ?? ''}">${f?.noticeTiming ?? ''}</span>
                      <small>after ${duration(f?.timeToFirstNoticeMs)}</small>`
              }
            </td>
            <td>
              ${c.nextUpdateDueAtMs !== undefined ? countdown(c.nextUpdateDueAtMs, i.nowMs, 'promised-update-countdown') : '—'}
            </td>
            <td>
              ${c.clientReportedAtMs !== undefined ? html`${isoMinute(c.clientReportedAtMs)}${f?.clientReportedFirst ? html` <span class="badge s-breach">before we told them</span>` : ''}` : '—'}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

function composer(i: IncidentPageInput): Html {
  const { incident } = i.view;
  const form = 'notice-form';
  const d = i.draft;
  const id = encodeURIComponent(incident.id);
  const v = (field: string, fallback: string) => valueOf(i.formError, form, field, fallback);
  const pick =
    incident.clients.length > 1
      ? html`<p class="pick">
          Compose for:
          ${incident.clients.map((c) =>
            c.clientId === d?.clientId
              ? html`<strong>${i.names.clients[c.clientId] ?? c.clientId}</strong> `
              : html`<a href="/incidents/${id}?client=${encodeURIComponent(c.clientId)}#composer"
                  >${i.names.clients[c.clientId] ?? c.clientId}</a
                > `,
          )}
        </p>`
      : '';
  return html`<section id="composer" data-testid="notice-composer">
    <h2>Notice to the client</h2>
    ${pick} ${formErrorBox(i.formError, form)}
    ${
      d === undefined || !canAct(i.viewer) || incident.status === 'closed'
        ? html`<p class="muted">
            ${incident.status === 'closed' ? 'The incident is closed.' : d === undefined ? 'No draft: the objective is not in the current definitions.' : 'Sending a notice needs the member role.'}
          </p>`
        : html`<form method="post" action="/incidents/${id}/notices" id="${form}" class="composer">
            ${csrfInput(i.viewer)}
            <input type="hidden" name="clientId" value="${v('clientId', d.clientId)}" />
            <p class="kind">Draft: ${d.kind} notice</p>
            <label for="notice-seeing">We are seeing (X)</label>
            <textarea
              id="notice-seeing"
              name="seeing"
              rows="2"
              maxlength="1000"
              data-testid="notice-seeing"
            >
${v('seeing', d.seeing)}</textarea>
            <label for="notice-doing">We are doing (Y)</label>
            <textarea
              id="notice-doing"
              name="doing"
              rows="2"
              maxlength="1000"
              data-testid="notice-doing"
            >
${v('doing', d.doing)}</textarea>
            <label for="notice-next">We will tell you (Z)</label>
            <textarea
              id="notice-next"
              name="next"
              rows="2"
              maxlength="1000"
              data-testid="notice-next"
            >
${v('next', d.next)}</textarea>
            <label for="notice-w">By (W, UTC)</label>
            <input
              type="datetime-local"
              id="notice-w"
              name="nextUpdateAt"
              value="${v('nextUpdateAt', d.nextUpdateAtMs !== undefined ? localInputValue(d.nextUpdateAtMs) : '')}"
              data-testid="notice-w"
            />
            <button type="submit" data-testid="notice-send">Send notice</button>
          </form>`
    }
    ${
      incident.notices.length > 0
        ? html`<h3>Notices sent</h3>
            <ol class="notices" data-testid="notices">
              ${incident.notices.map(
                (n) =>
                  html`<li data-testid="notice">
                    <small
                      >${isoMinute(n.sentAtMs)} · ${n.kind} · to
                      ${i.names.clients[n.clientId] ?? n.clientId} · by
                      ${n.sentBy}${n.automatic ? ' (automatic)' : ''}</small
                    ><br />
                    We are seeing ${n.seeing}. We are doing ${n.doing}. We will tell you
                    ${n.next}${n.nextUpdateAtMs !== undefined ? ` by ${isoMinute(n.nextUpdateAtMs)}` : ''}.
                  </li>`,
              )}
            </ol>`
        : ''
    }
  </section>`;
}

function ladder(i: IncidentPageInput): Html {
  const { incident, ladder } = i.view;
  const id = encodeURIComponent(incident.id);
  const act = canAct(i.viewer) && incident.status !== 'closed';
  return html`<section data-testid="lever-ladder">
    <h2>Containment ladder</h2>
    ${ladder.map((l) => formErrorBox(i.formError, `lever-form-${l.lever}`))}
    <table class="grid">
      <thead>
        <tr>
          <th>Lever</th>
          <th>Latest</th>
          ${act ? html`<th>Record</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${ladder.map((l, n) => {
          const form = `lever-form-${l.lever}`;
          const r = l.latest;
          return html`<tr
            data-testid="lever"
            data-lever="${l.lever}"
            data-outcome="${r?.outcome ?? ''}"
          >
            <td>${n + 1}. ${l.lever}</td>
            <td>
              ${r === undefined ? '—' : html`<span class="badge o-${r.outcome}">${r.outcome}</span> ${isoMinute(r.atMs)} · ${r.by}${r.note ? html` — ${r.note}` : ''}${r.action ? html` <small>(action ${r.action.ok ? 'accepted' : `failed: ${r.action.reason ?? ''}`})</small>` : ''}`}
            </td>
            ${
              act
                ? html`<td>
                    <form
                      method="post"
                      action="/incidents/${id}/levers"
                      id="${form}"
                      class="inline"
                    >
                      ${csrfInput(i.viewer!)}<input type="hidden" name="lever" value="${l.lever}" />
                      <select name="outcome" aria-label="Outcome of ${l.lever}">
                        ${LEVER_OUTCOMES.map((o) => html`<option value="${o}" ${valueOf(i.formError, form, 'outcome', '') === o ? html` selected` : ''}>${o}</option>`)}
                      </select>
                      <input
                        type="text"
                        name="note"
                        placeholder="note (needed to skip)"
                        maxlength="2000"
                        value="${valueOf(i.formError, form, 'note', '')}"
                        aria-label="Note for ${l.lever}"
                      />
                      <label class="check"
                        ><input type="checkbox" name="runAction" value="1" /> run bound
                        action</label
                      >
                      <button type="submit">Record</button>
                    </form>
                  </td>`
                : ''
            }
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

function resolution(i: IncidentPageInput): Html {
  const { incident, recoveryGate } = i.view;
  const id = encodeURIComponent(incident.id);
  const form = 'resolve-form';
  const v = (f: string) => valueOf(i.formError, form, f, '');
  return html`<section
    data-testid="recovery-gate"
    data-open="${recoveryGate.open ? 'true' : 'false'}"
  >
    <h2>Recovery gate and resolution</h2>
    ${
      recoveryGate.open
        ? html`<p class="gate open">
            Open: every breached objective has stayed within its threshold for its recovery period.
          </p>`
        : html`<p class="gate shut">Shut:</p>
            <ul>
              ${recoveryGate.missing.map((m) => html`<li>${m}</li>`)}
            </ul>`
    }
    ${
      incident.resolution !== undefined
        ? html`<p data-testid="resolution">
            Resolved ${isoMinute(incident.resolution.atMs)} by
            ${incident.resolution.by}${incident.resolution.overrideReason ? html` <span class="badge s-early-warning">override</span> (${incident.resolution.overrideReason})` : ''}.
            Root cause: ${incident.resolution.rootCause}. Fix: ${incident.resolution.fix}.
          </p>`
        : canAct(i.viewer) && incident.status === 'open'
          ? html`${formErrorBox(i.formError, form)}
              <form method="post" action="/incidents/${id}/resolve" id="${form}">
                ${csrfInput(i.viewer)}
                <label for="resolve-root">Root cause</label
                ><textarea id="resolve-root" name="rootCause" rows="2">${v('rootCause')}</textarea>
                <label for="resolve-fix">Fix</label
                ><textarea id="resolve-fix" name="fix" rows="2">${v('fix')}</textarea>
                ${recoveryGate.open ? '' : html`<label for="resolve-override">Override reason (the gate is shut)</label><textarea id="resolve-override" name="overrideReason" rows="2">${v('overrideReason')}</textarea>`}
                <button type="submit" data-testid="resolve">Resolve</button>
              </form>`
          : ''
    }
  </section>`;
}

function postmortem(i: IncidentPageInput): Html {
  const { incident } = i.view;
  const pm = incident.postmortem;
  const id = encodeURIComponent(incident.id);
  if (pm === undefined) {
    return html`<section id="postmortem" data-testid="postmortem">
      <h2>Postmortem</h2>
      <p class="muted">Opens when the incident is resolved.</p>
    </section>`;
  }
  const act = canAct(i.viewer);
  const editable = act && pm.status !== 'done';
  const f = 'postmortem-form';
  const v = (field: string, fallback: string) => valueOf(i.formError, f, field, fallback);
  const c = 'commitment-form';
  return html`<section id="postmortem" data-testid="postmortem" data-status="${pm.status}">
    <h2>Postmortem <span class="badge">${pm.status}</span></h2>
    <p>
      Due ${countdown(pm.dueAtMs, i.nowMs, 'postmortem-due')} ·
      <a href="/incidents/${id}/postmortem.md">Markdown</a>
    </p>
    ${formErrorBox(i.formError, f)}
    ${
      editable
        ? html`<form method="post" action="/incidents/${id}/postmortem" id="${f}">
            ${csrfInput(i.viewer!)}
            <label for="pm-summary">Summary</label
            ><textarea id="pm-summary" name="summary" rows="3">
${v('summary', pm.summary)}</textarea>
            <label for="pm-root">Root cause</label
            ><textarea id="pm-root" name="rootCause" rows="2">
${v('rootCause', pm.rootCause)}</textarea>
            <label for="pm-what">What happened</label
            ><textarea id="pm-what" name="whatHappened" rows="4">
${v('whatHappened', pm.whatHappened)}</textarea>
            <label for="pm-lessons">Lessons</label
            ><textarea id="pm-lessons" name="lessons" rows="3">
${v('lessons', pm.lessons)}</textarea>
            <button type="submit" data-testid="postmortem-save">Save</button>
          </form>`
        : html`<dl class="facts">
            <dt>Summary</dt>
            <dd>${pm.summary || '—'}</dd>
            <dt>Root cause</dt>
            <dd>${pm.rootCause || '—'}</dd>
            <dt>What happened</dt>
            <dd>${pm.whatHappened || '—'}</dd>
            <dt>Lessons</dt>
            <dd>${pm.lessons || '—'}</dd>
          </dl>`
    }
    <h3>Commitments (structural fixes)</h3>
    ${formErrorBox(i.formError, 'commitment-done')}
    <ul data-testid="commitments">
      ${pm.commitments.map(
        (x) =>
          html`<li data-testid="commitment" data-status="${x.status}">
            ${x.title} — ${x.owner}, due ${isoMinute(x.dueAtMs)}
            <span class="badge">${x.status}</span>${
              act && x.status === 'open'
                ? html` <form
                    method="post"
                    action="/incidents/${id}/commitments/${encodeURIComponent(x.id)}/done"
                    class="inline"
                  >
                    ${csrfInput(i.viewer!)}<button type="submit">Done</button>
                  </form>`
                : ''
            }
          </li>`,
      )}
    </ul>
    ${
      act
        ? html`${formErrorBox(i.formError, c)}
            <form method="post" action="/incidents/${id}/commitments" id="${c}" class="row">
              ${csrfInput(i.viewer!)}
              <input
                type="text"
                name="title"
                placeholder="What will change"
                aria-label="Commitment"
                maxlength="500"
                value="${valueOf(i.formError, c, 'title', '')}"
              />
              <input
                type="text"
                name="owner"
                placeholder="Owner"
                aria-label="Owner"
                maxlength="200"
                value="${valueOf(i.formError, c, 'owner', '')}"
              />
              <input
                type="datetime-local"
                name="dueAt"
                aria-label="Due (UTC)"
                value="${valueOf(i.formError, c, 'dueAt', '')}"
              />
              <button type="submit">Add commitment</button>
            </form>`
        : ''
    }
    ${
      editable
        ? html`${formErrorBox(i.formError, 'postmortem-complete-form')}
            <form
              method="post"
              action="/incidents/${id}/postmortem/complete"
              id="postmortem-complete-form"
            >
              ${csrfInput(i.viewer!)}<button type="submit" data-testid="postmortem-complete">
                Complete postmortem
              </button>
            </form>`
        : ''
    }
  </section>`;
}

function makeRight(i: IncidentPageInput): Html {
  const { incident } = i.view;
  const id = encodeURIComponent(incident.id);
  const mr = incident.makeRight;
  const act = canAct(i.viewer) && incident.status !== 'closed';
  const cc = 'client-commitment-form';
  const rv = 'review-form';
  return html`<section data-testid="make-right">
    <h2>Make right</h2>
    <h3>Commitments to the client</h3>
    <ul>
      ${mr.recoveryCommitments.map((x) => html`<li>${x.text} — ${x.owner}, due ${isoMinute(x.dueAtMs)} <span class="badge">${x.status}</span></li>`)}
    </ul>
    ${
      act
        ? html`${formErrorBox(i.formError, cc)}
            <form method="post" action="/incidents/${id}/client-commitments" id="${cc}" class="row">
              ${csrfInput(i.viewer!)}
              <input
                type="text"
                name="text"
                placeholder="What we promise the client"
                aria-label="Commitment to the client"
                maxlength="1000"
                value="${valueOf(i.formError, cc, 'text', '')}"
              />
              <input
                type="text"
                name="owner"
                placeholder="Owner"
                aria-label="Owner"
                maxlength="200"
                value="${valueOf(i.formError, cc, 'owner', '')}"
              />
              <input
                type="datetime-local"
                name="dueAt"
                aria-label="Due (UTC)"
                value="${valueOf(i.formError, cc, 'dueAt', '')}"
              />
              <button type="submit">Add</button>
            </form>`
        : ''
    }
    <h3>SLA review</h3>
    ${
      mr.review
        ? html`<p data-testid="review">
            With ${mr.review.with}, ${isoMinute(mr.review.atMs)} (scheduled by
            ${mr.review.scheduledBy}).
          </p>`
        : act
          ? html`${formErrorBox(i.formError, rv)}
              <form method="post" action="/incidents/${id}/review" id="${rv}" class="row">
                ${csrfInput(i.viewer!)}
                <input
                  type="datetime-local"
                  name="at"
                  aria-label="Review at (UTC)"
                  value="${valueOf(i.formError, rv, 'at', '')}"
                />
                <input
                  type="text"
                  name="with"
                  placeholder="With whom"
                  aria-label="With whom"
                  maxlength="500"
                  value="${valueOf(i.formError, rv, 'with', '')}"
                />
                <button type="submit">Schedule review</button>
              </form>`
          : html`<p class="muted">Not scheduled.</p>`
    }
    <h3>Service credits</h3>
    ${
      i.credits.length === 0
        ? html`<p class="muted">
            ${
              i.view.incident.status === 'open'
                ? 'Credits are shown once the incident is resolved.'
                : 'No credit periods.'
            }
          </p>`
        : html`<table class="grid" data-testid="credits">
            <thead>
              <tr>
                <th>SLA · month</th>
                <th>Credit</th>
                <th>How</th>
              </tr>
            </thead>
            <tbody>
              ${i.credits.map(
                (c) =>
                  html`<tr data-testid="credit" data-key="${c.key}">
                    <td>
                      ${c.slaId} ·
                      ${c.period}${c.closed ? '' : html` <small>(month running: preview)</small>`}
                    </td>
                    <td>
                      ${c.statement.currency !== null ? formatMoney(c.statement.totalMinor, c.statement.currency) : `${c.statement.totalPercent} %`}${c.issued ? html` <span class="badge">issued</span>` : ''}
                    </td>
                    <td>
                      <ul class="tight">
                        ${c.explanation.map((line) => html`<li>${line}</li>`)}
                      </ul>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      act && incident.status === 'resolved' && incident.stages['make-right'].doneAtMs === undefined
        ? html`${formErrorBox(i.formError, 'make-right-form')}
            <form method="post" action="/incidents/${id}/make-right/complete" id="make-right-form">
              ${csrfInput(i.viewer!)}<button type="submit" data-testid="make-right-complete">
                Complete make right
              </button>
            </form>`
        : ''
    }
  </section>`;
}

export function incidentPage(i: IncidentPageInput): string {
  const { incident } = i.view;
  const id = encodeURIComponent(incident.id);
  const roles = Object.entries(incident.roles).map(
    ([role, person]) =>
      html`<span class="pill">${role}: ${i.names.people[person ?? ''] ?? person}</span> `,
  );
  const body = html`<p class="crumbs"><a href="/incidents">Incidents</a> › ${i.names.service}</p>
    <h1 data-testid="incident-title">
      ${incident.title}
      <span class="badge i-${incident.status}" data-testid="incident-status"
        >${incident.status}</span
      >
    </h1>
    <p
      id="live-notice"
      class="live-notice"
      data-subject="incident"
      data-id="${incident.id}"
      data-testid="live-notice"
      hidden
    >
      This incident changed. <a href="/incidents/${id}">Reload</a>
    </p>
    <p>
      Detected
      ${isoMinute(incident.detectedAtMs)}${incident.watchId ? html` · from <a href="/watches/${encodeURIComponent(incident.watchId)}">its watch</a>` : ''}
      · ${roles}
    </p>
    <ul class="objectives">
      ${incident.objectives.map((o) => html`<li><a href="/slas/${encodeURIComponent(o.slaId)}">${o.objectiveKey}</a> <span class="badge s-${o.status}">${o.status}</span></li>`)}
    </ul>
    ${
      incident.acknowledged
        ? html`<p data-testid="acknowledged">
            Acknowledged by ${incident.acknowledged.by} at ${isoMinute(incident.acknowledged.atMs)}.
          </p>`
        : canAct(i.viewer) && incident.status === 'open'
          ? html`${formErrorBox(i.formError, 'ack-form')}
              <form method="post" action="/incidents/${id}/ack" id="ack-form">
                ${csrfInput(i.viewer)}<button type="submit" data-testid="acknowledge">
                  Acknowledge
                </button>
              </form>`
          : ''
    }
    ${stepper(incident)}
    ${canAct(i.viewer) ? '' : html`<p class="muted" data-testid="read-only">You can read this incident; acting on it needs the member role.</p>`}
    ${clients(i)} ${composer(i)} ${ladder(i)} ${resolution(i)} ${postmortem(i)} ${makeRight(i)}
    <section data-testid="timeline">
      <h2>Timeline</h2>
      ${timelineList(i.view.timeline)}
    </section>`;
  return page({
    title: incident.title,
    viewer: i.viewer,
    assets: i.assets,
    body,
    flash: i.flash,
    formError: i.formError,
    page: 'incident',
  });
}
