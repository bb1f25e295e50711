// Resolving an incident — only once every breached objective has stayed within its threshold
// for its recovery period, or with an override and its reason — then the postmortem: due within
// the contract's time, edited, completed, with structural-fix commitments tracked to done.

import { randomUUID } from 'node:crypto';
import {
  incidentSubject,
  type Commitment,
  type Incident,
  type Postmortem,
  type TimelineEntry,
} from '../domain/protocol/case-files.js';
import { draftNotice } from '../domain/protocol/draft-notice.js';
import { recoveryGate } from '../domain/protocol/recovery-gate.js';
import type { AppContext } from './context.js';
import { aboutIncident, definitionsOf } from './incident-subjects.js';
import type { OutboxEntry } from './ports.js';
import { clientNotice } from './protocol-notifications.js';
import { refuse, updateIncident } from './update-incident.js';

export interface ResolveInput {
  by: string;
  rootCause: string;
  fix: string;
  /** Resolve before the recovery gate opens: why. Shown as an override. */
  overrideReason?: string;
}

export function resolveIncident(
  ctx: AppContext,
  id: string,
  input: ResolveInput,
): Promise<Incident> {
  const defs = definitionsOf(ctx.engine.runtime);
  return updateIncident(ctx, id, (incident, nowMs) => {
    if (incident.status !== 'open') refuse(`Incident ${id} is already ${incident.status}.`);
    const gate = recoveryGate(incident, nowMs);
    if (!gate.open && input.overrideReason === undefined) {
      refuse(
        `Incident ${id} cannot be resolved yet: ${gate.missing.join('; ')}. Wait for recovery, or resolve with an overrideReason.`,
        gate.missing,
      );
    }
    const override = gate.open ? undefined : input.overrideReason;
    const subject = incidentSubject(id);
    const timeline: TimelineEntry[] = [
      {
        subject,
        atMs: nowMs,
        kind: override === undefined ? 'resolved' : 'resolved-with-override',
        actor: input.by,
        text:
          override === undefined
            ? `Resolved. Root cause: ${input.rootCause}. Fix: ${input.fix}.`
            : `Resolved by override before recovery (${gate.missing.join('; ')}). Reason: ${override}. Root cause: ${input.rootCause}. Fix: ${input.fix}.`,
      },
    ];
    const postmortemDueMs = Math.min(
      ...incident.clients.flatMap((c) =>
        c.slaIds.map(
          (slaId) => defs.slas.find((s) => s.id === slaId)?.contract.postmortemDueMs ?? Infinity,
        ),
      ),
    );
    const postmortem: Postmortem = {
      openedAtMs: nowMs,
      dueAtMs: nowMs + (Number.isFinite(postmortemDueMs) ? postmortemDueMs : 5 * 86_400_000),
      status: 'draft',
      summary: '',
      rootCause: input.rootCause,
      whatHappened: '',
      lessons: '',
      commitments: [],
    };
    timeline.push({
      subject,
      atMs: nowMs,
      kind: 'postmortem-opened',
      actor: 'forewarn',
      text: `Postmortem opened, due ${new Date(postmortem.dueAtMs).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    });
    // The resolution notice to every affected client; W is the postmortem, a promise too.
    const notifications: OutboxEntry[] = [];
    const notices = [...incident.notices];
    for (const client of incident.clients) {
      const about = aboutIncident(defs, incident, client.clientId);
      const within = incident.objectives
        .filter((o) => o.withinSinceMs !== undefined)
        .reduce((max, o) => Math.max(max, o.withinSinceMs ?? 0), 0);
      const draft = draftNotice({
        kind: 'resolution',
        context: about.context,
        reason: about.reason,
        sinceMs: about.objective.detectedAtMs,
        levers: incident.levers,
        updateCadenceMs: client.updateCadenceMs,
        nowMs,
        withinSinceMs: within > 0 ? within : nowMs,
        postmortemDueAtMs: postmortem.dueAtMs,
      });
      const { notice, entries } = clientNotice(
        about,
        draft,
        { sentBy: input.by, automatic: false },
        nowMs,
      );
      notifications.push(...entries);
      notices.push(notice);
      timeline.push({
        subject,
        atMs: nowMs,
        kind: 'notice',
        actor: input.by,
        text: `Resolution notice to ${about.context.client.name}: "We are seeing ${notice.seeing}."`,
        data: { noticeId: notice.id, clientId: client.clientId },
      });
    }
    return {
      record: {
        ...incident,
        status: 'resolved',
        resolution: {
          atMs: nowMs,
          by: input.by,
          rootCause: input.rootCause,
          fix: input.fix,
          ...(override !== undefined ? { overrideReason: override } : {}),
        },
        // No more W reminders: the promise now is the postmortem.
        clients: incident.clients.map(({ nextUpdateDueAtMs: _w, ...c }) => c),
        notices,
        postmortem,
        stages: { ...incident.stages, resolve: { doneAtMs: nowMs, doneBy: input.by } },
      },
      timeline,
      notifications,
    };
  });
}

function needPostmortem(incident: Incident): Postmortem {
  if (incident.postmortem === undefined) {
    refuse(
      `Incident ${incident.id} has no postmortem yet: it opens when the incident is resolved.`,
    );
  }
  return incident.postmortem;
}

export interface PostmortemEdit {
  by: string;
  summary?: string;
  rootCause?: string;
  whatHappened?: string;
  lessons?: string;
}

export function editPostmortem(
  ctx: AppContext,
  id: string,
  edit: PostmortemEdit,
): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => {
    const pm = needPostmortem(incident);
    if (pm.status === 'done') refuse(`The postmortem of incident ${id} is already done.`);
    const { by, ...fields } = edit;
    const changed = Object.keys(fields).filter(
      (k) => fields[k as keyof typeof fields] !== undefined,
    );
    return {
      record: { ...incident, postmortem: { ...pm, ...definedOnly(fields) } },
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'postmortem-edited',
          actor: by,
          text: `Postmortem edited (${changed.join(', ') || 'nothing'}).`,
        },
      ],
    };
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function completePostmortem(ctx: AppContext, id: string, by: string): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => {
    const pm = needPostmortem(incident);
    if (pm.status === 'done') refuse(`The postmortem of incident ${id} is already done.`);
    const missing = [
      ...(pm.summary.trim() === '' ? ['a summary'] : []),
      ...(pm.rootCause.trim() === '' ? ['the root cause'] : []),
      ...(pm.commitments.length === 0 ? ['at least one structural-fix commitment'] : []),
    ];
    if (missing.length > 0)
      refuse(
        `The postmortem of incident ${id} needs ${missing.join(', ')} before it is done.`,
        missing,
      );
    return {
      record: closeIfDone({
        ...incident,
        postmortem: { ...pm, status: 'done', completedAtMs: nowMs, completedBy: by },
        stages: { ...incident.stages, postmortem: { doneAtMs: nowMs, doneBy: by } },
      }),
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'postmortem-done',
          actor: by,
          text: `Postmortem done${nowMs > pm.dueAtMs ? ' (late)' : ''}.`,
        },
      ],
    };
  });
}

/** An incident is closed once its postmortem and make-right stages are both done. */
export function closeIfDone(incident: Incident): Incident {
  const done =
    incident.status === 'resolved' &&
    incident.stages.postmortem.doneAtMs !== undefined &&
    incident.stages['make-right'].doneAtMs !== undefined;
  return done ? { ...incident, status: 'closed' } : incident;
}

export function addCommitment(
  ctx: AppContext,
  id: string,
  input: { by: string; title: string; owner: string; dueAtMs: number },
): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => {
    const pm = needPostmortem(incident);
    const commitment: Commitment = {
      id: randomUUID().slice(0, 8),
      title: input.title,
      owner: input.owner,
      dueAtMs: input.dueAtMs,
      status: 'open',
    };
    return {
      record: { ...incident, postmortem: { ...pm, commitments: [...pm.commitments, commitment] } },
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'commitment',
          actor: input.by,
          text: `Commitment "${input.title}" for ${input.owner}, due ${new Date(input.dueAtMs).toISOString().slice(0, 10)}.`,
          data: { commitmentId: commitment.id },
        },
      ],
    };
  });
}

export function completeCommitment(
  ctx: AppContext,
  id: string,
  commitmentId: string,
  by: string,
): Promise<Incident> {
  return updateIncident(ctx, id, (incident, nowMs) => {
    const pm = needPostmortem(incident);
    const c = pm.commitments.find((x) => x.id === commitmentId);
    if (c === undefined) {
      refuse(
        `Incident ${id} has no commitment "${commitmentId}".`,
        pm.commitments.map((x) => x.id),
      );
    }
    if (c.status === 'done') refuse(`Commitment "${c.title}" is already done.`);
    return {
      record: {
        ...incident,
        postmortem: {
          ...pm,
          commitments: pm.commitments.map((x) =>
            x.id === commitmentId
              ? { ...x, status: 'done' as const, doneAtMs: nowMs, doneBy: by }
              : x,
          ),
        },
      },
      timeline: [
        {
          subject: incidentSubject(id),
          atMs: nowMs,
          kind: 'commitment-done',
          actor: by,
          text: `Commitment "${c.title}" done${nowMs > c.dueAtMs ? ' (late)' : ''}.`,
        },
      ],
    };
  });
}
