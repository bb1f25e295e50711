import type { StoredTimelineEntry } from '../app/ports.js';
import { isoMinute } from './format.js';
import { html, type Html } from './html.js';

export function timelineList(entries: readonly StoredTimelineEntry[]): Html {
  if (entries.length === 0) return html`<p class="muted">Nothing yet.</p>`;
  return html`<ol class="timeline" data-testid="timeline-list">
    ${entries.map(
      (e) =>
        html`<li data-kind="${e.kind}">
          <time>${isoMinute(e.atMs)}</time> <span class="actor">${e.actor}</span> ${e.text}
        </li>`,
    )}
  </ol>`;
}
