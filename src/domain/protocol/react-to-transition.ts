// How the protocol follows the evaluator: an early warning opens a watch, its clearing records
// "breach avoided", a breach opens an incident (or joins the service's open one) and turns the
// watch into it, and recovery is tracked on the incident's objectives.

import type { Definitions } from '../definitions.js';
import { describeReason } from '../describe-reason.js';
import type { Transition } from '../objective-state.js';
import type { ObjectiveContext } from '../routing/objective-context.js';
import { roleHoldersAt } from '../routing/role-holders.js';
import {
  STAGES,
  incidentSubject,
  watchSubject,
  type Incident,
  type IncidentClient,
  type IncidentObjective,
  type NoticeRecord,
  type StageName,
  type StageRecord,
  type TimelineEntry,
  type Watch,
} from './case-files.js';
import { incidentIdOf, watchIdOf } from './case-ids.js';

export const FOREWARN = 'forewarn';

export interface ReactionInput {
  transition: Transition;
  /** With the objective key, names the episode: `${objectiveKey}@${episodeStartMs}`. */
  incidentKey: string;
  context: ObjectiveContext;
  defs: Definitions;
  /** The objective's open watch, if any. */
  watch: Watch | undefined;
  /** The incident this objective's episode is part of, or else the service's open incident. */
  incident: Incident | undefined;
  /** The automatic client notice queued with a breach transition (contract autoNotice). */
  autoNotice?: NoticeRecord;
}

export interface Reaction {
  watch?: Watch;
  incident?: Incident;
  timeline: TimelineEntry[];
}

export function reactToTransition(input: ReactionInput): Reaction {
  const { transition: t } = input;
  if (t.to === 'early-warning' && t.from === 'ok') return openWatch(input);
  if (t.to === 'ok' && t.from === 'early-warning') return closeWatch(input);
  if (t.to === 'breach') return breach(input);
  if (t.to === 'recovered' || (t.to === 'ok' && t.from === 'recovered')) return recovery(input);
  return { timeline: [] };
}

function entry(
  subject: string,
  t: Transition,
  kind: string,
  text: string,
  data?: Record<string, unknown>,
): TimelineEntry {
  return { subject, atMs: t.atMs, kind, actor: FOREWARN, text, ...(data ? { data } : {}) };
}

function why(input: ReactionInput): string {
  return describeReason(input.transition.reason, input.context.sli.unit ?? '');
}

function openWatch(input: ReactionInput): Reaction {
  const { transition: t, context } = input;
  if (input.watch !== undefined) return { timeline: [] };
  const watch: Watch = {
    id: watchIdOf(context.objective.key, t.atMs),
    version: 0,
    objectiveKey: context.objective.key,
    incidentKey: input.incidentKey,
    slaId: context.sla.id,
    clientId: context.client.id,
    serviceId: context.service.id,
    title: `${context.objective.name} at risk for ${context.client.name}`,
    status: 'open',
    openedAtMs: t.atMs,
    reason: t.reason,
    notices: [],
  };
  return {
    watch,
    timeline: [
      entry(watchSubject(watch.id), t, 'early-warning', `Early warning: ${why(input)}.`, {
        transition: t,
      }),
    ],
  };
}

function closeWatch(input: ReactionInput): Reaction {
  const { watch } = input;
  const t = input.transition;
  if (watch === undefined || watch.status !== 'open') return { timeline: [] };
  return {
    watch: { ...watch, status: 'breach-avoided', closedAtMs: t.atMs },
    timeline: [
      entry(
        watchSubject(watch.id),
        t,
        'breach-avoided',
        'Breach avoided: back within the warning line for the clearing period.',
        { transition: t },
      ),
    ],
  };
}

function incidentObjective(input: ReactionInput): IncidentObjective {
  const { transition: t, context } = input;
  return {
    objectiveKey: context.objective.key,
    incidentKey: input.incidentKey,
    slaId: context.sla.id,
    detectedAtMs: t.atMs,
    reason: t.reason,
    status: 'breach',
    statusSinceMs: t.atMs,
    recoveryPeriodMs: context.objective.recoveryPeriodMs,
  };
}

function incidentClient(input: ReactionInput): IncidentClient {
  const { transition: t, context } = input;
  const contract = context.sla.contract;
  return {
    clientId: context.client.id,
    slaIds: [context.sla.id],
    noticeDueAtMs: t.atMs + contract.noticeMs,
    autoSendAtDeadline: contract.noticeFallback === 'auto-send',
    updateCadenceMs: contract.updateCadenceMs,
  };
}

/**
 * An incident with a client notice sent: kept with the others, the client's clock stopped at its
 * first notice, W the promise to keep, and the communicate stage done by whoever sent the first.
 */
export function withClientNotice(incident: Incident, notice: NoticeRecord): Incident {
  return {
    ...incident,
    notices: [...incident.notices, notice],
    clients: incident.clients.map((c) =>
      c.clientId === notice.clientId
        ? {
            ...c,
            firstNoticeAtMs: c.firstNoticeAtMs ?? notice.sentAtMs,
            ...(notice.nextUpdateAtMs !== undefined
              ? { nextUpdateDueAtMs: notice.nextUpdateAtMs }
              : {}),
          }
        : c,
    ),
    stages: incident.stages.communicate.doneAtMs
      ? incident.stages
      : { ...incident.stages, communicate: { doneAtMs: notice.sentAtMs, doneBy: notice.sentBy } },
  };
}

function noStages(): Record<StageName, StageRecord> {
  return Object.fromEntries(STAGES.map((s) => [s, {}])) as Record<StageName, StageRecord>;
}

function breach(input: ReactionInput): Reaction {
  const { transition: t, context, incident } = input;
  const subjectOf = (id: string) => incidentSubject(id);
  const timeline: TimelineEntry[] = [];
  let next: Incident;
  const known = incident?.objectives.find((o) => o.incidentKey === input.incidentKey);

  if (incident !== undefined && known !== undefined) {
    // A relapse (recovered → breach) of an objective already in the incident.
    next = {
      ...incident,
      status: incident.status === 'resolved' ? 'open' : incident.status,
      objectives: incident.objectives.map((o) =>
        o === known
          ? (({ withinSinceMs: _w, ...rest }) => ({
              ...rest,
              status: 'breach' as const,
              statusSinceMs: t.atMs,
              reason: t.reason,
            }))(o)
          : o,
      ),
    };
    timeline.push(
      entry(
        subjectOf(incident.id),
        t,
        'relapse',
        `${context.objective.name} breached again: ${why(input)}.`,
        {
          transition: t,
        },
      ),
    );
    if (incident.status === 'resolved') {
      timeline.push(
        entry(subjectOf(incident.id), t, 'reopened', 'Reopened: an objective breached again.'),
      );
    }
  } else if (incident !== undefined && incident.status === 'open') {
    const hasClient = incident.clients.some((c) => c.clientId === context.client.id);
    next = {
      ...incident,
      objectives: [...incident.objectives, incidentObjective(input)],
      clients: hasClient
        ? incident.clients.map((c) =>
            c.clientId === context.client.id && !c.slaIds.includes(context.sla.id)
              ? { ...c, slaIds: [...c.slaIds, context.sla.id] }
              : c,
          )
        : [...incident.clients, incidentClient(input)],
    };
    timeline.push(
      entry(
        subjectOf(incident.id),
        t,
        'joined',
        `${context.objective.name} (${context.client.name}) breached too and joins this incident: ${why(input)}.`,
        { transition: t },
      ),
    );
  } else {
    const holders = roleHoldersAt(
      context.service,
      ['tech-lead', 'product-owner', 'communicator', 'on-call'],
      input.defs,
      t.atMs,
    );
    const id = incidentIdOf(context.service.id, t.atMs);
    next = {
      id,
      version: 0,
      serviceId: context.service.id,
      title: `${context.service.name}: ${context.objective.name} breached`,
      status: 'open',
      detectedAtMs: t.atMs,
      objectives: [incidentObjective(input)],
      clients: [incidentClient(input)],
      roles: Object.fromEntries(holders.map((h) => [h.role, h.person.id])),
      stages: { ...noStages(), detect: { doneAtMs: t.atMs, doneBy: FOREWARN } },
      notices: [],
      levers: [],
      makeRight: { creditKeys: [], recoveryCommitments: [] },
      ...(input.watch !== undefined ? { watchId: input.watch.id } : {}),
    };
    timeline.push(
      entry(subjectOf(id), t, 'detected', `Breach detected: ${why(input)}.`, { transition: t }),
    );
  }

  const watch =
    input.watch !== undefined && input.watch.status === 'open'
      ? {
          ...input.watch,
          status: 'became-incident' as const,
          closedAtMs: t.atMs,
          incidentId: next.id,
        }
      : undefined;
  if (watch !== undefined) {
    timeline.push(
      entry(watchSubject(watch.id), t, 'became-incident', `Breached: now incident ${next.id}.`),
    );
  }

  if (input.autoNotice !== undefined) {
    const notice = input.autoNotice;
    next = withClientNotice(next, notice);
    timeline.push({
      subject: subjectOf(next.id),
      atMs: notice.sentAtMs,
      kind: 'notice',
      actor: FOREWARN,
      text: `Client notice sent automatically at detection: "We are seeing ${notice.seeing}."`,
      data: { noticeId: notice.id },
    });
  }
  return { incident: next, ...(watch ? { watch } : {}), timeline };
}

function recovery(input: ReactionInput): Reaction {
  const { transition: t, incident, context } = input;
  if (incident === undefined) return { timeline: [] };
  const known = incident.objectives.find((o) => o.incidentKey === input.incidentKey);
  if (known === undefined) return { timeline: [] };
  const r = t.reason;
  const withinSinceMs =
    r.kind === 'recovering' || r.kind === 'recovery-complete' ? r.withinSinceMs : t.atMs;
  const next: Incident = {
    ...incident,
    objectives: incident.objectives.map((o) =>
      o === known ? { ...o, status: t.to, statusSinceMs: t.atMs, withinSinceMs } : o,
    ),
  };
  const text =
    t.to === 'recovered'
      ? `${context.objective.name} is back within its threshold; recovery period running.`
      : `${context.objective.name} has stayed within its threshold for the recovery period.`;
  return {
    incident: next,
    timeline: [
      entry(
        incidentSubject(incident.id),
        t,
        t.to === 'ok' ? 'recovery-complete' : 'recovering',
        text,
        {
          transition: t,
        },
      ),
    ],
  };
}
