// Open incidents and watches first, then the recent closed ones.

import type { Incident, Watch } from '../domain/protocol/case-files.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { isoMinute } from './format.js';
import { html } from './html.js';
import { page } from './layout.js';

export function incidentsPage(i: {
  viewer: TeamViewer;
  assets: Assets;
  incidents: Incident[];
  watches: Watch[];
  clientNames: Record<string, string>;
}): string {
  const clientsOf = (x: Incident) =>
    x.clients.map((c) => i.clientNames[c.clientId] ?? c.clientId).join(', ');
  const body = html`<h1>Incidents and watches</h1>
    <section>
      <h2>Incidents</h2>
      ${
        i.incidents.length === 0
          ? html`<p class="empty">No incidents.</p>`
          : html`<table class="grid" data-testid="incidents-table">
              <thead>
                <tr>
                  <th>Detected</th>
                  <th>Incident</th>
                  <th>Clients</th>
                  <th>Status</th>
                  <th>Stage</th>
                </tr>
              </thead>
              <tbody>
                ${i.incidents.map(
                  (x) =>
                    html`<tr data-testid="incident-row" data-status="${x.status}">
                      <td>${isoMinute(x.detectedAtMs)}</td>
                      <td><a href="/incidents/${encodeURIComponent(x.id)}">${x.title}</a></td>
                      <td>${clientsOf(x)}</td>
                      <td><span class="badge i-${x.status}">${x.status}</span></td>
                      <td>
                        ${Object.entries(x.stages).find(([, s]) => s.doneAtMs === undefined)?.[0] ?? 'done'}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section>
      <h2>Watches</h2>
      ${
        i.watches.length === 0
          ? html`<p class="empty">No watches.</p>`
          : html`<table class="grid" data-testid="watches-table">
              <thead>
                <tr>
                  <th>Opened</th>
                  <th>Watch</th>
                  <th>Client</th>
                  <th>Status</th>
                  <th>Heads-up</th>
                </tr>
              </thead>
              <tbody>
                ${i.watches.map(
                  (w) =>
                    html`<tr data-testid="watch-row" data-status="${w.status}">
                      <td>${isoMinute(w.openedAtMs)}</td>
                      <td><a href="/watches/${encodeURIComponent(w.id)}">${w.title}</a></td>
                      <td>${i.clientNames[w.clientId] ?? w.clientId}</td>
                      <td><span class="badge w-${w.status}">${w.status}</span></td>
                      <td>${w.headsUp?.decision ?? (w.status === 'open' ? 'to decide' : '—')}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  return page({ title: 'Incidents', viewer: i.viewer, assets: i.assets, body, page: 'incidents' });
}
