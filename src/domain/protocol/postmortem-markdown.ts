// The blameless postmortem of an incident as one Markdown document: what happened, how soon each
// client heard it from us, what was tried, what fixed it and what will change. Everything people
// or clients wrote is printed as plain text: no HTML, code, links, headings or tables pass through.

import { describeReason } from '../describe-reason.js';
import type { Role } from '../notification.js';
import { escapePlain } from '../templates/escapers.js';
import type {
  Commitment,
  Incident,
  LeverActionResult,
  LeverName,
  LeverRecord,
  NoticeKind,
  NoticeRecord,
  TimelineEntry,
} from './case-files.js';
import { incidentSubject, watchSubject } from './case-files.js';
import {
  incidentFigures,
  type ClientNoticeFigures,
  type IncidentFigures,
} from './incident-figures.js';
import { FOREWARN } from './react-to-transition.js';

export interface PostmortemNames {
  /** Display names by client id. */
  clients: Record<string, string>;
  service: string;
  /** Display names by person id. */
  people: Record<string, string>;
  /** Objective names and SLI units by objective key, for the detection evidence. */
  objectives?: Record<string, { name: string; unit?: string }>;
}

export interface PostmortemInput {
  incident: Incident;
  /** The incident's timeline (entries of other subjects than it and its watch are left out). */
  timeline: readonly TimelineEntry[];
  names: PostmortemNames;
  /** When the document is rendered: marks overdue postmortems and commitments. */
  nowMs: number;
}

export const TO_BE_WRITTEN = '_To be written._';

export function postmortemMarkdown(input: PostmortemInput): string {
  const figures = incidentFigures(input.incident, input.nowMs);
  const sections = [
    header(input),
    writtenSections(input),
    affectedClients(input),
    figuresSection(input, figures),
    detectionEvidence(input),
    clientNotices(input),
    containment(input),
    timelineSection(input),
    commitmentsSection(input),
    resolutionSection(input),
  ];
  return `${sections.join('\n\n')}\n`;
}

// Escaping -------------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * One line of user text as literal Markdown text (CommonMark §2.4 backslash escapes): HTML is
 * turned into entities; code, emphasis, links, images, headings and table pipes are escaped
 * anywhere; list, setext and thematic-break markers where the line starts; leading spaces, which
 * would open a code block, are dropped.
 */
function escapeLine(line: string): string {
  return line
    .replace(/\t/g, ' ')
    .trim()
    .replace(/[&<>]/g, (c) => ENTITIES[c] ?? '')
    .replace(/[\\`*_~[\]#|]/g, (c) => `\\${c}`)
    .replace(/^([-+=]|\d+[.)])/, (marker) => `${marker.slice(0, -1)}\\${marker.slice(-1)}`);
}

/** Its lines, with every kind of line break (CR, CRLF, NEL, LS, PS) and no control characters. */
const linesOf = (text: string): string[] =>
  escapePlain(text.replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')).split('\n');

/** User text on one line (a table cell, a list item, a heading): line breaks become spaces. */
export function escapeMarkdownInline(text: string): string {
  return linesOf(text)
    .map(escapeLine)
    .filter((line) => line !== '')
    .join(' ');
}

/** User prose: its lines stay lines (hard breaks), its blank lines separate paragraphs. */
export function escapeMarkdownBlock(text: string): string {
  const paragraphs: string[][] = [[]];
  for (const raw of linesOf(text)) {
    const line = escapeLine(raw);
    const current = paragraphs[paragraphs.length - 1] ?? [];
    if (line !== '') current.push(line);
    else if (current.length > 0) paragraphs.push([]);
  }
  return paragraphs
    .filter((p) => p.length > 0)
    .map((p) => p.join('\\\n'))
    .join('\n\n');
}

const prose = (text: string | undefined): string => {
  const escaped = escapeMarkdownBlock(text ?? '');
  return escaped === '' ? TO_BE_WRITTEN : escaped;
};

const inline = escapeMarkdownInline;

// Words ----------------------------------------------------------------------------------------

/** "2026-11-27 09:00 UTC". */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "45 s", "8 min", "1 h 5 min", "3 d 12 h": to the minute from one up, in the two largest units. */
export function spellDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  if (ms < 0) return `-${spellDuration(-ms)}`;
  if (ms < 59_500) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor(minutes / 60) % 24;
  const [big, small] =
    days > 0
      ? [`${days} d`, hours > 0 ? `${hours} h` : '']
      : hours > 0
        ? [`${hours} h`, minutes % 60 > 0 ? `${minutes % 60} min` : '']
        : [`${minutes} min`, ''];
  return small === '' ? big : `${big} ${small}`;
}

const LEVER_WORDS: Record<LeverName, string> = {
  'feature-flag': 'Feature flag off',
  'deploy-rollback': 'Deploy rollback',
  'migration-rollback': 'Migration rollback',
  'data-correction': 'Data correction',
};

const NOTICE_WORDS: Record<NoticeKind, string> = {
  'heads-up': 'heads-up',
  breach: 'breach notice',
  update: 'update',
  resolution: 'resolution notice',
};

const ROLE_WORDS: Array<[Role, string]> = [
  ['tech-lead', 'Tech lead'],
  ['product-owner', 'Product owner'],
  ['communicator', 'Communicator'],
  ['on-call', 'On-call'],
];

function person(names: PostmortemNames, id: string): string {
  if (id === FOREWARN) return 'Forewarn';
  const client = names.clients[id];
  return inline(names.people[id] ?? (client !== undefined ? `${client} (client)` : id));
}

const clientName = (names: PostmortemNames, id: string): string => inline(names.clients[id] ?? id);

/** "We are seeing X. We are doing Y. We will tell you Z by W." */
export function noticeSentences(notice: NoticeRecord): string {
  const next =
    notice.nextUpdateAtMs === undefined
      ? `We will tell you ${notice.next}.`
      : `We will tell you ${notice.next} by ${formatUtc(notice.nextUpdateAtMs)}.`;
  return `We are seeing ${notice.seeing}. We are doing ${notice.doing}. ${next}`;
}

const cell = (text: string): string => (text === '' ? '—' : text);

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

// Sections -------------------------------------------------------------------------------------

function header({ incident, names, nowMs }: PostmortemInput): string {
  const pm = incident.postmortem;
  const roles = ROLE_WORDS.flatMap(([role, word]) => {
    const id = incident.roles[role];
    return id === undefined ? [] : [`${word} ${person(names, id)}`];
  });
  const resolution = incident.resolution;
  const lines = [
    `# Postmortem: ${inline(incident.title)}`,
    '',
    '_Blameless: this describes what happened and what made it possible, not who is to blame._',
    '',
    `- **Incident:** ${inline(incident.id)} (${incident.status})`,
    `- **Service:** ${inline(names.service)}`,
    `- **Detected:** ${formatUtc(incident.detectedAtMs)}`,
    ...(incident.acknowledged !== undefined
      ? [
          `- **Acknowledged:** ${formatUtc(incident.acknowledged.atMs)} by ${person(names, incident.acknowledged.by)}`,
        ]
      : []),
    `- **Resolved:** ${
      resolution !== undefined && incident.status !== 'open'
        ? `${formatUtc(resolution.atMs)} by ${person(names, resolution.by)}`
        : 'not yet'
    }`,
    `- **Postmortem due:** ${pm === undefined ? 'not opened yet' : postmortemDue(pm.dueAtMs, pm.status, nowMs)}`,
    `- **Postmortem done:** ${
      pm?.status === 'done' && pm.completedAtMs !== undefined
        ? `${formatUtc(pm.completedAtMs)}${pm.completedBy !== undefined ? ` by ${person(names, pm.completedBy)}` : ''}`
        : 'not yet (draft)'
    }`,
    ...(roles.length > 0 ? [`- **Roles:** ${roles.join(', ')}`] : []),
  ];
  return lines.join('\n');
}

function postmortemDue(dueAtMs: number, status: 'draft' | 'done', nowMs: number): string {
  const overdue = status === 'draft' && nowMs >= dueAtMs;
  return `${formatUtc(dueAtMs)}${overdue ? ` — **overdue** by ${spellDuration(nowMs - dueAtMs)}` : ''}`;
}

function writtenSections({ incident }: PostmortemInput): string {
  const pm = incident.postmortem;
  return [
    ['Summary', pm?.summary],
    ['Root cause', pm?.rootCause],
    ['What happened', pm?.whatHappened],
    ['Lessons', pm?.lessons],
  ]
    .map(([title, text]) => `## ${title}\n\n${prose(text)}`)
    .join('\n\n');
}

function affectedClients({ incident, names }: PostmortemInput): string {
  const lines = incident.clients.map((c) => {
    const slas = c.slaIds.map(inline).join(', ');
    return `- ${clientName(names, c.clientId)} — SLA${c.slaIds.length === 1 ? '' : 's'} ${slas}`;
  });
  return `## Affected clients\n\n${lines.length > 0 ? lines.join('\n') : '_None recorded._'}`;
}

function noticeAgainstTime(c: ClientNoticeFigures): string {
  const allowed = `${spellDuration(c.noticeTimeMs)} notice time`;
  switch (c.noticeTiming) {
    case 'within':
      return `within ${allowed}`;
    case 'late':
      return `late by ${spellDuration((c.firstNoticeAtMs ?? c.noticeDueAtMs) - c.noticeDueAtMs)} (${allowed})`;
    case 'missed':
      return `not sent: missed the ${allowed}`;
    case 'pending':
      return `not sent yet: due ${formatUtc(c.noticeDueAtMs)}`;
  }
}

function reportedFirst(c: ClientNoticeFigures): string {
  if (c.clientReportedAtMs === undefined) return 'no';
  const when = formatUtc(c.clientReportedAtMs);
  return c.clientReportedFirst ? `yes, at ${when}` : `no (reported at ${when}, after our notice)`;
}

function figuresSection({ incident, names }: PostmortemInput, f: IncidentFigures): string {
  const rows = f.clients.map((c) => [
    clientName(names, c.clientId),
    formatUtc(c.detectedAtMs),
    c.firstNoticeAtMs === undefined ? '' : formatUtc(c.firstNoticeAtMs),
    c.timeToFirstNoticeMs === undefined ? '' : spellDuration(c.timeToFirstNoticeMs),
    noticeAgainstTime(c),
    reportedFirst(c),
  ]);
  const worked = [...incident.levers]
    .filter((l) => l.outcome === 'worked')
    .sort((a, b) => a.atMs - b.atMs)[0];
  const recovered = f.timeToRecoverMs;
  return [
    '## Figures',
    table(
      [
        'Client',
        'Breach detected',
        'First notice',
        'Time to first notice',
        'Against the notice time',
        'Client reported first',
      ],
      rows,
    ),
    [
      `- **Time to contain:** ${
        f.timeToContainMs === undefined || worked === undefined
          ? 'not contained: no lever has worked'
          : `${spellDuration(f.timeToContainMs)} (${LEVER_WORDS[worked.lever].toLowerCase()} worked at ${formatUtc(worked.atMs)})`
      }`,
      `- **Time to recover:** ${
        recovered === undefined
          ? 'not yet: an objective is still in breach'
          : `${spellDuration(recovered)} (every objective back within its threshold by ${formatUtc(f.detectedAtMs + recovered)})`
      }`,
      `- **Time to resolve:** ${f.timeToResolveMs === undefined ? 'not resolved yet' : spellDuration(f.timeToResolveMs)}`,
    ].join('\n'),
    '_Times count from detection; each client’s notice time counts from its own breach._',
  ].join('\n\n');
}

function detectionEvidence({ incident, names }: PostmortemInput): string {
  const lines = incident.objectives.map((o) => {
    const known = names.objectives?.[o.objectiveKey];
    const title =
      known === undefined
        ? `**${inline(o.objectiveKey)}**`
        : `**${inline(known.name)}** (${inline(o.objectiveKey)})`;
    const reason = inline(describeReason(o.reason, known?.unit ?? ''));
    const now =
      o.withinSinceMs !== undefined && o.status !== 'breach'
        ? `${o.status}, within its threshold since ${formatUtc(o.withinSinceMs)}`
        : `${o.status} since ${formatUtc(o.statusSinceMs)}`;
    return `- ${title}, SLA ${inline(o.slaId)}, breached ${formatUtc(o.detectedAtMs)}: ${reason}. Now ${now}.`;
  });
  return `## Detection evidence\n\n${lines.length > 0 ? lines.join('\n') : '_No objective recorded._'}`;
}

function clientNotices({ incident, names }: PostmortemInput): string {
  const notices = [...incident.notices].sort((a, b) => a.sentAtMs - b.sentAtMs);
  if (notices.length === 0) return '## Client notices\n\n_No notice was sent._';
  const blocks = notices.map((n) => {
    const by = n.automatic
      ? 'Sent automatically by Forewarn.'
      : `Sent by ${person(names, n.sentBy)}.`;
    return [
      `### ${formatUtc(n.sentAtMs)} · ${clientName(names, n.clientId)} · ${NOTICE_WORDS[n.kind]}`,
      by,
      `> ${inline(noticeSentences(n))}`,
    ].join('\n\n');
  });
  return ['## Client notices', ...blocks].join('\n\n');
}

function actionResult(a: LeverActionResult | undefined): string {
  if (a === undefined) return '';
  const status = a.status === null ? 'no response' : `HTTP ${a.status}`;
  const took = `${Number((a.durationMs / 1000).toPrecision(3))} s`;
  return inline(
    `${a.ok ? 'done' : 'failed'}: ${status} in ${took}${a.reason !== null ? `, ${a.reason}` : ''}`,
  );
}

function containment({ incident, names }: PostmortemInput): string {
  const levers = [...incident.levers].sort((a, b) => a.atMs - b.atMs);
  if (levers.length === 0) return '## Containment\n\n_No lever was recorded._';
  const row = (l: LeverRecord, i: number) => [
    String(i + 1),
    LEVER_WORDS[l.lever],
    l.outcome === 'worked' || l.outcome === 'failed' ? `**${l.outcome}**` : l.outcome,
    person(names, l.by),
    formatUtc(l.atMs),
    inline(l.note ?? ''),
    actionResult(l.action),
  ];
  return [
    '## Containment',
    'The ladder, tried in order: feature flag off, deploy rollback, migration rollback, data correction.',
    table(['#', 'Lever', 'Outcome', 'By', 'When', 'Note', 'Action'], levers.map(row)),
  ].join('\n\n');
}

function timelineSection({ incident, timeline, names }: PostmortemInput): string {
  const subjects = new Set([
    incidentSubject(incident.id),
    ...(incident.watchId !== undefined ? [watchSubject(incident.watchId)] : []),
  ]);
  const entries = timeline.filter((e) => subjects.has(e.subject)).sort((a, b) => a.atMs - b.atMs);
  if (entries.length === 0) return '## Timeline\n\n_No entry._';
  const rows = entries.map((e) => [
    formatUtc(e.atMs).replace(/ UTC$/, ''),
    person(names, e.actor),
    inline(e.text),
  ]);
  return `## Timeline\n\n${table(['Time (UTC)', 'Who', 'What'], rows)}`;
}

function commitmentLine(c: Commitment, names: PostmortemNames, nowMs: number): string {
  const base = `${inline(c.title)} — owner ${person(names, c.owner)}, due ${formatUtc(c.dueAtMs)}`;
  if (c.status === 'done') {
    const done =
      c.doneAtMs === undefined
        ? ''
        : ` — done ${formatUtc(c.doneAtMs)}${c.doneBy !== undefined ? ` by ${person(names, c.doneBy)}` : ''}`;
    return `- [x] ${base}${done}`;
  }
  const overdue = nowMs >= c.dueAtMs ? ` — **overdue** by ${spellDuration(nowMs - c.dueAtMs)}` : '';
  return `- [ ] ${base}${overdue}`;
}

function commitmentsSection({ incident, names, nowMs }: PostmortemInput): string {
  const commitments = incident.postmortem?.commitments ?? [];
  const body =
    commitments.length === 0
      ? '_No structural fix recorded yet._'
      : commitments.map((c) => commitmentLine(c, names, nowMs)).join('\n');
  return `## Structural fixes\n\n${body}`;
}

function resolutionSection({ incident, names }: PostmortemInput): string {
  const r = incident.resolution;
  if (r === undefined || incident.status === 'open') {
    return `## Resolution\n\n_Not resolved yet.${r !== undefined ? ' It was resolved, then reopened.' : ''}_`;
  }
  const lines = [
    `- **Resolved:** ${formatUtc(r.atMs)} by ${person(names, r.by)}`,
    `- **Root cause:** ${inline(r.rootCause) || TO_BE_WRITTEN}`,
    `- **Fix:** ${inline(r.fix) || TO_BE_WRITTEN}`,
  ];
  const override =
    r.overrideReason === undefined
      ? []
      : [
          `> **Override:** resolved before every objective had stayed within its threshold for its recovery period. Reason given: ${inline(r.overrideReason) || 'none'}`,
        ];
  return ['## Resolution', lines.join('\n'), ...override].join('\n\n');
}
