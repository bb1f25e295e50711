// The first schema. Released migrations never change; a new one gets the next number.

import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { ColumnTypes } from '../store-dialect.js';

export function initialMigration(t: ColumnTypes): Migration {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  const serialKey = (c: ColumnDefinitionBuilder) =>
    t.serial.autoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();

  return {
    // Migrations see the schema as it was when written, not today's table types.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('definitions')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('document', 'text', notNull)
        .addColumn('applied_at_ms', t.int64, notNull)
        .execute();

      await db.schema
        .createTable('push_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('push_tokens_client_id')
        .on('push_tokens')
        .column('client_id')
        .execute();

      await db.schema
        .createTable('rollups')
        .addColumn('sli_id', 'text', notNull)
        .addColumn('minute_ms', t.int64, notNull)
        .addColumn('good', t.int64, notNull)
        .addColumn('total', t.int64, notNull)
        .addColumn('sketch', t.bytes)
        .addPrimaryKeyConstraint('rollups_pk', ['sli_id', 'minute_ms'])
        .execute();
      await db.schema.createIndex('rollups_minute_ms').on('rollups').column('minute_ms').execute();

      await db.schema
        .createTable('ingest_batches')
        .addColumn('seq', t.serial.type, serialKey)
        .addColumn('client_id', 'text', notNull)
        .addColumn('received_at_ms', t.int64, notNull)
        .execute();

      await db.schema
        .createTable('ingest_log')
        .addColumn('seq', t.int64, (c) =>
          c.notNull().references('ingest_batches.seq').onDelete('cascade'),
        )
        .addColumn('sli_id', 'text', notNull)
        .addColumn('minute_ms', t.int64, notNull)
        .addColumn('good', t.int64, notNull)
        .addColumn('total', t.int64, notNull)
        .addColumn('sketch', t.bytes)
        .addPrimaryKeyConstraint('ingest_log_pk', ['seq', 'sli_id', 'minute_ms'])
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('client_id', 'text', notNull)
        .addColumn('key', 'text', notNull)
        .addColumn('received_at_ms', t.int64, notNull)
        .addColumn('response', 'text', notNull)
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['client_id', 'key'])
        .execute();
      await db.schema
        .createIndex('idempotency_keys_received_at_ms')
        .on('idempotency_keys')
        .column('received_at_ms')
        .execute();

      await db.schema
        .createTable('objective_states')
        .addColumn('objective_key', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', notNull)
        .addColumn('updated_at_ms', t.int64, notNull)
        .execute();

      await db.schema
        .createTable('transitions')
        .addColumn('id', t.serial.type, serialKey)
        .addColumn('objective_key', 'text', notNull)
        .addColumn('at_ms', t.int64, notNull)
        .addColumn('from_status', 'text', notNull)
        .addColumn('to_status', 'text', notNull)
        .addColumn('reason', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('transitions_objective_key_at_ms')
        .on('transitions')
        .columns(['objective_key', 'at_ms'])
        .execute();
      await db.schema.createIndex('transitions_at_ms').on('transitions').column('at_ms').execute();

      await db.schema
        .createTable('window_snapshots')
        .addColumn('objective_key', 'text', (c) => c.primaryKey())
        .addColumn('definition_hash', 'text', notNull)
        .addColumn('seq', t.int64, notNull)
        .addColumn('taken_at_ms', t.int64, notNull)
        .addColumn('data', t.bytes, notNull)
        .execute();
    },
  };
}
