// Client status pages and monthly SLA reports: whether a client's page is public, its revocable
// secret links (only the secret's SHA-256 is kept), confirmed e-mail subscribers, the key that
// signs subscription links, and frozen reports of closed months (written once, never changed).

import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { ColumnTypes } from '../store-dialect.js';

export function statusReportsMigration(t: ColumnTypes): Migration {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('status_pages')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('public', 'integer', notNull)
        .addColumn('updated_at_ms', t.int64, notNull)
        .execute();
      await db.schema
        .createTable('status_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', notNull)
        .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
        .addColumn('label', 'text', notNull)
        .addColumn('created_at_ms', t.int64, notNull)
        .addColumn('created_by', 'text', notNull)
        .addColumn('revoked_at_ms', t.int64)
        .execute();
      await db.schema
        .createIndex('status_links_client_id')
        .on('status_links')
        .column('client_id')
        .execute();
      await db.schema
        .createTable('status_subscribers')
        .addColumn('client_id', 'text', notNull)
        .addColumn('email', 'text', notNull)
        .addColumn('confirmed_at_ms', t.int64, notNull)
        .addPrimaryKeyConstraint('status_subscribers_pk', ['client_id', 'email'])
        .execute();
      await db.schema
        .createTable('status_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', notNull)
        .execute();
      await db.schema
        .createTable('frozen_reports')
        .addColumn('client_id', 'text', notNull)
        .addColumn('month', 'text', notNull)
        .addColumn('frozen_at_ms', t.int64, notNull)
        .addColumn('html', 'text', notNull)
        .addColumn('csv', 'text', notNull)
        .addColumn('figures', 'text', notNull)
        .addPrimaryKeyConstraint('frozen_reports_pk', ['client_id', 'month'])
        .execute();
    },
  };
}
