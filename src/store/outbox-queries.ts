// Outbox reads and writes, shared by both databases. Kept apart from kysely-store.ts so the
// queue's rules read in one place.

import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  AttemptOutcome,
  DeliveryAttempt,
  NotificationQuery,
  OutboxEntry,
  OutboxRecord,
  OutboxStatus,
} from '../app/ports.js';
import type { Audience, NotificationMessage, Role } from '../domain/notification.js';
import type { OutboxTable, StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

const ROWS_PER_STATEMENT = 500;

export async function insertOutboxEntries(db: Db, entries: OutboxEntry[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) {
    const part = entries.slice(i, i + ROWS_PER_STATEMENT);
    const result = await db
      .insertInto('outbox')
      .values(
        part.map((e) => ({
          id: e.id,
          dedup_key: e.dedupKey,
          incident_key: e.incidentKey,
          endpoint_id: e.endpointId,
          address: e.address ?? null,
          audience: e.audience,
          priority: e.priority,
          role: e.role ?? null,
          person_id: e.personId ?? null,
          contact_name: e.contactName ?? null,
          message: JSON.stringify(e.message),
          created_at_ms: e.createdAtMs,
          status: 'pending',
          attempts: 0,
          next_attempt_at_ms: e.createdAtMs,
          last_error: null,
          delivered_at_ms: null,
          acked_at_ms: null,
          acked_by: null,
        })),
      )
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export async function listPending(db: Db, limit: number): Promise<OutboxRecord[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

export async function recordAttempts(
  db: Kysely<StoreDatabase>,
  items: Array<{ attempt: DeliveryAttempt; outcome: AttemptOutcome }>,
): Promise<void> {
  if (items.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const { attempt, outcome } of items) await writeAttempt(trx, attempt, outcome);
  });
}

async function writeAttempt(
  trx: Transaction<StoreDatabase>,
  attempt: DeliveryAttempt,
  outcome: AttemptOutcome,
): Promise<void> {
  await trx
    .insertInto('delivery_attempts')
    .values({
      notification_id: attempt.notificationId,
      attempt: attempt.attempt,
      started_at_ms: attempt.startedAtMs,
      duration_ms: attempt.durationMs,
      ok: attempt.ok ? 1 : 0,
      status: attempt.status,
      reason: attempt.reason,
    })
    .onConflict((oc) => oc.columns(['notification_id', 'attempt']).doNothing())
    .execute();
  await trx
    .updateTable('outbox')
    .set({
      status: outcome.status,
      attempts: attempt.attempt,
      next_attempt_at_ms: outcome.nextAttemptAtMs,
      last_error: outcome.lastError,
      delivered_at_ms: outcome.deliveredAtMs,
    })
    .where('id', '=', attempt.notificationId)
    .execute();
}

export async function listNotifications(db: Db, q: NotificationQuery): Promise<OutboxRecord[]> {
  let query = db.selectFrom('outbox').selectAll();
  if (q.incidentKey !== undefined) query = query.where('incident_key', '=', q.incidentKey);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('seq', 'desc').limit(q.limit).execute();
  return rows.map(toRecord);
}

export async function getNotification(
  db: Db,
  id: string,
): Promise<{ record: OutboxRecord; attempts: DeliveryAttempt[] } | undefined> {
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const attempts = await db
    .selectFrom('delivery_attempts')
    .selectAll()
    .where('notification_id', '=', id)
    .orderBy('attempt')
    .execute();
  return {
    record: toRecord(row),
    attempts: attempts.map((a) => ({
      notificationId: a.notification_id,
      attempt: Number(a.attempt),
      startedAtMs: Number(a.started_at_ms),
      durationMs: Number(a.duration_ms),
      ok: Number(a.ok) === 1,
      status: a.status === null ? null : Number(a.status),
      reason: a.reason,
    })),
  };
}

export async function requeue(db: Db, id: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'pending', next_attempt_at_ms: nowMs })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function acknowledge(
  db: Db,
  incidentKey: string,
  by: string,
  atMs: number,
): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ acked_at_ms: atMs, acked_by: by })
    .where('incident_key', '=', incidentKey)
    .where('acked_at_ms', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function toRecord(row: Selectable<OutboxTable>): OutboxRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    dedupKey: row.dedup_key,
    incidentKey: row.incident_key,
    endpointId: row.endpoint_id,
    ...(row.address !== null ? { address: row.address } : {}),
    audience: row.audience as Audience,
    priority: Number(row.priority) === 0 ? 0 : 1,
    ...(row.role !== null ? { role: row.role as Role } : {}),
    ...(row.person_id !== null ? { personId: row.person_id } : {}),
    ...(row.contact_name !== null ? { contactName: row.contact_name } : {}),
    message: JSON.parse(row.message) as NotificationMessage,
    createdAtMs: Number(row.created_at_ms),
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAtMs: Number(row.next_attempt_at_ms),
    lastError: row.last_error,
    deliveredAtMs: row.delivered_at_ms === null ? null : Number(row.delivered_at_ms),
    ackedAtMs: row.acked_at_ms === null ? null : Number(row.acked_at_ms),
    ackedBy: row.acked_by,
  };
}
