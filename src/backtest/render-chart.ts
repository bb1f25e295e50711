// A self-contained HTML page (inline SVG, no scripts, nothing fetched) with, per objective, the SLI
// against its limit, the labelled degradations shaded, and one lane per policy showing its
// warnings (amber) and breaches (red).

import type { DegradationLabel } from './degradation-label.js';
import type { BacktestResult } from './run-backtest.js';
import { labelsFor, warningEpisodes } from './score-policy.js';

const WIDTH = 1100;
const PLOT_HEIGHT = 180;
const LANE_HEIGHT = 18;
const LEFT = 190;
const RIGHT = 20;

export function renderChart(result: BacktestResult, labels: readonly DegradationLabel[]): string {
  const sections = result.traces.map((trace) => {
    const runs = result.runs.filter((r) => r.objectiveKey === trace.objectiveKey && r.applicable);
    const span = Math.max(1, result.toMs - result.fromMs);
    const x = (t: number) => LEFT + ((t - result.fromMs) / span) * (WIDTH - LEFT - RIGHT);
    const values = trace.points.map((p) => p[1]);
    let lo = Math.min(trace.limit, ...values);
    let hi = Math.max(trace.limit, ...values);
    if (hi === lo) hi = lo + 1;
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    const y = (v: number) => 10 + (1 - (v - lo) / (hi - lo)) * (PLOT_HEIGHT - 20);
    const height = PLOT_HEIGHT + runs.length * LANE_HEIGHT + 30;
    const shaded = labelsFor(labels, trace.objectiveKey)
      .map(
        (l) =>
          `<rect class="label" x="${f(x(l.fromMs))}" y="0" width="${f(Math.max(1, x(l.toMs) - x(l.fromMs)))}" height="${height - 22}"><title>degraded ${iso(l.fromMs)} – ${iso(l.toMs)}</title></rect>`,
      )
      .join('');
    const line = trace.points.map((p) => `${f(x(p[0]))},${f(y(p[1]))}`).join(' ');
    const lanes = runs
      .map((run, i) => {
        const top = PLOT_HEIGHT + i * LANE_HEIGHT;
        const marks = warningEpisodes(run.transitions)
          .map((e) => {
            const end = e.endMs ?? result.toMs;
            const warn = `<rect class="warning" x="${f(x(e.startMs))}" y="${top + 3}" width="${f(Math.max(1.5, x(end) - x(e.startMs)))}" height="${LANE_HEIGHT - 6}"><title>${esc(run.policy)}: ${e.startedAs} ${iso(e.startMs)} – ${e.endMs === undefined ? 'end' : iso(e.endMs)}</title></rect>`;
            const breach =
              e.breachAtMs === undefined
                ? ''
                : `<rect class="breach" x="${f(x(e.breachAtMs))}" y="${top + 3}" width="${f(Math.max(1.5, x(end) - x(e.breachAtMs)))}" height="${LANE_HEIGHT - 6}"><title>breach ${iso(e.breachAtMs)}</title></rect>`;
            return warn + breach;
          })
          .join('');
        return `<text x="${LEFT - 6}" y="${top + LANE_HEIGHT - 5}" text-anchor="end">${esc(run.policy)}</text><line class="lane" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${top + LANE_HEIGHT / 2}" y2="${top + LANE_HEIGHT / 2}"/>${marks}`;
      })
      .join('');
    const ticks = dayTicks(result.fromMs, result.toMs)
      .map(
        (t) =>
          `<text class="axis" x="${f(x(t))}" y="${height - 8}" text-anchor="middle">${iso(t).slice(5, 10)}</text>`,
      )
      .join('');
    return `<section><h2>${esc(trace.name)} <small>${esc(trace.objectiveKey)} — ${esc(trace.label)}, limit ${trace.limit}</small></h2>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(trace.name)}">
${shaded}
<line class="limit" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${f(y(trace.limit))}" y2="${f(y(trace.limit))}"/>
<text x="${LEFT - 6}" y="${f(y(trace.limit)) + 4}" text-anchor="end">limit ${trace.limit}</text>
<polyline class="sli" points="${line}"/>
<text x="${LEFT - 6}" y="14" text-anchor="end">${fmt(hi)}</text><text x="${LEFT - 6}" y="${PLOT_HEIGHT - 8}" text-anchor="end">${fmt(lo)}</text>
${lanes}${ticks}
</svg></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Forewarn backtest</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}
h2{font-size:16px;margin:24px 0 4px}h2 small{font-weight:normal;color:#666}
svg text{font-size:11px;fill:#333}svg .axis{fill:#777}
.sli{fill:none;stroke:#1f5fa8;stroke-width:1.2}.limit{stroke:#c0392b;stroke-dasharray:5 4}
.label{fill:#999;opacity:.18}.lane{stroke:#ddd}.warning{fill:#f0a202}.breach{fill:#c0392b}
</style></head><body>
<h1>Forewarn backtest</h1>
<p>${iso(result.fromMs)} – ${iso(result.toMs)}, evaluated every ${result.stepMs / 1000} s. Grey: labelled degradations. Lanes: each policy's warnings (amber) and breaches (red).</p>
${sections.join('\n')}
</body></html>
`;
}

function dayTicks(fromMs: number, toMs: number): number[] {
  const day = 86_400_000;
  const every = Math.max(1, Math.ceil((toMs - fromMs) / day / 10)) * day;
  const out: number[] = [];
  for (let t = Math.ceil(fromMs / day) * day; t <= toMs; t += every) out.push(t);
  return out;
}

const f = (n: number) => n.toFixed(1);
const fmt = (n: number) => String(Number(n.toPrecision(4)));
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
