// Watches, client-first figures and credit statements as terminal text, from the server's
// answers as they are.

import type { CreditLedgerEntry, StoredTimelineEntry } from '../app/ports.js';
import { describeReason, formatDuration } from '../domain/describe-reason.js';
import type { CreditStatement } from '../domain/credits/compute-credit.js';
import { formatMoney } from '../domain/credits/money.js';
import type { Watch } from '../domain/protocol/case-files.js';
import type { NoticeDraft } from '../domain/protocol/draft-notice.js';
import type {
  ClientFirstFigures,
  ClientFirstSummary,
  Share,
} from '../domain/protocol/incident-figures.js';
import { noticeLines } from './incident-text.js';
import { formatInstant, instantAndRelative, textTable } from './terminal-text.js';

export interface WatchView {
  watch: Watch;
  timeline: StoredTimelineEntry[];
  headsUpDraft: NoticeDraft;
}

export interface CreditAnswer {
  statement: CreditStatement;
  explanation: string[];
  closed: boolean;
  issued?: CreditLedgerEntry;
}

/** "We are seeing X. We are doing Y. We will tell you Z by W." for a draft. */
export function draftSentences(d: NoticeDraft): string {
  const by = d.nextUpdateAtMs !== undefined ? ` by ${formatInstant(d.nextUpdateAtMs)}` : '';
  return `We are seeing ${d.seeing}. We are doing ${d.doing}. We will tell you ${d.next}${by}.`;
}

function headsUpText(w: Watch): string {
  const h = w.headsUp;
  if (h === undefined) return w.status === 'open' ? 'undecided' : '—';
  return h.decision === 'sent' ? `sent by ${h.by}` : `declined by ${h.by}`;
}

export function watchTable(watches: readonly Watch[]): string {
  if (watches.length === 0) return 'No watches.';
  return textTable(
    ['ID', 'STATUS', 'SERVICE', 'CLIENT', 'OBJECTIVE', 'OPENED', 'HEADS-UP', 'INCIDENT'],
    watches.map((w) => [
      w.id,
      w.status,
      w.serviceId,
      w.clientId,
      w.objectiveKey,
      formatInstant(w.openedAtMs),
      headsUpText(w),
      w.incidentId ?? '—',
    ]),
  );
}

export function watchSummary(view: WatchView, nowMs: number): string {
  const w = view.watch;
  const undecided = w.status === 'open' && w.headsUp === undefined;
  const width = Math.max(0, ...view.timeline.map((e) => e.actor.length));
  return [
    [
      `Watch ${w.id}: ${w.title}`,
      `  ${w.status} · service ${w.serviceId} · client ${w.clientId} · opened ${instantAndRelative(w.openedAtMs, nowMs)}`,
      `  ${w.objectiveKey}: ${describeReason(w.reason)}`,
      ...(w.closedAtMs !== undefined ? [`  closed ${formatInstant(w.closedAtMs)}`] : []),
      ...(w.incidentId !== undefined ? [`  became incident ${w.incidentId}`] : []),
      `  heads-up: ${headsUpText(w)}${w.headsUp?.reason !== undefined ? ` (${w.headsUp.reason})` : ''}`,
    ].join('\n'),
    ...(undecided ? [`Drafted heads-up\n  ${draftSentences(view.headsUpDraft)}`] : []),
    ...(w.notices.length > 0 ? [['Notices sent', ...noticeLines(w.notices)].join('\n')] : []),
    [
      'Timeline',
      ...view.timeline.map(
        (e) => `  ${formatInstant(e.atMs)}  ${e.actor.padEnd(width)}  ${e.text}`,
      ),
    ].join('\n'),
  ].join('\n\n');
}

const shareText = (s: Share): string =>
  `${s.count} of ${s.of}${s.ratio === null ? '' : ` (${Math.round(s.ratio * 1000) / 10} %)`}`;
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const timeText = (ms: number | null): string => (ms === null ? '—' : formatDuration(ms));

function figureBlock(title: string, f: ClientFirstFigures): string[] {
  return [
    `${title}: ${count(f.incidents, 'incident')}, ${count(f.clientIncidents, 'affected client')}, ${count(f.noticesSent, 'notice')} sent`,
    `  time to first notice: median ${timeText(f.timeToFirstNoticeMs.median)}, p90 ${timeText(f.timeToFirstNoticeMs.p90)}`,
    `  notified within the notice time: ${shareText(f.notifiedWithinNoticeTime)}`,
    `  the client told us first: ${shareText(f.clientReportedFirst)}`,
    `  median time to contain ${timeText(f.medianTimeToContainMs)}, to recover ${timeText(f.medianTimeToRecoverMs)}`,
  ];
}

export function figuresText(summary: ClientFirstSummary): string {
  return [
    figureBlock('Overall', summary.overall).join('\n'),
    ...Object.entries(summary.byClient).map(([id, f]) => figureBlock(id, f).join('\n')),
  ].join('\n\n');
}

export function creditText(answer: CreditAnswer): string {
  const s = answer.statement;
  const state = answer.closed ? 'closed month' : 'preview: the month is still running';
  const issued = answer.issued;
  return [
    `Credit statement for SLA ${s.slaId}, ${s.period.label} (${state})`,
    ...answer.explanation.map((line) => `  ${line}`),
    ...s.notes.map((n) => `  note: ${n}`),
    issued !== undefined
      ? `Issued to the ledger at ${formatInstant(issued.issuedAtMs)} (key ${issued.key}): ${issued.currency === null ? 'no amount (no fee in the contract)' : formatMoney(issued.amountMinor, issued.currency)}`
      : 'Not issued to the ledger.',
  ].join('\n');
}
