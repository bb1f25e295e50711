// The notification outbox and its delivery attempts.

import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { ColumnTypes } from '../store-dialect.js';

export function outboxMigration(t: ColumnTypes): Migration {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  const serialKey = (c: ColumnDefinitionBuilder) =>
    t.serial.autoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('outbox')
        .addColumn('seq', t.serial.type, serialKey)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
        .addColumn('incident_key', 'text', notNull)
        .addColumn('endpoint_id', 'text', notNull)
        .addColumn('address', 'text')
        .addColumn('audience', 'text', notNull)
        .addColumn('priority', 'integer', notNull)
        .addColumn('role', 'text')
        .addColumn('person_id', 'text')
        .addColumn('contact_name', 'text')
        .addColumn('message', 'text', notNull)
        .addColumn('created_at_ms', t.int64, notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('attempts', 'integer', notNull)
        .addColumn('next_attempt_at_ms', t.int64, notNull)
        .addColumn('last_error', 'text')
        .addColumn('delivered_at_ms', t.int64)
        .addColumn('acked_at_ms', t.int64)
        .addColumn('acked_by', 'text')
        .execute();
      await db.schema
        .createIndex('outbox_status_seq')
        .on('outbox')
        .columns(['status', 'seq'])
        .execute();
      await db.schema.createIndex('outbox_incident').on('outbox').column('incident_key').execute();

      await db.schema
        .createTable('delivery_attempts')
        .addColumn('notification_id', 'text', notNull)
        .addColumn('attempt', 'integer', notNull)
        .addColumn('started_at_ms', t.int64, notNull)
        .addColumn('duration_ms', t.int64, notNull)
        .addColumn('ok', 'integer', notNull)
        .addColumn('status', 'integer')
        .addColumn('reason', 'text')
        .addPrimaryKeyConstraint('delivery_attempts_pk', ['notification_id', 'attempt'])
        .execute();
    },
  };
}
