// Opens the store a database URL names. Migrations are not run here: call `migrate()`.

import { KyselyStore, type KyselyStoreOptions } from './kysely-store.js';
import type { Store } from '../app/ports.js';
import { createSqliteDialect } from './sqlite-dialect.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';

export type OpenStoreOptions = KyselyStoreOptions;

/**
 * `sqlite:./data/forewarn.db` (the folder is created), `sqlite::memory:`, or
 * `postgres://…` / `postgresql://…`.
 */
export async function openStore(url: string, options: OpenStoreOptions): Promise<Store> {
  return new KyselyStore(await openDialect(url), options);
}

async function openDialect(url: string): Promise<StoreDialect> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new StoreError(
        'open',
        new Error('sqlite: URL has no path; expected sqlite:./data/forewarn.db or sqlite::memory:'),
      );
    try {
      return createSqliteDialect(path);
    } catch (e) {
      throw new StoreError(`open SQLite database ${path}`, e);
    }
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      // Loaded only for PostgreSQL: the pg driver is not part of an SQLite instance's start.
      const { createPostgresDialect } = await import('./postgres-dialect.js');
      return await createPostgresDialect(url);
    } catch (e) {
      throw new StoreError(`connect to PostgreSQL at ${redactPassword(url)}`, e);
    }
  }
  throw new StoreError(
    'open',
    new Error(
      `unsupported database URL "${redactPassword(url)}"; expected sqlite:PATH, sqlite::memory: or postgres://…`,
    ),
  );
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:<secret>@');
}
