// Incidents as terminal text: the list as a table, and one incident as a readable summary
// (objectives, recovery gate, clients and their notice clocks, notices, ladder, timeline).
// Only the server's answer is shown; nothing is decided here.

import type { IncidentView } from '../app/incident-views.js';
import { describeReason, formatDuration } from '../domain/describe-reason.js';
import {
  STAGES,
  type Incident,
  type NoticeRecord,
  type Postmortem,
} from '../domain/protocol/case-files.js';
import { noticeSentences } from '../domain/protocol/postmortem-markdown.js';
import { formatInstant, instantAndRelative, relativeTo, textTable } from './terminal-text.js';

/** The first stage not done yet, or "done". */
export function currentStage(incident: Incident): string {
  return STAGES.find((s) => incident.stages[s]?.doneAtMs === undefined) ?? 'done';
}

/** The earliest client deadline of an open incident: a first notice due, or a promised W. */
export function nextClientDeadline(incident: Incident, nowMs: number): string {
  if (incident.status !== 'open') return '—';
  const deadlines = incident.clients.flatMap((c) =>
    c.firstNoticeAtMs === undefined
      ? [{ what: 'notice', clientId: c.clientId, atMs: c.noticeDueAtMs }]
      : c.nextUpdateDueAtMs !== undefined
        ? [{ what: 'W', clientId: c.clientId, atMs: c.nextUpdateDueAtMs }]
        : [],
  );
  const next = deadlines.sort((a, b) => a.atMs - b.atMs)[0];
  if (next === undefined) return '—';
  const who = incident.clients.length > 1 ? ` ${next.clientId}` : '';
  return `${next.what}${who} ${formatInstant(next.atMs)} (${relativeTo(next.atMs, nowMs)})`;
}

export function incidentTable(incidents: readonly Incident[], nowMs: number): string {
  if (incidents.length === 0) return 'No incidents.';
  return textTable(
    ['ID', 'STATUS', 'SERVICE', 'CLIENTS', 'DETECTED', 'STAGE', 'NEXT CLIENT DEADLINE'],
    incidents.map((i) => [
      i.id,
      i.status,
      i.serviceId,
      i.clients.map((c) => c.clientId).join(','),
      formatInstant(i.detectedAtMs),
      currentStage(i),
      nextClientDeadline(i, nowMs),
    ]),
  );
}

export function incidentSummary(view: IncidentView, nowMs: number): string {
  const { incident } = view;
  return [
    header(incident, nowMs),
    section('Stages', stageLines(incident)),
    section('Objectives', objectiveLines(incident, nowMs)),
    section('Recovery gate', gateLines(view)),
    section('Clients', clientLines(view, nowMs)),
    section(`Notices sent (${incident.notices.length})`, noticeLines(incident.notices)),
    section('Lever ladder', ladderLines(view)),
    ...(incident.resolution !== undefined
      ? [section('Resolution', resolutionLines(incident))]
      : []),
    ...(incident.postmortem !== undefined
      ? [section('Postmortem', postmortemLines(incident.postmortem, nowMs))]
      : []),
    section('Make right', makeRightLines(incident)),
    section('Figures', figureLines(view)),
    section('Timeline', timelineLines(view)),
  ].join('\n\n');
}

function header(incident: Incident, nowMs: number): string {
  const roles = Object.entries(incident.roles).map(([role, person]) => `${role} ${person}`);
  return [
    `Incident ${incident.id}: ${incident.title}`,
    `  ${incident.status} · service ${incident.serviceId} · detected ${instantAndRelative(incident.detectedAtMs, nowMs)} · stage ${currentStage(incident)}`,
    incident.acknowledged !== undefined
      ? `  acknowledged by ${incident.acknowledged.by} at ${formatInstant(incident.acknowledged.atMs)}`
      : '  not acknowledged',
    ...(roles.length > 0 ? [`  roles: ${roles.join(', ')}`] : []),
    ...(incident.watchId !== undefined ? [`  grew from watch ${incident.watchId}`] : []),
  ].join('\n');
}

const section = (title: string, lines: string[]): string =>
  [title, ...(lines.length > 0 ? lines : ['  (none)'])].join('\n');

function stageLines(incident: Incident): string[] {
  const width = Math.max(...STAGES.map((s) => s.length));
  return STAGES.map((s) => {
    const record = incident.stages[s];
    const done =
      record?.doneAtMs !== undefined
        ? `done ${formatInstant(record.doneAtMs)}${record.doneBy !== undefined ? ` by ${record.doneBy}` : ''}`
        : 'to do';
    return `  ${s.padEnd(width)}  ${done}`;
  });
}

function objectiveLines(incident: Incident, nowMs: number): string[] {
  return incident.objectives.flatMap((o) => [
    `  ${o.objectiveKey} (SLA ${o.slaId}): ${o.status} since ${instantAndRelative(o.statusSinceMs, nowMs)}`,
    `    detected ${formatInstant(o.detectedAtMs)}: ${describeReason(o.reason)}`,
    ...(o.withinSinceMs !== undefined
      ? [
          `    within its threshold since ${formatInstant(o.withinSinceMs)}; recovery period ${formatDuration(o.recoveryPeriodMs)}`,
        ]
      : []),
  ]);
}

function gateLines(view: IncidentView): string[] {
  if (view.incident.status !== 'open') return [`  ${view.incident.status}`];
  if (view.recoveryGate.open) return ['  open: every objective has recovered; it can be resolved'];
  return ['  shut; missing:', ...view.recoveryGate.missing.map((m) => `  - ${m}`)];
}

function clientLines(view: IncidentView, nowMs: number): string[] {
  return view.incident.clients.flatMap((c) => {
    const f = view.figures.clients.find((x) => x.clientId === c.clientId);
    const timing = f?.noticeTiming ?? 'pending';
    const first =
      c.firstNoticeAtMs !== undefined
        ? `first notice ${formatInstant(c.firstNoticeAtMs)}${f?.timeToFirstNoticeMs !== undefined ? `, ${formatDuration(f.timeToFirstNoticeMs)} after detection` : ''}`
        : 'no notice yet';
    return [
      `  ${c.clientId} (SLA ${c.slaIds.join(', ')}): notice ${timing} — ${first}; due ${instantAndRelative(c.noticeDueAtMs, nowMs)}`,
      c.nextUpdateDueAtMs !== undefined
        ? `    next update (W) promised by ${instantAndRelative(c.nextUpdateDueAtMs, nowMs)}`
        : '    no update promised',
      ...(c.clientReportedAtMs !== undefined
        ? [
            `    the client reported it at ${formatInstant(c.clientReportedAtMs)}${f?.clientReportedFirst === true ? ' — before we told them' : ''}`,
          ]
        : []),
    ];
  });
}

export function noticeLines(notices: readonly NoticeRecord[]): string[] {
  return notices.flatMap((n) => [
    `  ${formatInstant(n.sentAtMs)}  ${n.kind} to ${n.clientId}, by ${n.sentBy}${n.automatic ? ' (automatic)' : ''}`,
    `    ${noticeSentences(n)}`,
  ]);
}

function ladderLines(view: IncidentView): string[] {
  const width = Math.max(...view.ladder.map((l) => l.lever.length));
  return view.ladder.map(({ lever, latest }, i) => {
    if (latest === undefined) return `  ${i + 1}. ${lever.padEnd(width)}  —`;
    const note = latest.note !== undefined ? `: ${latest.note}` : '';
    const action =
      latest.action === undefined
        ? ''
        : latest.action.ok
          ? ` (action ran, HTTP ${latest.action.status ?? '?'})`
          : ` (action failed: ${latest.action.reason ?? 'unknown'})`;
    return `  ${i + 1}. ${lever.padEnd(width)}  ${latest.outcome} by ${latest.by} at ${formatInstant(latest.atMs)}${note}${action}`;
  });
}

function resolutionLines(incident: Incident): string[] {
  const r = incident.resolution;
  if (r === undefined) return [];
  return [
    `  by ${r.by} at ${formatInstant(r.atMs)}`,
    `  root cause: ${r.rootCause}`,
    `  fix: ${r.fix}`,
    ...(r.overrideReason !== undefined
      ? [`  resolved by override before recovery: ${r.overrideReason}`]
      : []),
  ];
}

export function postmortemLines(pm: Postmortem, nowMs: number): string[] {
  const text = (label: string, value: string) =>
    `  ${label}: ${value.trim() === '' ? '(empty)' : value}`;
  return [
    pm.status === 'done'
      ? `  done${pm.completedAtMs !== undefined ? ` ${formatInstant(pm.completedAtMs)}` : ''}${pm.completedBy !== undefined ? ` by ${pm.completedBy}` : ''}`
      : `  draft, due ${instantAndRelative(pm.dueAtMs, nowMs)}`,
    text('summary', pm.summary),
    text('root cause', pm.rootCause),
    text('what happened', pm.whatHappened),
    text('lessons', pm.lessons),
    pm.commitments.length === 0 ? '  commitments: none yet' : '  commitments:',
    ...pm.commitments.map(
      (c) =>
        `  - ${c.id}: ${c.title} (owner ${c.owner}, due ${formatInstant(c.dueAtMs)}) ${c.status}${c.doneBy !== undefined ? ` by ${c.doneBy}` : ''}`,
    ),
  ];
}

function makeRightLines(incident: Incident): string[] {
  const m = incident.makeRight;
  return [
    m.review !== undefined
      ? `  review with ${m.review.with} at ${formatInstant(m.review.atMs)} (scheduled by ${m.review.scheduledBy})`
      : '  no review scheduled',
    ...m.recoveryCommitments.map(
      (c) =>
        `  - to the client: ${c.text} (owner ${c.owner}, due ${formatInstant(c.dueAtMs)}) ${c.status}`,
    ),
    ...(m.creditKeys.length > 0 ? [`  credits: ${m.creditKeys.join(', ')}`] : []),
  ];
}

function figureLines(view: IncidentView): string[] {
  const f = view.figures;
  const time = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms));
  return [
    `  time to contain ${time(f.timeToContainMs)} · to recover ${time(f.timeToRecoverMs)} · to resolve ${time(f.timeToResolveMs)}`,
  ];
}

function timelineLines(view: IncidentView): string[] {
  const width = Math.max(0, ...view.timeline.map((e) => e.actor.length));
  return view.timeline.map(
    (e) => `  ${formatInstant(e.atMs)}  ${e.actor.padEnd(width)}  ${e.text}`,
  );
}
