// Status pages and frozen reports, shared by both databases. The tables come from migration
// 0005; their types live here since nothing else reads them.

import type { Kysely } from 'kysely';
import type { FrozenReport, StatusLink, StatusSubscriber } from '../app/ports.js';
import type { StoreDatabase } from './schema.js';

type StatusReportTables = {
  status_pages: { client_id: string; public: number; updated_at_ms: number };
  status_links: {
    id: string;
    client_id: string;
    secret_hash: string;
    label: string;
    created_at_ms: number;
    created_by: string;
    revoked_at_ms: number | null;
  };
  status_subscribers: { client_id: string; email: string; confirmed_at_ms: number };
  status_secrets: { name: string; value: string };
  frozen_reports: {
    client_id: string;
    month: string;
    frozen_at_ms: number;
    html: string;
    csv: string;
    figures: string;
  };
};

type Db = Kysely<StoreDatabase>;
const tables = (db: Db) => db.withTables<StatusReportTables>();

export async function isStatusPagePublic(db: Db, clientId: string): Promise<boolean> {
  const row = await tables(db)
    .selectFrom('status_pages')
    .select('public')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row !== undefined && Number(row.public) === 1;
}

export async function setStatusPagePublic(
  db: Db,
  clientId: string,
  isPublic: boolean,
  atMs: number,
): Promise<void> {
  const value = isPublic ? 1 : 0;
  await tables(db)
    .insertInto('status_pages')
    .values({ client_id: clientId, public: value, updated_at_ms: atMs })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ public: value, updated_at_ms: atMs }))
    .execute();
}

export async function createStatusLink(
  db: Db,
  link: StatusLink & { secretHash: string },
): Promise<void> {
  await tables(db)
    .insertInto('status_links')
    .values({
      id: link.id,
      client_id: link.clientId,
      secret_hash: link.secretHash,
      label: link.label,
      created_at_ms: link.createdAtMs,
      created_by: link.createdBy,
      revoked_at_ms: link.revokedAtMs ?? null,
    })
    .execute();
}

type LinkRow = StatusReportTables['status_links'];

const linkOf = (r: Omit<LinkRow, 'secret_hash'>): StatusLink => ({
  id: r.id,
  clientId: r.client_id,
  label: r.label,
  createdAtMs: r.created_at_ms,
  createdBy: r.created_by,
  ...(r.revoked_at_ms === null ? {} : { revokedAtMs: r.revoked_at_ms }),
});

const LINK_COLUMNS = [
  'id',
  'client_id',
  'label',
  'created_at_ms',
  'created_by',
  'revoked_at_ms',
] as const;

export async function findStatusLink(db: Db, secretHash: string): Promise<StatusLink | undefined> {
  const row = await tables(db)
    .selectFrom('status_links')
    .select(LINK_COLUMNS)
    .where('secret_hash', '=', secretHash)
    .executeTakeFirst();
  return row === undefined ? undefined : linkOf(row);
}

export async function listStatusLinks(db: Db, clientId: string): Promise<StatusLink[]> {
  const rows = await tables(db)
    .selectFrom('status_links')
    .select(LINK_COLUMNS)
    .where('client_id', '=', clientId)
    .orderBy('created_at_ms')
    .orderBy('id')
    .execute();
  return rows.map(linkOf);
}

export async function revokeStatusLink(
  db: Db,
  clientId: string,
  id: string,
  atMs: number,
): Promise<boolean> {
  const result = await tables(db)
    .updateTable('status_links')
    .set({ revoked_at_ms: atMs })
    .where('id', '=', id)
    .where('client_id', '=', clientId)
    .where('revoked_at_ms', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function addStatusSubscriber(db: Db, s: StatusSubscriber): Promise<boolean> {
  const result = await tables(db)
    .insertInto('status_subscribers')
    .values({ client_id: s.clientId, email: s.email, confirmed_at_ms: s.confirmedAtMs })
    .onConflict((oc) => oc.columns(['client_id', 'email']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeStatusSubscriber(
  db: Db,
  clientId: string,
  email: string,
): Promise<boolean> {
  const result = await tables(db)
    .deleteFrom('status_subscribers')
    .where('client_id', '=', clientId)
    .where('email', '=', email)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listStatusSubscribers(db: Db, clientId: string): Promise<StatusSubscriber[]> {
  const rows = await tables(db)
    .selectFrom('status_subscribers')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('confirmed_at_ms')
    .orderBy('email')
    .execute();
  return rows.map((r) => ({
    clientId: r.client_id,
    email: r.email,
    confirmedAtMs: r.confirmed_at_ms,
  }));
}

export async function statusSecret(db: Db, name: string, candidate: string): Promise<string> {
  await tables(db)
    .insertInto('status_secrets')
    .values({ name, value: candidate })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await tables(db)
    .selectFrom('status_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

export async function freezeReport(db: Db, report: FrozenReport): Promise<FrozenReport> {
  await tables(db)
    .insertInto('frozen_reports')
    .values({
      client_id: report.clientId,
      month: report.month,
      frozen_at_ms: report.frozenAtMs,
      html: report.html,
      csv: report.csv,
      figures: JSON.stringify(report.figures),
    })
    .onConflict((oc) => oc.columns(['client_id', 'month']).doNothing())
    .execute();
  const stored = await getFrozenReport(db, report.clientId, report.month);
  if (stored === undefined)
    throw new Error(`frozen report ${report.clientId} ${report.month} vanished`);
  return stored;
}

export async function getFrozenReport(
  db: Db,
  clientId: string,
  month: string,
): Promise<FrozenReport | undefined> {
  const row = await tables(db)
    .selectFrom('frozen_reports')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('month', '=', month)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    clientId: row.client_id,
    month: row.month,
    frozenAtMs: row.frozen_at_ms,
    html: row.html,
    csv: row.csv,
    figures: JSON.parse(row.figures) as unknown,
  };
}
