// The one Store implementation, shared by SQLite and PostgreSQL; what differs comes from the
// dialect (see store-dialect.ts).

import { Migrator, type Transaction } from 'kysely';
import type {
  ClientReport,
  CreditLedgerEntry,
  IncidentQuery,
  ProtocolCommit,
  ProtocolCommitOutcome,
  RecordedTransition,
  RecordedStoredTransition,
  StoredTimelineEntry,
  WatchQuery,
  AttemptOutcome,
  DeliveryAttempt,
  NotificationQuery,
  OutboxEntry,
  OutboxRecord,
  OutboxStatus,
  IngestCommit,
  IngestLogEntry,
  IngestOutcome,
  ObjectiveStateRecord,
  Rollup,
  Store,
  StoredTransition,
  TransitionQuery,
  WindowSnapshot,
  FrozenReport,
  StatusLink,
  StatusSubscriber,
} from '../app/ports.js';
import type { Definitions } from '../domain/definitions.js';
import type { StoredUser, TeamRole } from '../domain/accounts/account.js';
import type { ApiTokenRecord } from '../domain/accounts/api-token.js';
import type { SessionRecord } from '../domain/accounts/session-lifetime.js';
import type { Incident, Watch } from '../domain/protocol/case-files.js';
import type { ObjectiveState, ObjectiveStatus, Reason } from '../domain/objective-state.js';
import { deserializeDefinitions, serializeDefinitions } from '../config/serialize-definitions.js';
import * as accountQueries from './account-queries.js';
import { CompiledStatementCache, MAX_CACHED_ROWS } from './compiled-statement-cache.js';
import { ingestStatements, type IngestStatements, type RollupRow } from './ingest-statements.js';
import { staticMigrationProvider } from './migrations/all-migrations.js';
import {
  acknowledge,
  getNotification,
  insertOutboxEntries,
  listNotifications,
  listPending,
  recordAttempts,
  requeue,
} from './outbox-queries.js';
import * as protocol from './protocol-queries.js';
import * as statusReports from './status-report-queries.js';
import type { StoreDatabase } from './schema.js';
import { rollupKeyString, type StoreDialect } from './store-dialect.js';
import { StoreError, wrapErrors } from './store-error.js';

export type MergeSketch = (a: Uint8Array, b: Uint8Array) => Uint8Array;

export interface KyselyStoreOptions {
  /** Merges two encoded sketches of the same SLI and minute; the store cannot read them. */
  mergeSketch: MergeSketch;
  /** Only stamps `updated_at_ms` on objective states. */
  nowMs?: () => number;
}

// Keeps each multi-row statement well under SQLite's 32,766 and PostgreSQL's 65,535 bound
// parameters (the widest row here has 7 columns).
const ROWS_PER_STATEMENT = 1_000;
/** `ingest_batches.client_id` of a group that committed several clients' samples. */
const GROUP_OF_CLIENTS = '*';

export class KyselyStore implements Store {
  readonly #dialect: StoreDialect;
  readonly #merge: MergeSketch;
  readonly #nowMs: () => number;
  readonly #ingest: IngestStatements;
  readonly #compiled = new CompiledStatementCache();

  constructor(dialect: StoreDialect, options: KyselyStoreOptions) {
    this.#dialect = dialect;
    this.#merge = options.mergeSketch;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#ingest = ingestStatements(dialect.db);
  }

  get #db() {
    return this.#dialect.db;
  }

  migrate(): Promise<void> {
    return wrapErrors('migrate', async () => {
      const migrator = new Migrator({
        db: this.#db,
        provider: staticMigrationProvider(this.#dialect.columnTypes),
        ...(this.#dialect.migrationTableSchema !== undefined
          ? { migrationTableSchema: this.#dialect.migrationTableSchema }
          : {}),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error !== undefined) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName;
        throw new StoreError(failed === undefined ? 'migrate' : `migration ${failed}`, error);
      }
    });
  }

  close(): Promise<void> {
    return this.#db.destroy();
  }

  saveDefinitions(defs: Definitions, appliedAtMs: number): Promise<void> {
    return wrapErrors('saveDefinitions', async () => {
      await this.#db
        .insertInto('definitions')
        .values({ id: 1, document: serializeDefinitions(defs), applied_at_ms: appliedAtMs })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            document: eb.ref('excluded.document'),
            applied_at_ms: eb.ref('excluded.applied_at_ms'),
          })),
        )
        .execute();
    });
  }

  loadDefinitions(): Promise<Definitions | undefined> {
    return wrapErrors('loadDefinitions', async () => {
      const row = await this.#db
        .selectFrom('definitions')
        .select('document')
        .where('id', '=', 1)
        .executeTakeFirst();
      return row === undefined ? undefined : deserializeDefinitions(row.document);
    });
  }

  setPushTokenHashes(clientId: string, tokenHashes: string[]): Promise<void> {
    const hashes = [...new Set(tokenHashes)];
    return wrapErrors('setPushTokenHashes', () =>
      this.#db.transaction().execute(async (trx) => {
        let remove = trx.deleteFrom('push_tokens').where('client_id', '=', clientId);
        if (hashes.length > 0) remove = remove.where('token_hash', 'not in', hashes);
        await remove.execute();
        // A hash identifies one client: giving it to this client takes it from any other.
        for (const part of chunks(hashes)) {
          await trx
            .insertInto('push_tokens')
            .values(part.map((h) => ({ client_id: clientId, token_hash: h })))
            .onConflict((oc) =>
              oc
                .column('token_hash')
                .doUpdateSet((eb) => ({ client_id: eb.ref('excluded.client_id') })),
            )
            .execute();
        }
      }),
    );
  }

  findClientByPushTokenHash(tokenHash: string): Promise<string | undefined> {
    return wrapErrors('findClientByPushTokenHash', async () => {
      const row = await this.#db
        .selectFrom('push_tokens')
        .select('client_id')
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row?.client_id;
    });
  }

  async commitIngest(commit: IngestCommit): Promise<IngestOutcome> {
    const [outcome] = await this.#commitGroup('commitIngest', [commit]);
    if (outcome === undefined) throw new StoreError('commitIngest', new Error('no outcome'));
    return outcome;
  }

  commitIngestBatch(commits: IngestCommit[]): Promise<IngestOutcome[]> {
    if (commits.length === 0) return Promise.resolve([]);
    return this.#commitGroup('commitIngestBatch', commits);
  }

  #commitGroup(op: string, commits: readonly IngestCommit[]): Promise<IngestOutcome[]> {
    // The first commit of each (client, key) in the group speaks for it; later ones are duplicates.
    const firstIndex = new Map<string, number>();
    const firstOf = commits.map((c, i) => {
      const id = keyId(c.clientId, c.idempotencyKey);
      const first = firstIndex.get(id);
      if (first !== undefined) return first;
      firstIndex.set(id, i);
      return i;
    });
    const responses = commits.map((c, i) =>
      firstOf[i] === i ? (JSON.stringify(c.response) ?? 'null') : '',
    );
    // Sorted, so concurrent groups (PostgreSQL) take the key rows' locks in the same order.
    const unique = [...firstIndex.values()].sort((a, b) => compareKeys(commits[a]!, commits[b]!));
    const { rememberKey, newBatch } = this.#ingest;
    return wrapErrors(op, () =>
      this.#db.transaction().execute(async (trx): Promise<IngestOutcome[]> => {
        // Keys go in first: a write, so SQLite takes its write lock before anything is read.
        const fresh = new Set<string>();
        for (const part of chunks(unique, MAX_CACHED_ROWS)) {
          const rows = part.map((i) => ({
            client_id: commits[i]!.clientId,
            key: commits[i]!.idempotencyKey,
            received_at_ms: commits[i]!.receivedAtMs,
            response: responses[i]!,
          }));
          const inserted = await trx.executeQuery<{ client_id: string; key: string }>(
            this.#compiled.compile(rememberKey, rows),
          );
          for (const r of inserted.rows) fresh.add(keyId(r.client_id, r.key));
        }
        const isFresh = (i: number) =>
          fresh.has(keyId(commits[i]!.clientId, commits[i]!.idempotencyKey));
        const seen = unique.filter((i) => !isFresh(i)).map((i) => commits[i]!);
        const stored = seen.length > 0 ? await storedResponses(trx, seen) : undefined;

        const applied = commits.filter((_, i) => firstOf[i] === i && isFresh(i));
        let seq = 0;
        if (applied.length > 0) {
          const clients = new Set(applied.map((c) => c.clientId));
          const batch = await trx.executeQuery<{ seq: number }>(
            this.#compiled.compile(newBatch, [
              {
                // The column is informational; a group of several clients' commits names none.
                client_id: clients.size === 1 ? applied[0]!.clientId : GROUP_OF_CLIENTS,
                received_at_ms: applied.reduce((m, c) => Math.min(m, c.receivedAtMs), Infinity),
              },
            ]),
          );
          const allocated = batch.rows[0]?.seq;
          if (allocated === undefined) {
            throw new Error('inserting the ingest batch returned no sequence');
          }
          seq = allocated;
          const rollups = this.#coalesce(applied.flatMap((c) => c.rollups));
          if (rollups.length > 0) await this.#mergeRollups(trx, seq, rollups);
        }

        return commits.map((c, i): IngestOutcome => {
          const first = firstOf[i]!;
          if (first === i && isFresh(i)) return { duplicate: false, seq };
          const json = isFresh(first)
            ? responses[first]!
            : stored?.get(keyId(c.clientId, c.idempotencyKey));
          if (json === undefined) throw new Error('a seen idempotency key has no stored response');
          return { duplicate: true, response: JSON.parse(json) as unknown };
        });
      }),
    );
  }

  async #mergeRollups(trx: Transaction<StoreDatabase>, seq: number, rollups: Rollup[]) {
    const withSketch = rollups.filter((r) => r.sketch !== null);
    const stored =
      withSketch.length > 0 ? await this.#dialect.readSketchesForMerge(trx, withSketch) : undefined;
    for (const part of chunks(rollups)) {
      const merged = part.map((r): RollupRow => {
        const before = stored?.get(rollupKeyString(r.sliId, r.minuteMs));
        const sketch =
          r.sketch !== null && before !== undefined ? this.#merge(before, r.sketch) : r.sketch;
        return { ...rollupColumns(r), sketch: toBuffer(sketch) };
      });
      await trx.executeQuery(this.#compiled.compile(this.#ingest.upsertRollups, merged));
      const logged = part.map((r) => ({ seq, ...rollupColumns(r), sketch: toBuffer(r.sketch) }));
      await trx.executeQuery(this.#compiled.compile(this.#ingest.appendLog, logged));
    }
  }

  /** One rollup per (SLI, minute), sorted so concurrent writers lock rows in the same order. */
  #coalesce(rollups: readonly Rollup[]): Rollup[] {
    const byKey = new Map<string, Rollup>();
    for (const r of rollups) {
      const key = rollupKeyString(r.sliId, r.minuteMs);
      const seen = byKey.get(key);
      if (seen === undefined) {
        byKey.set(key, { ...r });
        continue;
      }
      seen.good += r.good;
      seen.total += r.total;
      if (r.sketch !== null) {
        seen.sketch = seen.sketch === null ? r.sketch : this.#merge(seen.sketch, r.sketch);
      }
    }
    return [...byKey.values()].sort((a, b) =>
      a.sliId < b.sliId ? -1 : a.sliId > b.sliId ? 1 : a.minuteMs - b.minuteMs,
    );
  }

  readRollups(sliId: string, fromMs: number, toMs: number): Promise<Rollup[]> {
    return wrapErrors('readRollups', async () => {
      const rows = await this.#db
        .selectFrom('rollups')
        .select(['sli_id', 'minute_ms', 'good', 'total', 'sketch'])
        .where('sli_id', '=', sliId)
        .where('minute_ms', '>=', fromMs)
        .where('minute_ms', '<', toMs)
        .orderBy('minute_ms')
        .execute();
      return rows.map(toRollup);
    });
  }

  firstRollupMinute(sliId: string, fromMs: number): Promise<number | undefined> {
    return wrapErrors('firstRollupMinute', async () => {
      const row = await this.#db
        .selectFrom('rollups')
        .select('minute_ms')
        .where('sli_id', '=', sliId)
        .where('minute_ms', '>=', fromMs)
        .orderBy('minute_ms')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.minute_ms);
    });
  }

  readIngestLog(afterSeq: number, limit: number): Promise<IngestLogEntry[]> {
    if (limit <= 0) return Promise.resolve([]);
    return wrapErrors('readIngestLog', async () => {
      const rows = await this.#db
        .selectFrom((qb) =>
          qb
            .selectFrom('ingest_batches')
            .select('seq')
            .where('seq', '>', afterSeq)
            .orderBy('seq')
            .limit(limit)
            .as('b'),
        )
        .leftJoin('ingest_log as l', 'l.seq', 'b.seq')
        .select(['b.seq as seq', 'l.sli_id', 'l.minute_ms', 'l.good', 'l.total', 'l.sketch'])
        .orderBy('b.seq')
        .orderBy('l.sli_id')
        .orderBy('l.minute_ms')
        .execute();
      const entries: IngestLogEntry[] = [];
      for (const row of rows) {
        let entry = entries.at(-1);
        if (entry?.seq !== row.seq) {
          entry = { seq: row.seq, rollups: [] };
          entries.push(entry);
        }
        // A batch without rollups still has its sequence; the left join gives it null columns.
        if (
          row.sli_id !== null &&
          row.minute_ms !== null &&
          row.good !== null &&
          row.total !== null
        ) {
          entry.rollups.push(
            toRollup({
              sli_id: row.sli_id,
              minute_ms: row.minute_ms,
              good: row.good,
              total: row.total,
              sketch: row.sketch,
            }),
          );
        }
      }
      return entries;
    });
  }

  pruneIngestLog(uptoSeq: number): Promise<void> {
    return wrapErrors('pruneIngestLog', () =>
      this.#db.transaction().execute(async (trx) => {
        await trx.deleteFrom('ingest_log').where('seq', '<=', uptoSeq).execute();
        await trx.deleteFrom('ingest_batches').where('seq', '<=', uptoSeq).execute();
      }),
    );
  }

  pruneRollups(beforeMs: number): Promise<number> {
    return wrapErrors('pruneRollups', async () => {
      const result = await this.#db
        .deleteFrom('rollups')
        .where('minute_ms', '<', beforeMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  pruneIdempotencyKeys(beforeMs: number): Promise<number> {
    return wrapErrors('pruneIdempotencyKeys', async () => {
      const result = await this.#db
        .deleteFrom('idempotency_keys')
        .where('received_at_ms', '<', beforeMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  loadObjectiveStates(): Promise<ObjectiveStateRecord[]> {
    return wrapErrors('loadObjectiveStates', async () => {
      const rows = await this.#db
        .selectFrom('objective_states')
        .select(['objective_key', 'state'])
        .orderBy('objective_key')
        .execute();
      return rows.map((r) => ({
        objectiveKey: r.objective_key,
        state: JSON.parse(r.state) as ObjectiveState,
      }));
    });
  }

  recordTransitions(
    transitions: RecordedTransition[],
    states: ObjectiveStateRecord[],
    notifications: OutboxEntry[] = [],
  ): Promise<void> {
    return wrapErrors('recordTransitions', () =>
      this.#db.transaction().execute(async (trx) => {
        await insertOutboxEntries(trx, notifications);
        for (const part of chunks(transitions)) {
          await trx
            .insertInto('transitions')
            .values(
              part.map((t) => ({
                objective_key: t.objectiveKey,
                at_ms: t.atMs,
                from_status: t.from,
                to_status: t.to,
                reason: JSON.stringify(t.reason),
                episode_start_ms: t.episodeStartMs ?? null,
              })),
            )
            .execute();
        }
        await this.#upsertStates(trx, states);
      }),
    );
  }

  saveObjectiveStates(states: ObjectiveStateRecord[]): Promise<void> {
    return wrapErrors('saveObjectiveStates', () =>
      this.#db.transaction().execute((trx) => this.#upsertStates(trx, states)),
    );
  }

  enqueueNotifications(entries: OutboxEntry[]): Promise<number> {
    return wrapErrors('enqueueNotifications', () => insertOutboxEntries(this.#db, entries));
  }

  listPendingNotifications(limit: number): Promise<OutboxRecord[]> {
    return wrapErrors('listPendingNotifications', () => listPending(this.#db, limit));
  }

  recordDeliveryAttempt(attempt: DeliveryAttempt, outcome: AttemptOutcome): Promise<void> {
    return this.recordDeliveryAttempts([{ attempt, outcome }]);
  }

  recordDeliveryAttempts(
    items: Array<{ attempt: DeliveryAttempt; outcome: AttemptOutcome }>,
  ): Promise<void> {
    return wrapErrors('recordDeliveryAttempts', () => recordAttempts(this.#db, items));
  }

  listNotifications(query: NotificationQuery): Promise<OutboxRecord[]> {
    return wrapErrors('listNotifications', () => listNotifications(this.#db, query));
  }

  getNotification(id: string) {
    return wrapErrors('getNotification', () => getNotification(this.#db, id));
  }

  requeueNotification(id: string, nowMs: number): Promise<boolean> {
    return wrapErrors('requeueNotification', () => requeue(this.#db, id, nowMs));
  }

  acknowledgeIncident(incidentKey: string, by: string, atMs: number): Promise<number> {
    return wrapErrors('acknowledgeIncident', () => acknowledge(this.#db, incidentKey, by, atMs));
  }

  countNotifications(): Promise<Record<OutboxStatus, number>> {
    return wrapErrors('countNotifications', async () => {
      const rows = await this.#db
        .selectFrom('outbox')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, dead: 0 };
      for (const r of rows) counts[r.status as OutboxStatus] = Number(r.n);
      return counts;
    });
  }

  commitProtocol(commit: ProtocolCommit): Promise<ProtocolCommitOutcome> {
    return wrapErrors('commitProtocol', () => protocol.commitProtocol(this.#db, commit));
  }

  protocolCursor(): Promise<number> {
    return wrapErrors('protocolCursor', () => protocol.protocolCursor(this.#db));
  }

  readTransitionsAfter(afterId: number, limit: number): Promise<RecordedStoredTransition[]> {
    return wrapErrors('readTransitionsAfter', () =>
      protocol.readTransitionsAfter(this.#db, afterId, limit),
    );
  }

  getIncident(id: string): Promise<Incident | undefined> {
    return wrapErrors('getIncident', () => protocol.getIncident(this.#db, id));
  }

  incidentIdForKey(incidentKey: string): Promise<string | undefined> {
    return wrapErrors('incidentIdForKey', () => protocol.incidentIdForKey(this.#db, incidentKey));
  }

  listIncidents(query: IncidentQuery): Promise<Incident[]> {
    return wrapErrors('listIncidents', () => protocol.listIncidents(this.#db, query));
  }

  getWatch(id: string): Promise<Watch | undefined> {
    return wrapErrors('getWatch', () => protocol.getWatch(this.#db, id));
  }

  listWatches(query: WatchQuery): Promise<Watch[]> {
    return wrapErrors('listWatches', () => protocol.listWatches(this.#db, query));
  }

  listTimeline(subjects: string[], limit: number): Promise<StoredTimelineEntry[]> {
    return wrapErrors('listTimeline', () => protocol.listTimeline(this.#db, subjects, limit));
  }

  listClientReports(query: { clientId?: string; limit: number }): Promise<ClientReport[]> {
    return wrapErrors('listClientReports', () => protocol.listClientReports(this.#db, query));
  }

  listCredits(query: {
    clientId?: string;
    slaId?: string;
    limit: number;
  }): Promise<CreditLedgerEntry[]> {
    return wrapErrors('listCredits', () => protocol.listCredits(this.#db, query));
  }

  isStatusPagePublic(clientId: string): Promise<boolean> {
    return wrapErrors('isStatusPagePublic', () =>
      statusReports.isStatusPagePublic(this.#db, clientId),
    );
  }

  setStatusPagePublic(clientId: string, isPublic: boolean, atMs: number): Promise<void> {
    return wrapErrors('setStatusPagePublic', () =>
      statusReports.setStatusPagePublic(this.#db, clientId, isPublic, atMs),
    );
  }

  createStatusLink(link: StatusLink & { secretHash: string }): Promise<void> {
    return wrapErrors('createStatusLink', () => statusReports.createStatusLink(this.#db, link));
  }

  findStatusLink(secretHash: string): Promise<StatusLink | undefined> {
    return wrapErrors('findStatusLink', () => statusReports.findStatusLink(this.#db, secretHash));
  }

  listStatusLinks(clientId: string): Promise<StatusLink[]> {
    return wrapErrors('listStatusLinks', () => statusReports.listStatusLinks(this.#db, clientId));
  }

  revokeStatusLink(clientId: string, id: string, atMs: number): Promise<boolean> {
    return wrapErrors('revokeStatusLink', () =>
      statusReports.revokeStatusLink(this.#db, clientId, id, atMs),
    );
  }

  addStatusSubscriber(subscriber: StatusSubscriber): Promise<boolean> {
    return wrapErrors('addStatusSubscriber', () =>
      statusReports.addStatusSubscriber(this.#db, subscriber),
    );
  }

  removeStatusSubscriber(clientId: string, email: string): Promise<boolean> {
    return wrapErrors('removeStatusSubscriber', () =>
      statusReports.removeStatusSubscriber(this.#db, clientId, email),
    );
  }

  listStatusSubscribers(clientId: string): Promise<StatusSubscriber[]> {
    return wrapErrors('listStatusSubscribers', () =>
      statusReports.listStatusSubscribers(this.#db, clientId),
    );
  }

  statusSecret(name: string, candidate: string): Promise<string> {
    return wrapErrors('statusSecret', () => statusReports.statusSecret(this.#db, name, candidate));
  }

  freezeReport(report: FrozenReport): Promise<FrozenReport> {
    return wrapErrors('freezeReport', () => statusReports.freezeReport(this.#db, report));
  }

  getFrozenReport(clientId: string, month: string): Promise<FrozenReport | undefined> {
    return wrapErrors('getFrozenReport', () =>
      statusReports.getFrozenReport(this.#db, clientId, month),
    );
  }

  async #upsertStates(trx: Transaction<StoreDatabase>, states: ObjectiveStateRecord[]) {
    const updatedAtMs = this.#nowMs();
    for (const part of chunks(lastPerKey(states))) {
      await trx
        .insertInto('objective_states')
        .values(
          part.map((s) => ({
            objective_key: s.objectiveKey,
            state: JSON.stringify(s.state),
            updated_at_ms: updatedAtMs,
          })),
        )
        .onConflict((oc) =>
          oc.column('objective_key').doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            updated_at_ms: eb.ref('excluded.updated_at_ms'),
          })),
        )
        .execute();
    }
  }

  listTransitions(query: TransitionQuery): Promise<StoredTransition[]> {
    if (query.limit <= 0) return Promise.resolve([]);
    return wrapErrors('listTransitions', async () => {
      let q = this.#db
        .selectFrom('transitions')
        .select(['id', 'objective_key', 'at_ms', 'from_status', 'to_status', 'reason']);
      if (query.objectiveKey !== undefined) q = q.where('objective_key', '=', query.objectiveKey);
      if (query.slaId !== undefined) {
        // Objective keys are `${slaId}/${localId}`. substr counts characters in both databases,
        // unlike LIKE (case-insensitive in SQLite) or range compares (collation-dependent).
        const prefix = `${query.slaId}/`;
        q = q.where((eb) =>
          eb(
            eb.fn('substr', ['objective_key', eb.val(1), eb.val([...prefix].length)]),
            '=',
            prefix,
          ),
        );
      }
      if (query.sinceMs !== undefined) q = q.where('at_ms', '>=', query.sinceMs);
      if (query.untilMs !== undefined) q = q.where('at_ms', '<', query.untilMs);
      const rows = await q
        .orderBy('at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        objectiveKey: r.objective_key,
        atMs: r.at_ms,
        from: r.from_status as ObjectiveStatus,
        to: r.to_status as ObjectiveStatus,
        reason: JSON.parse(r.reason) as Reason,
      }));
    });
  }

  saveSnapshots(snapshots: WindowSnapshot[]): Promise<void> {
    return wrapErrors('saveSnapshots', () =>
      this.#db.transaction().execute(async (trx) => {
        for (const part of chunks(lastPerKey(snapshots))) {
          await trx
            .insertInto('window_snapshots')
            .values(
              part.map((s) => ({
                objective_key: s.objectiveKey,
                definition_hash: s.definitionHash,
                seq: s.seq,
                taken_at_ms: s.takenAtMs,
                data: toBuffer(s.data),
              })),
            )
            .onConflict((oc) =>
              oc.column('objective_key').doUpdateSet((eb) => ({
                definition_hash: eb.ref('excluded.definition_hash'),
                seq: eb.ref('excluded.seq'),
                taken_at_ms: eb.ref('excluded.taken_at_ms'),
                data: eb.ref('excluded.data'),
              })),
            )
            .execute();
        }
      }),
    );
  }

  loadSnapshots(): Promise<WindowSnapshot[]> {
    return wrapErrors('loadSnapshots', async () => {
      const rows = await this.#db
        .selectFrom('window_snapshots')
        .selectAll()
        .orderBy('objective_key')
        .execute();
      return rows.map((r) => ({
        objectiveKey: r.objective_key,
        definitionHash: r.definition_hash,
        seq: r.seq,
        takenAtMs: r.taken_at_ms,
        data: fromBuffer(r.data),
      }));
    });
  }

  // Accounts (AccountStore): the queries live in account-queries.ts.
  isSetUp(): Promise<boolean> {
    return wrapErrors('isSetUp', () => accountQueries.isSetUp(this.#db));
  }
  createFirstAdmin(user: StoredUser, atMs: number): Promise<boolean> {
    return wrapErrors('createFirstAdmin', () =>
      accountQueries.createFirstAdmin(this.#db, user, atMs),
    );
  }
  insertUser(user: StoredUser): Promise<boolean> {
    return wrapErrors('insertUser', () => accountQueries.insertUser(this.#db, user));
  }
  getUser(id: string): Promise<StoredUser | undefined> {
    return wrapErrors('getUser', () => accountQueries.getUser(this.#db, id));
  }
  findUserByEmail(email: string): Promise<StoredUser | undefined> {
    return wrapErrors('findUserByEmail', () => accountQueries.findUserByEmail(this.#db, email));
  }
  listUsers(): Promise<StoredUser[]> {
    return wrapErrors('listUsers', () => accountQueries.listUsers(this.#db));
  }
  setUserRole(id: string, role: TeamRole): Promise<'updated' | 'not-found' | 'last-admin'> {
    return wrapErrors('setUserRole', () => accountQueries.setUserRole(this.#db, id, role));
  }
  deleteUser(id: string): Promise<'deleted' | 'not-found' | 'last-admin'> {
    return wrapErrors('deleteUser', () => accountQueries.deleteUser(this.#db, id));
  }
  setPasswordHash(id: string, passwordHash: string, endSessions: boolean): Promise<boolean> {
    return wrapErrors('setPasswordHash', () =>
      accountQueries.setPasswordHash(this.#db, id, passwordHash, endSessions),
    );
  }
  createSession(session: SessionRecord): Promise<void> {
    return wrapErrors('createSession', () => accountQueries.createSession(this.#db, session));
  }
  findSession(idHash: string): Promise<{ session: SessionRecord; user: StoredUser } | undefined> {
    return wrapErrors('findSession', () => accountQueries.findSession(this.#db, idHash));
  }
  touchSession(idHash: string, lastSeenAtMs: number): Promise<void> {
    return wrapErrors('touchSession', () =>
      accountQueries.touchSession(this.#db, idHash, lastSeenAtMs),
    );
  }
  deleteSession(idHash: string): Promise<void> {
    return wrapErrors('deleteSession', () => accountQueries.deleteSession(this.#db, idHash));
  }
  pruneSessions(nowMs: number, idleBeforeMs: number): Promise<number> {
    return wrapErrors('pruneSessions', () =>
      accountQueries.pruneSessions(this.#db, nowMs, idleBeforeMs),
    );
  }
  insertApiToken(token: ApiTokenRecord): Promise<void> {
    return wrapErrors('insertApiToken', () => accountQueries.insertApiToken(this.#db, token));
  }
  findApiToken(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    return wrapErrors('findApiToken', () => accountQueries.findApiToken(this.#db, tokenHash));
  }
  listApiTokens(): Promise<ApiTokenRecord[]> {
    return wrapErrors('listApiTokens', () => accountQueries.listApiTokens(this.#db));
  }
  revokeApiToken(id: string, atMs: number): Promise<ApiTokenRecord | undefined> {
    return wrapErrors('revokeApiToken', () => accountQueries.revokeApiToken(this.#db, id, atMs));
  }
}

function rollupColumns(r: Rollup) {
  return { sli_id: r.sliId, minute_ms: r.minuteMs, good: r.good, total: r.total };
}

function toRollup(r: {
  sli_id: string;
  minute_ms: number;
  good: number;
  total: number;
  sketch: Buffer | null;
}): Rollup {
  return {
    sliId: r.sli_id,
    minuteMs: r.minute_ms,
    good: r.good,
    total: r.total,
    sketch: r.sketch === null ? null : fromBuffer(r.sketch),
  };
}

// Both drivers bind Buffers; a view avoids copying the caller's bytes.
function toBuffer(bytes: Uint8Array): Buffer;
function toBuffer(bytes: Uint8Array | null): Buffer | null;
function toBuffer(bytes: Uint8Array | null): Buffer | null {
  if (bytes === null) return null;
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// A copy, so callers get a plain Uint8Array that does not share a driver's buffer pool.
/** A plain Uint8Array over the driver's bytes, not a copy (a restart reads 10,000 snapshots). */
function fromBuffer(bytes: Buffer): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Upserting one key twice in a statement fails in PostgreSQL; the last value wins anyway. */
function lastPerKey<T extends { objectiveKey: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((i) => [i.objectiveKey, i])).values()];
}

function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function keyId(clientId: string, key: string): string {
  return `${clientId}\u0000${key}`;
}

function compareKeys(a: IngestCommit, b: IngestCommit): number {
  if (a.clientId !== b.clientId) return a.clientId < b.clientId ? -1 : 1;
  return a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0;
}

/** The stored responses of these keys, by `keyId`. */
async function storedResponses(
  trx: Transaction<StoreDatabase>,
  commits: readonly IngestCommit[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(commits)) {
    const rows = await trx
      .selectFrom('idempotency_keys')
      .select(['client_id', 'key', 'response'])
      .where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple('client_id', 'key'),
          'in',
          part.map((c) => tuple(c.clientId, c.idempotencyKey)),
        ),
      )
      .execute();
    for (const r of rows) out.set(keyId(r.client_id, r.key), r.response);
  }
  return out;
}
