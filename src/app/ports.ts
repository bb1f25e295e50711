// The ports use cases need. Adapters in src/store, src/notify, src/sources implement them;
// only src/main.ts and src/cli wire real ones in.

import type { Definitions } from '../domain/definitions.js';
import type { Audience, NotificationMessage, Role } from '../domain/notification.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import type {
  Incident,
  LeverActionResult,
  TimelineEntry,
  Watch,
} from '../domain/protocol/case-files.js';
import type { EndpointDef } from '../domain/notification.js';
import type { TeamRole, StoredUser } from '../domain/accounts/account.js';
import type { ApiTokenRecord } from '../domain/accounts/api-token.js';
import type { SessionRecord } from '../domain/accounts/session-lifetime.js';

export interface Clock {
  /** Wall-clock epoch milliseconds (data time, stored times). */
  nowMs(): number;
}

/**
 * Aggregated data of one SLI for one minute. Counts are integers; `sketch` holds the
 * distribution of values (see src/domain/windows/sketch.ts) for distribution SLIs.
 */
export interface Rollup {
  sliId: string;
  minuteMs: number;
  good: number;
  total: number;
  /** Distribution SLIs: encoded sketch of the minute's values; null for ratio SLIs. */
  sketch: Uint8Array | null;
}

/** One committed ingest batch's aggregated deltas, kept until a snapshot covers it. */
export interface IngestLogEntry {
  seq: number;
  rollups: Rollup[];
}

export interface IngestCommit {
  clientId: string;
  idempotencyKey: string;
  receivedAtMs: number;
  /** Aggregated per (sliId, minuteMs); merged into stored rollups (counts added, sketches merged). */
  rollups: Rollup[];
  /** The response to replay if the same key is sent again. */
  response: unknown;
}

export type IngestOutcome =
  { duplicate: false; seq: number } | { duplicate: true; response: unknown };

export interface ObjectiveStateRecord {
  objectiveKey: string;
  state: ObjectiveState;
}

export interface WindowSnapshot {
  objectiveKey: string;
  /** Hash of the objective definition the snapshot was built for; a changed definition rebuilds. */
  definitionHash: string;
  /** Ingest log sequence the snapshot includes (everything ≤ seq is in it). */
  seq: number;
  takenAtMs: number;
  data: Uint8Array;
}

export interface TransitionQuery {
  objectiveKey?: string;
  slaId?: string;
  sinceMs?: number;
  untilMs?: number;
  limit: number;
}

export interface StoredTransition extends Transition {
  id: number;
}

/** A transition as recorded: with the start of the episode it belongs to (names the incident). */
export interface RecordedTransition extends Transition {
  episodeStartMs?: number;
}

export interface RecordedStoredTransition extends RecordedTransition {
  id: number;
}

/** A notification to deliver, written in the same transaction as the change that caused it. */
export interface OutboxEntry {
  /** Also the idempotency key every attempt carries. */
  id: string;
  /** Unique: the same planned notification is never queued twice. */
  dedupKey: string;
  incidentKey: string;
  endpointId: string;
  address?: string;
  audience: Audience;
  /** 0: client notice, dispatched first; 1: team. */
  priority: 0 | 1;
  role?: Role;
  personId?: string;
  contactName?: string;
  message: NotificationMessage;
  createdAtMs: number;
}

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxRecord extends OutboxEntry {
  /** Queue order. */
  seq: number;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string | null;
  deliveredAtMs: number | null;
  ackedAtMs: number | null;
  ackedBy: string | null;
}

export interface DeliveryAttempt {
  notificationId: string;
  attempt: number;
  startedAtMs: number;
  durationMs: number;
  ok: boolean;
  status: number | null;
  /** Why it failed; never a URL, token or password. */
  reason: string | null;
}

export interface AttemptOutcome {
  status: OutboxStatus;
  nextAttemptAtMs: number;
  lastError: string | null;
  deliveredAtMs: number | null;
}

export interface NotificationQuery {
  incidentKey?: string;
  status?: OutboxStatus;
  limit: number;
}

/** An inbound "the client reported a problem" event (API or e-mail webhook). */
export interface ClientReport {
  id: string;
  clientId: string;
  /** The incident it was matched to, if one was open. */
  incidentId?: string;
  atMs: number;
  source: 'api' | 'email';
  text: string;
}

/** One credit, written exactly once per SLA and period (`key` = `${slaId}|${period}`). */
export interface CreditLedgerEntry {
  key: string;
  slaId: string;
  clientId: string;
  period: string;
  issuedAtMs: number;
  amountMinor: number;
  currency: string | null;
  /** The computation behind it, as shown in reports. */
  statement: unknown;
}

export interface StoredTimelineEntry extends TimelineEntry {
  id: number;
}

/**
 * Everything one protocol step writes, in one transaction. Watches and incidents carry the
 * version being written: 1 inserts; n > 1 updates the row only if it still has version n − 1.
 */
export interface ProtocolCommit {
  watches?: Watch[];
  incidents?: Incident[];
  timeline?: TimelineEntry[];
  notifications?: OutboxEntry[];
  clientReports?: ClientReport[];
  /** Inserted only when their key is new. */
  credits?: CreditLedgerEntry[];
  /** The last transition id the protocol has handled. */
  transitionCursor?: number;
}

export type ProtocolCommitOutcome =
  | { ok: true; creditsWritten: string[] }
  /** Someone else changed this record first; nothing was written. */
  | { ok: false; conflict: string };

export interface IncidentQuery {
  status?: Incident['status'];
  clientId?: string;
  serviceId?: string;
  limit: number;
}

export interface WatchQuery {
  status?: Watch['status'];
  clientId?: string;
  limit: number;
}

/** The breach protocol's records (src/store/protocol-queries.ts). */
export interface ProtocolStore {
  commitProtocol(commit: ProtocolCommit): Promise<ProtocolCommitOutcome>;
  protocolCursor(): Promise<number>;
  /** Transitions with id > afterId, oldest first. */
  readTransitionsAfter(afterId: number, limit: number): Promise<RecordedStoredTransition[]>;
  getIncident(id: string): Promise<Incident | undefined>;
  incidentIdForKey(incidentKey: string): Promise<string | undefined>;
  /** Newest first. */
  listIncidents(query: IncidentQuery): Promise<Incident[]>;
  getWatch(id: string): Promise<Watch | undefined>;
  listWatches(query: WatchQuery): Promise<Watch[]>;
  /** Oldest first. */
  listTimeline(subjects: string[], limit: number): Promise<StoredTimelineEntry[]>;
  listClientReports(query: { clientId?: string; limit: number }): Promise<ClientReport[]>;
  listCredits(query: {
    clientId?: string;
    slaId?: string;
    limit: number;
  }): Promise<CreditLedgerEntry[]>;
}

/** Users, sessions and API tokens (src/store/account-queries.ts). */
export interface AccountStore {
  /** Whether first-run setup has happened (or any user was ever created): then setup is closed. */
  isSetUp(): Promise<boolean>;
  /**
   * Inserts the first admin and closes setup, in one transaction, only when setup is still open
   * and no user exists; false otherwise (of two concurrent calls, one wins).
   */
  createFirstAdmin(user: StoredUser, atMs: number): Promise<boolean>;
  /** Inserts a user and closes setup; false when the e-mail address is taken. */
  insertUser(user: StoredUser): Promise<boolean>;
  getUser(id: string): Promise<StoredUser | undefined>;
  findUserByEmail(email: string): Promise<StoredUser | undefined>;
  /** Oldest first. */
  listUsers(): Promise<StoredUser[]>;
  /** Refused (nothing changed) when it would leave no team admin. */
  setUserRole(id: string, role: TeamRole): Promise<'updated' | 'not-found' | 'last-admin'>;
  /** Deletes the user and their sessions; refused when it would leave no team admin. */
  deleteUser(id: string): Promise<'deleted' | 'not-found' | 'last-admin'>;
  /** Replaces the password hash; `endSessions` also signs the user out everywhere. */
  setPasswordHash(id: string, passwordHash: string, endSessions: boolean): Promise<boolean>;

  createSession(session: SessionRecord): Promise<void>;
  /** The session and its user, expired or not (the caller decides). */
  findSession(idHash: string): Promise<{ session: SessionRecord; user: StoredUser } | undefined>;
  touchSession(idHash: string, lastSeenAtMs: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Deletes sessions that ended before `nowMs` or were last seen before `idleBeforeMs`. */
  pruneSessions(nowMs: number, idleBeforeMs: number): Promise<number>;

  insertApiToken(token: ApiTokenRecord): Promise<void>;
  /** A token that is not revoked, by the hash of its secret. */
  findApiToken(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  /** Revoked ones included, newest first. */
  listApiTokens(): Promise<ApiTokenRecord[]>;
  /** Marks it revoked; the record as it is now, or undefined when there is no such token. */
  revokeApiToken(id: string, atMs: number): Promise<ApiTokenRecord | undefined>;
}

/**
 * Persistence. One Kysely implementation runs on SQLite and PostgreSQL; the same contract
 * suite (src/store/store-contract.ts) runs on each.
 */
export interface Store extends ProtocolStore, StatusReportStore, AccountStore {
  migrate(): Promise<void>;
  close(): Promise<void>;

  saveDefinitions(defs: Definitions, appliedAtMs: number): Promise<void>;
  loadDefinitions(): Promise<Definitions | undefined>;

  /** Replaces a client's push tokens with these SHA-256 hex hashes. */
  setPushTokenHashes(clientId: string, tokenHashes: string[]): Promise<void>;
  findClientByPushTokenHash(tokenHash: string): Promise<string | undefined>;

  /**
   * Atomically: refuses a seen idempotency key (returning the stored response), otherwise merges
   * the rollups, appends them to the ingest log and remembers the key. Durable when it resolves.
   */
  commitIngest(commit: IngestCommit): Promise<IngestOutcome>;
  /**
   * commitIngest for a group, in one transaction: one outcome per commit, in order. A key seen
   * before, or earlier in the group, is a duplicate (first response, nothing applied). The new
   * commits share one sequence and one merged log entry. All or nothing; durable when it resolves.
   */
  commitIngestBatch(commits: IngestCommit[]): Promise<IngestOutcome[]>;
  readRollups(sliId: string, fromMs: number, toMs: number): Promise<Rollup[]>;
  /** The oldest stored minute of the SLI at or after `fromMs` (when its data starts). */
  firstRollupMinute(sliId: string, fromMs: number): Promise<number | undefined>;
  readIngestLog(afterSeq: number, limit: number): Promise<IngestLogEntry[]>;
  pruneIngestLog(uptoSeq: number): Promise<void>;
  pruneRollups(beforeMs: number): Promise<number>;
  pruneIdempotencyKeys(beforeMs: number): Promise<number>;

  loadObjectiveStates(): Promise<ObjectiveStateRecord[]>;
  /** Atomically appends the transitions, sets the objectives' states and queues notifications. */
  recordTransitions(
    transitions: RecordedTransition[],
    states: ObjectiveStateRecord[],
    notifications?: OutboxEntry[],
  ): Promise<void>;
  /** Saves state that changed without a transition (e.g. withinSinceMs). */
  saveObjectiveStates(states: ObjectiveStateRecord[]): Promise<void>;
  listTransitions(query: TransitionQuery): Promise<StoredTransition[]>;

  saveSnapshots(snapshots: WindowSnapshot[]): Promise<void>;
  loadSnapshots(): Promise<WindowSnapshot[]>;

  /** Queues notifications; ones whose dedupKey is already queued are skipped. Returns how many were new. */
  enqueueNotifications(entries: OutboxEntry[]): Promise<number>;
  /** Pending notifications in queue order (due or not: later ones in a lane wait for earlier ones). */
  listPendingNotifications(limit: number): Promise<OutboxRecord[]>;
  /** Atomically stores the attempt and the notification's new status. */
  recordDeliveryAttempt(attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<void>;
  /** The same for several attempts in one transaction (the dispatcher's group commit). */
  recordDeliveryAttempts(
    items: Array<{ attempt: DeliveryAttempt; outcome: AttemptOutcome }>,
  ): Promise<void>;
  listNotifications(query: NotificationQuery): Promise<OutboxRecord[]>;
  getNotification(
    id: string,
  ): Promise<{ record: OutboxRecord; attempts: DeliveryAttempt[] } | undefined>;
  /** Dead → pending, due at once. False when the notification is not dead. */
  requeueNotification(id: string, nowMs: number): Promise<boolean>;
  /** How many notifications are in each status (outbox depth for /metrics). */
  countNotifications(): Promise<Record<OutboxStatus, number>>;
  /** Marks every notification of the incident acknowledged; returns how many were marked. */
  acknowledgeIncident(incidentKey: string, by: string, atMs: number): Promise<number>;
}

/** Runs a containment lever's bound action: a signed webhook (src/notify/lever-action). */
export interface LeverActionRunner {
  run(request: {
    endpoint: EndpointDef;
    /** The same if the same step is retried: receivers de-duplicate on it. */
    idempotencyKey: string;
    payload: Record<string, unknown>;
  }): Promise<LeverActionResult>;
}

/** A secret link to one client's status page; the secret itself is never stored. */
export interface StatusLink {
  id: string;
  clientId: string;
  label: string;
  createdAtMs: number;
  createdBy: string;
  revokedAtMs?: number;
}

export interface StatusSubscriber {
  clientId: string;
  email: string;
  confirmedAtMs: number;
}

/** A closed month's report as first generated; served as stored from then on. */
export interface FrozenReport {
  clientId: string;
  /** "YYYY-MM" in the client's time zone. */
  month: string;
  frozenAtMs: number;
  html: string;
  csv: string;
  figures: unknown;
}

/** Status pages and monthly reports (src/store/status-report-queries.ts). */
export interface StatusReportStore {
  /** False until the client's page is switched to public. */
  isStatusPagePublic(clientId: string): Promise<boolean>;
  setStatusPagePublic(clientId: string, isPublic: boolean, atMs: number): Promise<void>;
  createStatusLink(link: StatusLink & { secretHash: string }): Promise<void>;
  /** The link with this secret hash, revoked or not. */
  findStatusLink(secretHash: string): Promise<StatusLink | undefined>;
  /** Oldest first. */
  listStatusLinks(clientId: string): Promise<StatusLink[]>;
  /** False when the client has no such link that is still live. */
  revokeStatusLink(clientId: string, id: string, atMs: number): Promise<boolean>;
  /** True when the address was new for this client. */
  addStatusSubscriber(subscriber: StatusSubscriber): Promise<boolean>;
  removeStatusSubscriber(clientId: string, email: string): Promise<boolean>;
  listStatusSubscribers(clientId: string): Promise<StatusSubscriber[]>;
  /** The secret stored under `name`; the first call stores `candidate` and every call returns the winner. */
  statusSecret(name: string, candidate: string): Promise<string>;
  /** Stores the report unless its client and month have one; returns the one stored. */
  freezeReport(report: FrozenReport): Promise<FrozenReport>;
  getFrozenReport(clientId: string, month: string): Promise<FrozenReport | undefined>;
}
