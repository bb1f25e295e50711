// Settings, read from the applied definitions: clients, SLAs, people, rotations and channels,
// with "send test" per channel. Secrets (URLs, keys, passwords) are never shown.

import type { Definitions, ObjectiveDef } from '../domain/definitions.js';
import type { EndpointDef } from '../domain/notification.js';
import type { TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { duration, isoMinute, percent } from './format.js';
import { html, type Html } from './html.js';
import { csrfInput, formErrorBox, page, valueOf, type FormError } from './layout.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function objectiveText(o: ObjectiveDef): string {
  if (o.kind === 'budget') {
    const period =
      o.period.kind === 'rolling' ? `rolling ${duration(o.period.durationMs)}` : 'calendar month';
    return `${percent(o.objectiveRatio, 6)} over ${period}${o.timeSlice ? ' (time slices)' : ''}`;
  }
  return `${o.statistic} ${o.comparator} ${o.threshold} over ${duration(o.measurementWindowMs)}`;
}

/** What can be said about a channel without its secrets. */
function channelDetail(e: EndpointDef): string {
  switch (e.kind) {
    case 'email':
      return `SMTP ${e.smtp.host}:${e.smtp.port}${e.smtp.secure ? ' (TLS)' : ''}, from ${e.smtp.from}`;
    case 'pagerduty':
      return 'PagerDuty Events API (routing key hidden)';
    case 'webhook':
      return 'Standard Webhooks, signed (URL and secret hidden)';
    case 'slack':
    case 'teams':
      return 'Incoming webhook (URL hidden)';
  }
}

export function settingsPage(i: {
  viewer: TeamViewer;
  assets: Assets;
  defs: Definitions | undefined;
  flash?: string | undefined;
  formError?: FormError | undefined;
}): string {
  const d = i.defs;
  if (d === undefined) {
    return page({
      title: 'Settings',
      viewer: i.viewer,
      assets: i.assets,
      body: html`<h1>Settings</h1>
        <p class="empty">
          No definitions have been applied yet:
          <a href="/settings/definitions" data-testid="edit-definitions">write them here</a>.
        </p>`,
      page: 'settings',
    });
  }
  const personName = new Map(d.people.map((p) => [p.id, p.name]));
  const contactPoints = (points: ReadonlyArray<{ endpointId: string; address?: string }>): Html[] =>
    points.map(
      (p) => html`<span class="pill">${p.endpointId}${p.address ? `: ${p.address}` : ''}</span> `,
    );
  const body = html`<h1>Settings</h1>
    <p class="muted">
      Read from the applied definitions; change them in the
      <a href="/settings/definitions" data-testid="edit-definitions">definitions editor</a>, with
      <code>forewarn apply</code> or <code>POST /api/v1/definitions</code> (the same checks).
    </p>
    <nav class="toc">
      <a href="#clients">Clients</a> · <a href="#slas">SLAs</a> · <a href="#people">People</a> ·
      <a href="#rotations">Rotations</a> · <a href="#channels">Channels</a>
    </nav>
    <section id="clients" data-testid="settings-clients">
      <h2>Clients</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Time zone</th>
            <th>Contacts</th>
          </tr>
        </thead>
        <tbody>
          ${d.clients.map(
            (c) =>
              html`<tr>
                <td><code>${c.id}</code></td>
                <td>${c.name}</td>
                <td>${c.timeZone}</td>
                <td>
                  ${c.contacts.map((p) => html`${p.name} ${contactPoints(p.contactPoints)}<br />`)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section id="slas" data-testid="settings-slas">
      <h2>SLAs</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>SLA</th>
            <th>Client · service</th>
            <th>Objectives</th>
            <th>Contract</th>
          </tr>
        </thead>
        <tbody>
          ${d.slas.map(
            (s) =>
              html`<tr>
                <td>
                  <a href="/slas/${encodeURIComponent(s.id)}">${s.name}</a><br /><code
                    >${s.id}</code
                  >
                </td>
                <td>${s.clientId} · ${s.serviceId}</td>
                <td>
                  <ul class="tight">
                    ${s.objectives.map((o) => html`<li>${o.name}: ${objectiveText(o)}</li>`)}
                  </ul>
                </td>
                <td>
                  notice ${duration(s.contract.noticeMs)}, updates every
                  ${duration(s.contract.updateCadenceMs)},
                  ${s.contract.autoNotice ? 'automatic first notice' : `notice fallback ${s.contract.noticeFallback}`}${s.contract.monthlyFee ? `, fee ${s.contract.monthlyFee.amount} ${s.contract.monthlyFee.currency}` : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section id="people" data-testid="settings-people">
      <h2>People</h2>
      <table class="grid">
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Reached through</th>
          </tr>
        </thead>
        <tbody>
          ${d.people.map(
            (p) =>
              html`<tr>
                <td><code>${p.id}</code></td>
                <td>${p.name}</td>
                <td>${contactPoints(p.contactPoints)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section id="rotations" data-testid="settings-rotations">
      <h2>Rotations</h2>
      ${
        d.rotations.length === 0
          ? html`<p class="empty">No rotations.</p>`
          : html`<table class="grid">
              <thead>
                <tr>
                  <th>Id</th>
                  <th>Members in turn</th>
                  <th>Hand-off</th>
                  <th>Overrides</th>
                </tr>
              </thead>
              <tbody>
                ${d.rotations.map(
                  (r) =>
                    html`<tr>
                      <td><code>${r.id}</code></td>
                      <td>${r.memberIds.map((m) => personName.get(m) ?? m).join(' → ')}</td>
                      <td>
                        ${WEEKDAYS[r.handoffWeekday] ?? r.handoffWeekday}
                        ${String(Math.floor(r.handoffMinuteOfDay / 60)).padStart(2, '0')}:${String(r.handoffMinuteOfDay % 60).padStart(2, '0')}
                        ${r.timeZone}
                      </td>
                      <td>
                        ${r.overrides.map((o) => html`${personName.get(o.personId) ?? o.personId}: ${isoMinute(o.fromMs)} – ${isoMinute(o.toMs)}<br />`)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section id="channels" data-testid="settings-channels">
      <h2>Channels</h2>
      ${formErrorBox(i.formError, 'test-form')}
      <table class="grid">
        <thead>
          <tr>
            <th>Id</th>
            <th>Kind</th>
            <th>Details</th>
            <th>Test</th>
          </tr>
        </thead>
        <tbody>
          ${d.endpoints.map(
            (e) =>
              html`<tr data-testid="channel" data-endpoint="${e.id}">
                <td><code>${e.id}</code></td>
                <td>${e.kind}</td>
                <td>${channelDetail(e)}</td>
                <td>
                  <form
                    method="post"
                    action="/settings/channels/${encodeURIComponent(e.id)}/test"
                    class="inline"
                    data-testid="send-test"
                  >
                    ${csrfInput(i.viewer)}
                    ${e.kind === 'email' ? html`<input type="email" name="address" placeholder="address to test" aria-label="Address for the test of ${e.id}" value="${i.formError?.values.endpoint === e.id ? valueOf(i.formError, 'test-form', 'address', '') : ''}" />` : ''}
                    <button type="submit">Send test</button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  return page({
    title: 'Settings',
    viewer: i.viewer,
    assets: i.assets,
    body,
    flash: i.flash,
    formError: i.formError,
    page: 'settings',
  });
}
