// A watch: the early warning with its reason, the heads-up decision (send the drafted notice,
// editable, or decline with a reason), and the timeline.

import type { StoredTimelineEntry } from '../app/ports.js';
import type { Watch } from '../domain/protocol/case-files.js';
import type { NoticeDraft } from '../domain/protocol/draft-notice.js';
import { describeReason } from '../domain/describe-reason.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { isoMinute, localInputValue } from './format.js';
import { html } from './html.js';
import { canAct, csrfInput, formErrorBox, page, valueOf, type FormError } from './layout.js';
import { timelineList } from './timeline.js';

export function watchPage(i: {
  viewer: TeamViewer;
  assets: Assets;
  watch: Watch;
  timeline: StoredTimelineEntry[];
  draft: NoticeDraft | undefined;
  unit: string;
  clientName: string;
  flash?: string | undefined;
  formError?: FormError | undefined;
}): string {
  const w = i.watch;
  const id = encodeURIComponent(w.id);
  const form = 'heads-up-form';
  const v = (field: string, fallback: string) => valueOf(i.formError, form, field, fallback);
  const d = i.draft;
  const decide =
    w.status === 'open' && w.headsUp === undefined && canAct(i.viewer) && d !== undefined
      ? html`${formErrorBox(i.formError, form)}
          <form method="post" action="/watches/${id}/heads-up" id="${form}" class="composer">
            ${csrfInput(i.viewer)}
            <fieldset>
              <legend>Send the client a heads-up?</legend>
              <label class="check"
                ><input
                  type="radio"
                  name="send"
                  value="yes"
                  ${v('send', 'yes') === 'yes' ? html` checked` : ''}
                  data-testid="heads-up-yes"
                />
                Send it</label
              >
              <label class="check"
                ><input
                  type="radio"
                  name="send"
                  value="no"
                  ${v('send', 'yes') === 'no' ? html` checked` : ''}
                  data-testid="heads-up-no"
                />
                Do not send (say why)</label
              >
            </fieldset>
            <label for="hu-reason">Why not (when not sending)</label>
            <textarea id="hu-reason" name="reason" rows="2" maxlength="2000">
${v('reason', '')}</textarea>
            <label for="hu-seeing">We are seeing (X)</label>
            <textarea id="hu-seeing" name="seeing" rows="2" maxlength="1000">
${v('seeing', d.seeing)}</textarea>
            <label for="hu-doing">We are doing (Y)</label>
            <textarea id="hu-doing" name="doing" rows="2" maxlength="1000">
${v('doing', d.doing)}</textarea>
            <label for="hu-next">We will tell you (Z)</label>
            <textarea id="hu-next" name="next" rows="2" maxlength="1000">
${v('next', d.next)}</textarea>
            <label for="hu-w">By (W, UTC)</label>
            <input
              type="datetime-local"
              id="hu-w"
              name="nextUpdateAt"
              value="${v('nextUpdateAt', d.nextUpdateAtMs !== undefined ? localInputValue(d.nextUpdateAtMs) : '')}"
            />
            <button type="submit" data-testid="heads-up-submit">Record decision</button>
          </form>`
      : w.headsUp !== undefined
        ? html`<p data-testid="heads-up-decision">
            Heads-up ${w.headsUp.decision} by ${w.headsUp.by} at
            ${isoMinute(w.headsUp.atMs)}${w.headsUp.reason ? html`: ${w.headsUp.reason}` : ''}.
          </p>`
        : html`<p class="muted">
            ${w.status === 'open' ? 'The heads-up decision needs the member role.' : 'The watch is closed.'}
          </p>`;
  const body = html`<p class="crumbs">
      <a href="/incidents">Incidents and watches</a> › ${i.clientName}
    </p>
    <h1 data-testid="watch-title">
      ${w.title} <span class="badge w-${w.status}" data-testid="watch-status">${w.status}</span>
    </h1>
    <p
      id="live-notice"
      class="live-notice"
      data-subject="watch"
      data-id="${w.id}"
      data-testid="live-notice"
      hidden
    >
      This watch changed. <a href="/watches/${id}">Reload</a>
    </p>
    <p>
      Opened ${isoMinute(w.openedAtMs)} on
      <a href="/slas/${encodeURIComponent(w.slaId)}">${w.objectiveKey}</a
      >${w.closedAtMs !== undefined ? html` · closed ${isoMinute(w.closedAtMs)}` : ''}${w.incidentId ? html` · became <a href="/incidents/${encodeURIComponent(w.incidentId)}" data-testid="watch-incident">an incident</a>` : ''}
    </p>
    <p class="reason" data-testid="watch-reason">${describeReason(w.reason, i.unit)}</p>
    <section data-testid="heads-up">
      <h2>Heads-up</h2>
      ${decide}
      ${w.notices.map((n) => html`<p class="notice"><small>${isoMinute(n.sentAtMs)} · by ${n.sentBy}</small><br />We are seeing ${n.seeing}. We are doing ${n.doing}. We will tell you ${n.next}${n.nextUpdateAtMs !== undefined ? ` by ${isoMinute(n.nextUpdateAtMs)}` : ''}.</p>`)}
    </section>
    <section data-testid="timeline">
      <h2>Timeline</h2>
      ${timelineList(i.timeline)}
    </section>`;
  return page({
    title: w.title,
    viewer: i.viewer,
    assets: i.assets,
    body,
    flash: i.flash,
    formError: i.formError,
    page: 'watch',
  });
}
