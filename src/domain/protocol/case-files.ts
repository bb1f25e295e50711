// The breach protocol's records: a watch (early-warning layer) and an incident (breach layer),
// with what people and Forewarn did about them. Pure data; the rules live beside this file.

import type { Role } from '../notification.js';
import type { ObjectiveStatus, Reason } from '../objective-state.js';

export const STAGES = [
  'detect',
  'contain',
  'communicate',
  'resolve',
  'postmortem',
  'make-right',
] as const;
export type StageName = (typeof STAGES)[number];

/** The containment ladder, in the order the seed document tries them. */
export const LEVERS = [
  'feature-flag',
  'deploy-rollback',
  'migration-rollback',
  'data-correction',
] as const;
export type LeverName = (typeof LEVERS)[number];
export const LEVER_OUTCOMES = ['tried', 'skipped', 'worked', 'failed'] as const;
export type LeverOutcome = (typeof LEVER_OUTCOMES)[number];

export interface StageRecord {
  doneAtMs?: number;
  doneBy?: string;
}

/** A result of an action bound to a lever (an outbound signed webhook). */
export interface LeverActionResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  /** Why it failed; never a URL or token. */
  reason: string | null;
}

export interface LeverRecord {
  lever: LeverName;
  outcome: LeverOutcome;
  by: string;
  atMs: number;
  /** Why it was skipped, or what was done. */
  note?: string;
  action?: LeverActionResult;
}

export type NoticeKind = 'heads-up' | 'breach' | 'update' | 'resolution';

/** A message sent to the client: "We are seeing X. We are doing Y. We will tell you Z by W." */
export interface NoticeRecord {
  id: string;
  clientId: string;
  kind: NoticeKind;
  sentAtMs: number;
  /** A person, or "forewarn" for automatic notices. */
  sentBy: string;
  automatic: boolean;
  seeing: string;
  doing: string;
  next: string;
  /** W: the promised time of the next update. */
  nextUpdateAtMs?: number;
  /** Outbox ids of the deliveries (one per client contact point). */
  notificationIds: string[];
}

/** One objective that breached, as part of an incident (its episode names the incident key). */
export interface IncidentObjective {
  objectiveKey: string;
  /** `${objectiveKey}@${episodeStartMs}`: the outbox and PagerDuty group by it. */
  incidentKey: string;
  slaId: string;
  detectedAtMs: number;
  reason: Reason;
  /** Latest known state of the objective. */
  status: ObjectiveStatus;
  statusSinceMs: number;
  /** Since when it has been within its threshold (recovered / back to ok). */
  withinSinceMs?: number;
  recoveryPeriodMs: number;
}

export interface Commitment {
  id: string;
  title: string;
  owner: string;
  dueAtMs: number;
  status: 'open' | 'done';
  doneAtMs?: number;
  doneBy?: string;
  /** The last overdue reminder (one per day at most). */
  remindedAtMs?: number;
}

export interface Postmortem {
  openedAtMs: number;
  dueAtMs: number;
  status: 'draft' | 'done';
  summary: string;
  rootCause: string;
  whatHappened: string;
  lessons: string;
  /** Structural fixes, tracked to done. */
  commitments: Commitment[];
  completedAtMs?: number;
  completedBy?: string;
  remindedOverdueAtMs?: number;
}

export interface ClientRecoveryCommitment {
  id: string;
  text: string;
  owner: string;
  dueAtMs: number;
  status: 'open' | 'done';
  doneAtMs?: number;
}

export interface MakeRight {
  /** Ledger keys of the credits issued for this incident's periods. */
  creditKeys: string[];
  recoveryCommitments: ClientRecoveryCommitment[];
  review?: { atMs: number; with: string; scheduledBy: string; scheduledAtMs: number };
}

/** One affected client: the contract's notice clock and the promise of the next update. */
export interface IncidentClient {
  clientId: string;
  slaIds: string[];
  noticeDueAtMs: number;
  /** When the deadline passes without a notice: send the drafted notice automatically. */
  autoSendAtDeadline: boolean;
  updateCadenceMs: number;
  firstNoticeAtMs?: number;
  /** An inbound "client reported" event (API or e-mail webhook). */
  clientReportedAtMs?: number;
  noticeRemindedAtMs?: number;
  noticeEscalatedAtMs?: number;
  /** W: when the next update is promised, and what was done about it. */
  nextUpdateDueAtMs?: number;
  updateRemindedForMs?: number;
  updateEscalatedForMs?: number;
}

export type IncidentStatus = 'open' | 'resolved' | 'closed';

export interface Incident {
  id: string;
  /** Optimistic concurrency: every write checks and bumps it. */
  version: number;
  serviceId: string;
  title: string;
  status: IncidentStatus;
  /** The watch this incident grew from, if the early warning came first. */
  watchId?: string;
  detectedAtMs: number;
  objectives: IncidentObjective[];
  /** Person ids per role, assigned from the service's people at detection. */
  roles: Partial<Record<Role, string>>;
  stages: Record<StageName, StageRecord>;
  /** The affected clients, each with its own client-first clock and promised update (W). */
  clients: IncidentClient[];
  notices: NoticeRecord[];
  levers: LeverRecord[];
  acknowledged?: { by: string; atMs: number };
  /** When the team was told the recovery gate is open. */
  resolveRemindedAtMs?: number;
  resolution?: {
    atMs: number;
    by: string;
    rootCause: string;
    fix: string;
    /** Resolved before the recovery period was over: the reason, shown as an override. */
    overrideReason?: string;
  };
  postmortem?: Postmortem;
  makeRight: MakeRight;
}

export type WatchStatus = 'open' | 'breach-avoided' | 'became-incident';

export interface Watch {
  id: string;
  version: number;
  objectiveKey: string;
  incidentKey: string;
  slaId: string;
  clientId: string;
  serviceId: string;
  title: string;
  status: WatchStatus;
  openedAtMs: number;
  reason: Reason;
  closedAtMs?: number;
  incidentId?: string;
  /** The product owner's decision on a proactive heads-up to the client. */
  headsUp?: {
    decision: 'sent' | 'declined';
    by: string;
    atMs: number;
    reason?: string;
    noticeId?: string;
  };
  notices: NoticeRecord[];
}

/** Append-only. `subject` is `incident:<id>` or `watch:<id>`. */
export interface TimelineEntry {
  subject: string;
  atMs: number;
  kind: string;
  actor: string;
  text: string;
  data?: Record<string, unknown>;
}

export const incidentSubject = (id: string): string => `incident:${id}`;
export const watchSubject = (id: string): string => `watch:${id}`;
