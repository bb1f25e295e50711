// One SLA: per objective its numbers now, a chart of the SLI against its threshold and warning
// line (and the budget burn-down for budget objectives) fetched as JSON by sla-chart.js, and the
// transitions with their reasons.

import type { SlaStatus } from '../app/get-sla-status.js';
import type { StoredTransition } from '../app/ports.js';
import { CHART_RANGES, type ChartRange } from '../app/read-objective-chart.js';
import type { ClientDef, SlaDef } from '../domain/definitions.js';
import { describeReason } from '../domain/describe-reason.js';
import type { ObjectiveSummary } from '../domain/objective-summary.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { burnRate, duration, isoMinute, percent } from './format.js';
import { html, type Html } from './html.js';
import { page } from './layout.js';

const STATUS_LABEL: Record<string, string> = {
  breach: 'Breach',
  'early-warning': 'Early warning',
  recovered: 'Recovered',
  ok: 'OK',
};

export const statusBadge = (status: string): Html =>
  html`<span class="badge s-${status}">${STATUS_LABEL[status] ?? status}</span>`;

function numbers(o: ObjectiveSummary, unit: string): Html {
  const u = unit === '' ? '' : ` ${unit}`;
  if (o.kind === 'budget') {
    return html`<dl class="facts">
      <dt>Objective</dt>
      <dd>${percent((o.objectivePercent ?? 0) / 100, 6)}</dd>
      <dt>Attainment</dt>
      <dd>
        ${percent(o.attainmentPercent === null || o.attainmentPercent === undefined ? null : o.attainmentPercent / 100, 6)}
      </dd>
      <dt>Budget left</dt>
      <dd>${percent(o.budgetRemainingRatio, 3)}</dd>
      <dt>Burn rates</dt>
      <dd>
        ${(o.burnRates ?? []).map((b) => html`<span class="pill">${duration(b.windowMs)}: ${burnRate(b.burnRate)}</span> `)}
      </dd>
    </dl>`;
  }
  return html`<dl class="facts">
    <dt>Threshold</dt>
    <dd>
      ${o.statistic} ${o.comparator} ${o.threshold}${u} over ${duration(o.measurementWindowMs)}
    </dd>
    <dt>Observed</dt>
    <dd>
      ${o.observed === null || o.observed === undefined ? '—' : `${Number(o.observed.toPrecision(4))}${u}`}
    </dd>
  </dl>`;
}

export function slaPage(input: {
  viewer: TeamViewer;
  assets: Assets;
  sla: SlaDef;
  client: ClientDef | undefined;
  serviceName: string;
  status: SlaStatus;
  units: Record<string, string>;
  transitions: StoredTransition[];
  range: ChartRange;
}): string {
  const { sla, status } = input;
  const objectiveName = new Map(sla.objectives.map((o) => [o.key, o.name]));
  const ranges = Object.keys(CHART_RANGES) as ChartRange[];
  const base = `/slas/${encodeURIComponent(sla.id)}`;
  const body = html`<p class="crumbs">
      <a href="/?client=${encodeURIComponent(sla.clientId)}"
        >${input.client?.name ?? sla.clientId}</a
      >
      › ${input.serviceName}
    </p>
    <h1 data-testid="sla-title">${sla.name} ${statusBadge(status.status)}</h1>
    <p class="terms">
      Notice within ${duration(sla.contract.noticeMs)} · updates every
      ${duration(sla.contract.updateCadenceMs)} · postmortem within
      ${duration(sla.contract.postmortemDueMs)}
    </p>
    <nav class="ranges" aria-label="Chart range" data-testid="chart-ranges">
      Range:
      ${ranges.map((r) =>
        r === input.range
          ? html`<strong>${r}</strong> `
          : html`<a href="${base}?range=${r}">${r}</a> `,
      )}
    </nav>
    ${status.objectives.map((o) => {
      const unit = input.units[o.sliId] ?? '';
      const chartUrl = `${base}/chart.json?objective=${encodeURIComponent(o.key)}&range=${input.range}`;
      return html`<section class="objective" data-testid="objective" data-key="${o.key}">
        <h2>${o.name} ${statusBadge(o.status)}</h2>
        <p class="reason" data-testid="objective-reason">
          ${describeReason(o.reason, unit)} <small>since ${isoMinute(o.sinceMs)}</small>
        </p>
        ${numbers(o, unit)}
        <div class="chart" data-chart-url="${chartUrl}" data-testid="objective-chart">
          <div class="sli-plot" data-testid="sli-chart"></div>
          ${
            o.kind === 'budget'
              ? html`<h3>Error budget burn-down</h3>
                  <div class="burn-plot" data-testid="burn-down-chart"></div>`
              : ''
          }
          <noscript
            ><p>
              The charts need JavaScript; the data is at <a href="${chartUrl}">${chartUrl}</a>.
            </p></noscript
          >
        </div>
      </section>`;
    })}
    <section data-testid="transitions">
      <h2>Transitions</h2>
      ${
        input.transitions.length === 0
          ? html`<p class="empty">No transitions yet.</p>`
          : html`<table class="grid">
              <thead>
                <tr>
                  <th>At</th>
                  <th>Objective</th>
                  <th>Change</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                ${input.transitions.map((t) => {
                  const unit =
                    input.units[
                      sla.objectives.find((o) => o.key === t.objectiveKey)?.sliId ?? ''
                    ] ?? '';
                  return html`<tr data-testid="transition-row">
                    <td>${isoMinute(t.atMs)}</td>
                    <td>${objectiveName.get(t.objectiveKey) ?? t.objectiveKey}</td>
                    <td>${statusBadge(t.from)} → ${statusBadge(t.to)}</td>
                    <td>${describeReason(t.reason, unit)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>`
      }
    </section>`;
  return page({
    title: sla.name,
    viewer: input.viewer,
    assets: input.assets,
    body,
    page: 'sla',
    chart: true,
  });
}
