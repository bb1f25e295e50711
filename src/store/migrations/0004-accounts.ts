// Accounts: users (team with a role, or client users of one client), sessions (by the hash of
// their id), API tokens (by the hash of their secret), and a one-row table that closes first-run
// setup for good: its primary key lets only one setup ever insert it.

import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { ColumnTypes } from '../store-dialect.js';

export function accountsMigration(t: ColumnTypes): Migration {
  const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('account_setup')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('done_at_ms', t.int64, notNull)
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', notNull)
        .addColumn('kind', 'text', notNull)
        .addColumn('role', 'text')
        .addColumn('client_id', 'text')
        .addColumn('password_hash', 'text', notNull)
        .addColumn('created_at_ms', t.int64, notNull)
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at_ms', t.int64, notNull)
        .addColumn('last_seen_at_ms', t.int64, notNull)
        .addColumn('expires_at_ms', t.int64, notNull)
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', notNull)
        .addColumn('scope', 'text', notNull)
        .addColumn('client_id', 'text')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hint', 'text', notNull)
        .addColumn('created_at_ms', t.int64, notNull)
        .addColumn('created_by', 'text', notNull)
        .addColumn('revoked_at_ms', t.int64)
        .execute();
    },
  };
}
