// SQLite specifics: the file, the pragmas, the column types and how a merge is kept safe.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { bySketchKey, selectStoredSketches } from './stored-sketches.js';

/** How long a writer waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/** Distinct SQL texts worth keeping prepared; the store issues a few dozen shapes. */
const STATEMENT_CACHE_SIZE = 256;

/** `path` is a file path or `:memory:`. The file's folder is created when missing. */
export function createSqliteDialect(path: string): StoreDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  try {
    database.pragma('journal_mode = WAL');
    // FULL syncs the WAL on every commit, so once commitIngest resolves (and the API answers
    // 2xx) the batch survives power loss; NORMAL in WAL mode may lose the last commits.
    database.pragma('synchronous = FULL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
  } catch (e) {
    database.close();
    throw e;
  }
  const db = new Kysely<StoreDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });

  return {
    kind: 'sqlite',
    db,
    columnTypes: {
      int64: 'integer',
      bytes: 'blob',
      // AUTOINCREMENT: plain rowids may be reused once the highest rows are deleted, and the
      // ingest log sequence must never go back after a prune.
      serial: { type: 'integer', autoIncrement: true },
    },
    migrationTableSchema: undefined,
    // The transaction's first statement was a write, so it holds SQLite's single write lock:
    // nothing else can change these rows before it commits.
    async readSketchesForMerge(trx, keys) {
      return bySketchKey(await selectStoredSketches(trx, keys).execute());
    },
  };
}

// Kysely's SQLite driver prepares every query anew; reusing prepared statements saves that
// parse on the ingest path. Safe because queries on the one connection never interleave.
function withStatementCache(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string): SqliteStatement {
      const hit = cache.get(sqlText);
      if (hit !== undefined) return hit;
      const statement = database.prepare(sqlText);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(sqlText, statement);
      return statement;
    },
  };
}
