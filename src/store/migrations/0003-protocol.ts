// The breach protocol: watches and incidents (each a JSON document with a version for
// optimistic concurrency), the append-only timeline, inbound client reports, the credit ledger
// (one row per SLA and period, written once) and the protocol's transition cursor.

import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { ColumnTypes } from '../store-dialect.js';

export function protocolMigration(t: ColumnTypes): Migration {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  const serialKey = (c: ColumnDefinitionBuilder) =>
    t.serial.autoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('transitions').addColumn('episode_start_ms', t.int64).execute();
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('service_id', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('detected_at_ms', t.int64, notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('doc', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('incidents_status')
        .on('incidents')
        .columns(['status', 'detected_at_ms'])
        .execute();
      await db.schema
        .createTable('incident_keys')
        .addColumn('incident_key', 'text', (c) => c.primaryKey())
        .addColumn('incident_id', 'text', notNull)
        .execute();
      await db.schema
        .createTable('incident_clients')
        .addColumn('incident_id', 'text', notNull)
        .addColumn('client_id', 'text', notNull)
        .addPrimaryKeyConstraint('incident_clients_pk', ['incident_id', 'client_id'])
        .execute();
      await db.schema
        .createTable('watches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('objective_key', 'text', notNull)
        .addColumn('client_id', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('opened_at_ms', t.int64, notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('doc', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('watches_status')
        .on('watches')
        .columns(['status', 'opened_at_ms'])
        .execute();
      await db.schema
        .createTable('timeline')
        .addColumn('id', t.serial.type, serialKey)
        .addColumn('subject', 'text', notNull)
        .addColumn('at_ms', t.int64, notNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('actor', 'text', notNull)
        .addColumn('text', 'text', notNull)
        .addColumn('data', 'text')
        .execute();
      await db.schema
        .createIndex('timeline_subject')
        .on('timeline')
        .columns(['subject', 'id'])
        .execute();
      await db.schema
        .createTable('client_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', notNull)
        .addColumn('incident_id', 'text')
        .addColumn('at_ms', t.int64, notNull)
        .addColumn('source', 'text', notNull)
        .addColumn('text', 'text', notNull)
        .execute();
      await db.schema
        .createTable('credits')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('sla_id', 'text', notNull)
        .addColumn('client_id', 'text', notNull)
        .addColumn('period', 'text', notNull)
        .addColumn('issued_at_ms', t.int64, notNull)
        .addColumn('amount_minor', t.int64, notNull)
        .addColumn('currency', 'text')
        .addColumn('statement', 'text', notNull)
        .execute();
      await db.schema
        .createTable('protocol_state')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', t.int64, notNull)
        .execute();
    },
  };
}
