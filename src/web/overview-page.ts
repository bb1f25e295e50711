// The overview: every objective of every SLA, most at risk first, in one compact table. Rows
// carry their sort keys so the live script can update and re-sort them; without JavaScript the
// page reloads itself.

import type { RiskRow } from '../app/rank-objectives-by-risk.js';
import type { ClientDef } from '../domain/definitions.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { burnRate, duration, isoMinute, percent } from './format.js';
import { flag, html, type Html } from './html.js';
import { page } from './layout.js';

const STATUS_LABEL: Record<RiskRow['status'], string> = {
  breach: 'Breach',
  'early-warning': 'Early warning',
  recovered: 'Recovered',
  ok: 'OK',
};
const STATUS_RANK: Record<RiskRow['status'], number> = {
  breach: 0,
  'early-warning': 1,
  recovered: 2,
  ok: 3,
};

/** A row's cells as text, and its sort keys: the page and the live feed use the same. */
export interface RowCells {
  key: string;
  status: RiskRow['status'];
  statusLabel: string;
  rank: number;
  ttt: number | null;
  budget: number | null;
  budgetText: string;
  burnText: string;
  tttText: string;
  sinceText: string;
  reason: string;
  caseHref: string | null;
  caseText: string;
}

export function rowCells(r: RiskRow): RowCells {
  const caseHref =
    r.incidentId !== null
      ? `/incidents/${encodeURIComponent(r.incidentId)}`
      : r.watchId !== null
        ? `/watches/${encodeURIComponent(r.watchId)}`
        : null;
  return {
    key: r.objectiveKey,
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
    rank: STATUS_RANK[r.status],
    ttt: r.timeToThresholdMs,
    budget: r.budgetLeftRatio,
    budgetText: percent(r.budgetLeftRatio, 3),
    burnText: burnRate(r.burnRate),
    tttText:
      r.status === 'breach'
        ? 'crossed'
        : r.timeToThresholdMs === null
          ? '—'
          : duration(r.timeToThresholdMs),
    sinceText: isoMinute(r.sinceMs),
    reason: r.reasonText,
    caseHref,
    caseText: r.incidentId !== null ? 'incident' : r.watchId !== null ? 'watch' : '',
  };
}

function row(r: RiskRow): Html {
  const c = rowCells(r);
  return html`<tr
    data-testid="overview-row"
    data-key="${c.key}"
    data-status="${c.status}"
    data-rank="${c.rank}"
    data-ttt="${c.ttt ?? ''}"
    data-budget="${c.budget ?? ''}"
    data-name="${r.clientName} ${r.objectiveKey}"
  >
    <td>${r.clientName}</td>
    <td><a href="/slas/${encodeURIComponent(r.slaId)}">${r.slaName}</a> · ${r.objectiveName}</td>
    <td class="c-status"><span class="badge s-${c.status}">${c.statusLabel}</span></td>
    <td class="c-budget num">${c.budgetText}</td>
    <td class="c-burn num">${c.burnText}</td>
    <td class="c-ttt num">${c.tttText}</td>
    <td class="c-since">${c.sinceText}</td>
    <td class="c-reason">${c.reason}</td>
    <td class="c-case">
      ${c.caseHref !== null ? html`<a href="${c.caseHref}">${c.caseText}</a>` : ''}
    </td>
  </tr> `;
}

export function overviewPage(input: {
  viewer: TeamViewer;
  assets: Assets;
  /** Every objective, most at risk first. */
  rows: RiskRow[];
  /** How many of them the table shows. */
  shown: number;
  clients: ClientDef[];
  clientId: string | undefined;
  nowMs: number;
  flash?: string | undefined;
}): string {
  const { rows } = input;
  const allHref = `/?all=1${input.clientId !== undefined ? `&client=${encodeURIComponent(input.clientId)}` : ''}`;
  const counts = {
    breach: rows.filter((r) => r.status === 'breach').length,
    warning: rows.filter((r) => r.status === 'early-warning').length,
  };
  const body = html`<h1>Overview</h1>
    <div class="toolbar">
      <p class="summary" data-testid="overview-summary">
        <span class="badge s-breach" data-count="breach" data-testid="count-breach"
          >${counts.breach} in breach</span
        >
        <span class="badge s-early-warning" data-count="early-warning" data-testid="count-warning"
          >${counts.warning} early warning</span
        >
        ${rows.length}
        objectives${
          rows.length > input.shown
            ? html` ·
                <span data-testid="overview-shown"
                  >the ${input.shown} most at risk shown,
                  <a href="${allHref}" data-testid="overview-all">show all</a></span
                >`
            : ''
        }
        · as of <time data-testid="as-of">${isoMinute(input.nowMs)}</time>
        <span id="live-status" class="live" data-testid="live-status"></span>
      </p>
      <form method="get" action="/" class="filter" data-testid="client-filter">
        <label for="client">Client</label>
        <select id="client" name="client">
          <option value="">All clients</option>
          ${input.clients.map(
            (c) =>
              html`<option value="${c.id}" ${flag(c.id === input.clientId, 'selected')}>
                ${c.name}
              </option>`,
          )}
        </select>
        <button type="submit">Filter</button>
      </form>
    </div>
    ${
      rows.length === 0
        ? html`<p class="empty" data-testid="overview-empty">
            No objectives${input.clientId !== undefined ? ' for this client' : ''} yet.
          </p>`
        : ''
    }
    <table
      class="grid"
      id="overview-table"
      data-testid="overview-table"
      data-client="${input.clientId ?? ''}"
    >
      <thead>
        <tr>
          <th>Client</th>
          <th>SLA · objective</th>
          <th>State</th>
          <th>Budget left</th>
          <th>Burn rate (1 h)</th>
          <th>Time to threshold</th>
          <th>Since</th>
          <th>Why</th>
          <th></th>
        </tr>
      </thead>
      <tbody id="overview-rows">
        ${rows.slice(0, input.shown).map(row)}
      </tbody>
    </table>`;
  return page({
    title: 'Overview',
    viewer: input.viewer,
    assets: input.assets,
    body,
    flash: input.flash,
    page: 'overview',
    refreshSeconds: 30,
  });
}
