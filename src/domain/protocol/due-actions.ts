// What the protocol's clock has to do for an incident now: remind before the client notice and
// each promised update (W) are due, send the notice when its time runs out (if the contract
// says so), escalate when a promise passes, tell the team the recovery gate is open, and chase
// overdue postmortems and commitments. Each action, once done, is marked on the incident so
// it happens once.

import type { Commitment, Incident, IncidentClient } from './case-files.js';
import { recoveryGate } from './recovery-gate.js';

export type DueAction =
  | { kind: 'notice-reminder'; clientId: string; dueAtMs: number }
  | { kind: 'notice-auto-send'; clientId: string; dueAtMs: number }
  | { kind: 'notice-overdue'; clientId: string; dueAtMs: number }
  | { kind: 'update-reminder'; clientId: string; dueAtMs: number }
  | { kind: 'update-overdue'; clientId: string; dueAtMs: number }
  | { kind: 'ready-to-resolve' }
  | { kind: 'postmortem-overdue'; dueAtMs: number }
  | { kind: 'commitment-overdue'; commitmentId: string; dueAtMs: number };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Remind a third of the way before a deadline, at most 5 minutes before it. */
export function reminderLeadMs(windowMs: number): number {
  return Math.max(0, Math.min(5 * MINUTE_MS, Math.floor(windowMs / 3)));
}

export function dueActions(incident: Incident, nowMs: number): DueAction[] {
  const actions: DueAction[] = [];
  if (incident.status === 'open') {
    for (const c of incident.clients) actions.push(...clientActions(incident, c, nowMs));
    if (incident.resolveRemindedAtMs === undefined && recoveryGate(incident, nowMs).open) {
      actions.push({ kind: 'ready-to-resolve' });
    }
  }
  const pm = incident.postmortem;
  if (pm !== undefined) {
    if (
      pm.status === 'draft' &&
      nowMs >= pm.dueAtMs &&
      (pm.remindedOverdueAtMs === undefined || nowMs - pm.remindedOverdueAtMs >= DAY_MS)
    ) {
      actions.push({ kind: 'postmortem-overdue', dueAtMs: pm.dueAtMs });
    }
    for (const c of pm.commitments) {
      if (commitmentOverdue(c, nowMs)) {
        actions.push({ kind: 'commitment-overdue', commitmentId: c.id, dueAtMs: c.dueAtMs });
      }
    }
  }
  return actions;
}

function commitmentOverdue(c: Commitment, nowMs: number): boolean {
  return (
    c.status === 'open' &&
    nowMs >= c.dueAtMs &&
    (c.remindedAtMs === undefined || nowMs - c.remindedAtMs >= DAY_MS)
  );
}

function clientActions(incident: Incident, c: IncidentClient, nowMs: number): DueAction[] {
  const { clientId } = c;
  if (c.firstNoticeAtMs === undefined) {
    const window = c.noticeDueAtMs - incident.detectedAtMs;
    if (nowMs >= c.noticeDueAtMs) {
      if (c.noticeEscalatedAtMs !== undefined) return [];
      return [
        {
          kind: c.autoSendAtDeadline ? 'notice-auto-send' : 'notice-overdue',
          clientId,
          dueAtMs: c.noticeDueAtMs,
        },
      ];
    }
    if (c.noticeRemindedAtMs === undefined && nowMs >= c.noticeDueAtMs - reminderLeadMs(window)) {
      return [{ kind: 'notice-reminder', clientId, dueAtMs: c.noticeDueAtMs }];
    }
    return [];
  }
  const w = c.nextUpdateDueAtMs;
  if (w === undefined) return [];
  if (nowMs >= w) {
    return c.updateEscalatedForMs === w ? [] : [{ kind: 'update-overdue', clientId, dueAtMs: w }];
  }
  if (c.updateRemindedForMs !== w && nowMs >= w - reminderLeadMs(c.updateCadenceMs)) {
    return [{ kind: 'update-reminder', clientId, dueAtMs: w }];
  }
  return [];
}

/** The incident with the action marked done, so the clock does not do it again. */
export function markActionDone(incident: Incident, action: DueAction, nowMs: number): Incident {
  const onClient = (clientId: string, f: (c: IncidentClient) => IncidentClient): Incident => ({
    ...incident,
    clients: incident.clients.map((c) => (c.clientId === clientId ? f(c) : c)),
  });
  switch (action.kind) {
    case 'notice-reminder':
      return onClient(action.clientId, (c) => ({ ...c, noticeRemindedAtMs: nowMs }));
    case 'notice-auto-send':
    case 'notice-overdue':
      return onClient(action.clientId, (c) => ({ ...c, noticeEscalatedAtMs: nowMs }));
    case 'update-reminder':
      return onClient(action.clientId, (c) => ({ ...c, updateRemindedForMs: action.dueAtMs }));
    case 'update-overdue':
      return onClient(action.clientId, (c) => ({ ...c, updateEscalatedForMs: action.dueAtMs }));
    case 'ready-to-resolve':
      return { ...incident, resolveRemindedAtMs: nowMs };
    case 'postmortem-overdue':
      return incident.postmortem === undefined
        ? incident
        : { ...incident, postmortem: { ...incident.postmortem, remindedOverdueAtMs: nowMs } };
    case 'commitment-overdue':
      return incident.postmortem === undefined
        ? incident
        : {
            ...incident,
            postmortem: {
              ...incident.postmortem,
              commitments: incident.postmortem.commitments.map((c) =>
                c.id === action.commitmentId ? { ...c, remindedAtMs: nowMs } : c,
              ),
            },
          };
  }
}
