// The monthly report as HTML (the PDF is printed from the same document) and as CSV.

import type { MonthlyReport, ReportSla } from '../../app/reports/monthly-report.js';
import type { CreditLine } from '../../domain/credits/compute-credit.js';
import { formatCount, formatMoney } from '../../domain/credits/money.js';
import { formatTime, noticeSentence } from '../status/render-status-page.js';
import { html } from '../html.js';

export const REPORT_CSS_LINK = '<link rel="stylesheet" href="/reports/report.css">';

const SOURCE_TEXT: Record<ReportSla['source'], string> = {
  ledger: 'as written to the credit ledger',
  computed: 'computed (the contract has no credit tiers)',
  preview: 'preview: the month is still open and may change',
};

const percent = (p: number) => `${p.toFixed(3)} %`;

function amount(minor: number, currency: string | null): string {
  return currency === null ? '—' : formatMoney(minor, currency);
}

function lineRow(line: CreditLine, currency: string | null) {
  const a = line.attainment;
  const counted =
    a.basis === 'requests'
      ? `${formatCount(a.goodEvents)} good of ${formatCount(a.totalEvents)} events; mean error rate ${(a.meanErrorRate * 100).toFixed(3)} % over ${formatCount(a.intervalsWithTraffic)} intervals`
      : `${formatCount(a.eligibleMinutes - a.badMinutes)} good of ${formatCount(a.eligibleMinutes)} eligible minutes (${formatCount(a.badMinutes)} bad in downtime)`;
  return html`<tr>
    <td>${line.objectiveName}</td>
    <td class="num">${line.objectivePercent === undefined ? '—' : `${line.objectivePercent} %`}</td>
    <td class="num">${percent(line.attainmentPercent)}</td>
    <td>${a.basis}: ${counted}</td>
    <td class="num">${a.excludedMinutes}</td>
    <td class="num">${line.tier === null ? '—' : `below ${line.tier.belowPercent} %`}</td>
    <td class="num">${line.creditPercent} %</td>
    <td class="num">${amount(line.amountMinor, currency)}</td>
  </tr> `;
}

function slaSection(s: ReportSla, timeZone: string) {
  const st = s.statement;
  return html`<section>
    <h2>${s.slaName} <span class="muted">· ${s.serviceName}</span></h2>
    <p class="muted">
      Figures
      ${SOURCE_TEXT[s.source]}${s.issuedAtMs !== undefined ? `, issued ${formatTime(s.issuedAtMs, timeZone)}` : ''}.
    </p>
    <table>
      <thead>
        <tr>
          <th>Objective</th>
          <th class="num">Target</th>
          <th class="num">Attainment</th>
          <th>Calculation</th>
          <th class="num">Excluded min</th>
          <th class="num">Tier</th>
          <th class="num">Credit</th>
          <th class="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        ${st.lines.map((l) => lineRow(l, st.currency))}
        <tr class="total">
          <td colspan="6">Credit due${st.capApplied ? ' (capped at the fee)' : ''}</td>
          <td class="num">${st.totalPercent} %</td>
          <td class="num">${amount(st.totalMinor, st.currency)}</td>
        </tr>
      </tbody>
    </table>
    <h3>How it was calculated</h3>
    ${s.explanation.map((sentence) => html`<p class="calc">${sentence}</p>`)}
    ${st.notes.map((n) => html`<p class="calc muted">${n}</p>`)}
    <h3>Maintenance windows left out</h3>
    ${
      s.exclusions.length === 0
        ? html`<p class="muted">None this month.</p>`
        : html`<table>
            <thead>
              <tr>
                <th>Window</th>
                <th>From</th>
                <th>Until</th>
              </tr>
            </thead>
            <tbody>
              ${s.exclusions.map(
                (e) =>
                  html`<tr>
                    <td>${e.name}</td>
                    <td>${formatTime(e.fromMs, timeZone)}</td>
                    <td>${formatTime(e.toMs, timeZone)}</td>
                  </tr> `,
              )}
            </tbody>
          </table>`
    }
  </section> `;
}

export function renderReportHtml(report: MonthlyReport): string {
  const tz = report.client.timeZone;
  const title = `${report.client.name}: service level report ${report.month}`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <!--css-->
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          <p class="muted">
            ${formatTime(report.fromMs, tz)} – ${formatTime(report.toMs, tz)} ·
            ${report.closed ? 'closed month: this report is final' : 'month still open: figures may change'}
            · generated ${formatTime(report.generatedAtMs, tz)}
          </p>
        </header>
        <main>
          ${report.slas.length === 0 ? html`<p class="muted">No service levels for this client.</p>` : report.slas.map((s) => slaSection(s, tz))}
          <section>
            <h2>Incidents</h2>
            ${
              report.incidents.length === 0
                ? html`<p class="muted">No incidents this month.</p>`
                : report.incidents.map(
                    (i) =>
                      html`<div class="incident">
                        <h3>${i.title}</h3>
                        <p class="muted">
                          ${i.serviceName} · ${i.objectiveNames.join(', ')} · detected
                          ${formatTime(i.detectedAtMs, tz)}${i.resolvedAtMs !== undefined ? ` · resolved ${formatTime(i.resolvedAtMs, tz)}` : ''}
                          · <span class="badge">${i.status}</span>
                        </p>
                        ${
                          i.notices.length === 0
                            ? html`<p class="muted">No notices sent to you.</p>`
                            : html`<ol class="notices">
                                ${i.notices.map(
                                  (n) =>
                                    html`<li>
                                      <strong>${formatTime(n.sentAtMs, tz)}</strong>
                                      (${n.kind}${n.automatic ? ', automatic' : ''}):
                                      ${noticeSentence(n, tz)}
                                    </li>`,
                                )}
                              </ol>`
                        }
                      </div> `,
                  )
            }
          </section>
        </main>
      </body>
    </html> `.text.replace('<!--css-->', REPORT_CSS_LINK);
}

// Spreadsheet programs run a cell that starts with = + - @ (or tab/CR) as a formula (OWASP "CSV
// Injection"): such cells get a leading apostrophe.
function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = [
  'client',
  'month',
  'sla',
  'objective',
  'target_percent',
  'attainment_percent',
  'basis',
  'period_minutes',
  'excluded_minutes',
  'inactive_minutes',
  'eligible_minutes',
  'bad_minutes',
  'good_events',
  'total_events',
  'tier_below_percent',
  'credit_percent',
  'credit_minor',
  'currency',
  'source',
];

/** One row per objective and one total row per SLA (objective "(total)"); RFC 4180, CRLF. */
export function renderReportCsv(report: MonthlyReport): string {
  const rows: Array<Array<string | number | null | undefined>> = [CSV_COLUMNS];
  for (const s of report.slas) {
    const st = s.statement;
    for (const l of st.lines) {
      const a = l.attainment;
      rows.push([
        report.client.id,
        report.month,
        s.slaId,
        l.objectiveKey,
        l.objectivePercent,
        l.attainmentPercent.toFixed(3),
        a.basis,
        a.periodMinutes,
        a.excludedMinutes,
        a.inactiveMinutes,
        a.eligibleMinutes,
        a.basis === 'time' ? a.badMinutes : null,
        a.basis === 'requests' ? a.goodEvents : null,
        a.basis === 'requests' ? a.totalEvents : null,
        l.tier?.belowPercent,
        l.creditPercent,
        l.amountMinor,
        st.currency,
        s.source,
      ]);
    }
    rows.push([
      report.client.id,
      report.month,
      s.slaId,
      '(total)',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      st.totalPercent,
      st.totalMinor,
      st.currency,
      s.source,
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
