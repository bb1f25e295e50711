// The breach protocol's reads and writes, shared by both databases: watches and incidents as
// versioned JSON documents, the append-only timeline, client reports, the credit ledger.

import type { Kysely, Transaction } from 'kysely';
import type {
  ClientReport,
  CreditLedgerEntry,
  IncidentQuery,
  ProtocolCommit,
  ProtocolCommitOutcome,
  StoredTimelineEntry,
  RecordedStoredTransition,
  WatchQuery,
} from '../app/ports.js';
import type { ObjectiveStatus, Reason } from '../domain/objective-state.js';
import type { Incident, Watch } from '../domain/protocol/case-files.js';
import { insertOutboxEntries } from './outbox-queries.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;
type Trx = Transaction<StoreDatabase>;

const CURSOR = 'transition-cursor';

class Conflict extends Error {}

export async function commitProtocol(db: Db, c: ProtocolCommit): Promise<ProtocolCommitOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      for (const w of c.watches ?? []) await writeWatch(trx, w);
      for (const i of c.incidents ?? []) await writeIncident(trx, i);
      if (c.timeline !== undefined && c.timeline.length > 0) {
        await trx
          .insertInto('timeline')
          .values(
            c.timeline.map((e) => ({
              subject: e.subject,
              at_ms: e.atMs,
              kind: e.kind,
              actor: e.actor,
              text: e.text,
              data: e.data === undefined ? null : JSON.stringify(e.data),
            })),
          )
          .execute();
      }
      if (c.notifications !== undefined && c.notifications.length > 0) {
        await insertOutboxEntries(trx, c.notifications);
      }
      for (const r of c.clientReports ?? []) {
        await trx
          .insertInto('client_reports')
          .values({
            id: r.id,
            client_id: r.clientId,
            incident_id: r.incidentId ?? null,
            at_ms: r.atMs,
            source: r.source,
            text: r.text,
          })
          .execute();
      }
      const creditsWritten: string[] = [];
      for (const credit of c.credits ?? []) {
        const result = await trx
          .insertInto('credits')
          .values({
            key: credit.key,
            sla_id: credit.slaId,
            client_id: credit.clientId,
            period: credit.period,
            issued_at_ms: credit.issuedAtMs,
            amount_minor: credit.amountMinor,
            currency: credit.currency,
            statement: JSON.stringify(credit.statement),
          })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) creditsWritten.push(credit.key);
      }
      if (c.transitionCursor !== undefined) {
        await trx
          .insertInto('protocol_state')
          .values({ name: CURSOR, value: c.transitionCursor })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: c.transitionCursor }))
          .execute();
      }
      return { ok: true as const, creditsWritten };
    });
  } catch (err) {
    if (err instanceof Conflict) return { ok: false, conflict: err.message };
    throw err;
  }
}

async function writeWatch(trx: Trx, w: Watch): Promise<void> {
  const doc = JSON.stringify(w);
  if (w.version === 1) {
    const inserted = await trx
      .insertInto('watches')
      .values({
        id: w.id,
        objective_key: w.objectiveKey,
        client_id: w.clientId,
        status: w.status,
        opened_at_ms: w.openedAtMs,
        version: 1,
        doc,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw new Conflict(`watch ${w.id}`);
    return;
  }
  const result = await trx
    .updateTable('watches')
    .set({ status: w.status, version: w.version, doc })
    .where('id', '=', w.id)
    .where('version', '=', w.version - 1)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Conflict(`watch ${w.id}`);
}

async function writeIncident(trx: Trx, i: Incident): Promise<void> {
  const doc = JSON.stringify(i);
  if (i.version === 1) {
    const inserted = await trx
      .insertInto('incidents')
      .values({
        id: i.id,
        service_id: i.serviceId,
        status: i.status,
        detected_at_ms: i.detectedAtMs,
        version: 1,
        doc,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
      throw new Conflict(`incident ${i.id}`);
    }
  } else {
    const result = await trx
      .updateTable('incidents')
      .set({ status: i.status, version: i.version, doc })
      .where('id', '=', i.id)
      .where('version', '=', i.version - 1)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Conflict(`incident ${i.id}`);
  }
  // Keys and clients only grow: objectives join, they never leave.
  if (i.objectives.length > 0) {
    await trx
      .insertInto('incident_keys')
      .values(i.objectives.map((o) => ({ incident_key: o.incidentKey, incident_id: i.id })))
      .onConflict((oc) => oc.column('incident_key').doNothing())
      .execute();
  }
  if (i.clients.length > 0) {
    await trx
      .insertInto('incident_clients')
      .values(i.clients.map((c) => ({ incident_id: i.id, client_id: c.clientId })))
      .onConflict((oc) => oc.columns(['incident_id', 'client_id']).doNothing())
      .execute();
  }
}

export async function protocolCursor(db: Db): Promise<number> {
  const row = await db
    .selectFrom('protocol_state')
    .select('value')
    .where('name', '=', CURSOR)
    .executeTakeFirst();
  return row?.value ?? 0;
}

export async function readTransitionsAfter(
  db: Db,
  afterId: number,
  limit: number,
): Promise<RecordedStoredTransition[]> {
  const rows = await db
    .selectFrom('transitions')
    .select([
      'id',
      'objective_key',
      'at_ms',
      'from_status',
      'to_status',
      'reason',
      'episode_start_ms',
    ])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    objectiveKey: r.objective_key,
    atMs: r.at_ms,
    from: r.from_status as ObjectiveStatus,
    to: r.to_status as ObjectiveStatus,
    reason: JSON.parse(r.reason) as Reason,
    ...(r.episode_start_ms === null ? {} : { episodeStartMs: r.episode_start_ms }),
  }));
}

export async function getIncident(db: Db, id: string): Promise<Incident | undefined> {
  const row = await db
    .selectFrom('incidents')
    .select('doc')
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : (JSON.parse(row.doc) as Incident);
}

export async function incidentIdForKey(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('incident_keys')
    .select('incident_id')
    .where('incident_key', '=', key)
    .executeTakeFirst();
  return row?.incident_id;
}

export async function listIncidents(db: Db, q: IncidentQuery): Promise<Incident[]> {
  let query = db.selectFrom('incidents').select('incidents.doc');
  if (q.status !== undefined) query = query.where('incidents.status', '=', q.status);
  if (q.serviceId !== undefined) query = query.where('incidents.service_id', '=', q.serviceId);
  if (q.clientId !== undefined) {
    const clientId = q.clientId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('incident_clients')
          .select('incident_clients.incident_id')
          .whereRef('incident_clients.incident_id', '=', 'incidents.id')
          .where('incident_clients.client_id', '=', clientId),
      ),
    );
  }
  const rows = await query
    .orderBy('incidents.detected_at_ms', 'desc')
    .orderBy('incidents.id', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => JSON.parse(r.doc) as Incident);
}

export async function getWatch(db: Db, id: string): Promise<Watch | undefined> {
  const row = await db.selectFrom('watches').select('doc').where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : (JSON.parse(row.doc) as Watch);
}

export async function listWatches(db: Db, q: WatchQuery): Promise<Watch[]> {
  let query = db.selectFrom('watches').select('doc');
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.clientId !== undefined) query = query.where('client_id', '=', q.clientId);
  const rows = await query
    .orderBy('opened_at_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => JSON.parse(r.doc) as Watch);
}

export async function listTimeline(
  db: Db,
  subjects: string[],
  limit: number,
): Promise<StoredTimelineEntry[]> {
  if (subjects.length === 0) return [];
  const rows = await db
    .selectFrom('timeline')
    .selectAll()
    .where('subject', 'in', subjects)
    .orderBy('at_ms')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    atMs: r.at_ms,
    kind: r.kind,
    actor: r.actor,
    text: r.text,
    ...(r.data === null ? {} : { data: JSON.parse(r.data) as Record<string, unknown> }),
  }));
}

export async function listClientReports(
  db: Db,
  q: { clientId?: string; limit: number },
): Promise<ClientReport[]> {
  let query = db.selectFrom('client_reports').selectAll();
  if (q.clientId !== undefined) query = query.where('client_id', '=', q.clientId);
  const rows = await query.orderBy('at_ms', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    ...(r.incident_id === null ? {} : { incidentId: r.incident_id }),
    atMs: r.at_ms,
    source: r.source as ClientReport['source'],
    text: r.text,
  }));
}

export async function listCredits(
  db: Db,
  q: { clientId?: string; slaId?: string; limit: number },
): Promise<CreditLedgerEntry[]> {
  let query = db.selectFrom('credits').selectAll();
  if (q.clientId !== undefined) query = query.where('client_id', '=', q.clientId);
  if (q.slaId !== undefined) query = query.where('sla_id', '=', q.slaId);
  const rows = await query.orderBy('period', 'desc').orderBy('key').limit(q.limit).execute();
  return rows.map((r) => ({
    key: r.key,
    slaId: r.sla_id,
    clientId: r.client_id,
    period: r.period,
    issuedAtMs: r.issued_at_ms,
    amountMinor: r.amount_minor,
    currency: r.currency,
    statement: JSON.parse(r.statement) as unknown,
  }));
}
