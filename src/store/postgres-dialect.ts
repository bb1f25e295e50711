// PostgreSQL specifics: the pool, int8 parsing, the column types and row locks for merges.

import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { bySketchKey, selectStoredSketches } from './stored-sketches.js';

const INT8_OID = 20;

// pg returns int8 as a string to avoid precision loss. Our int8 values are epoch ms, counts and
// sequences, all far below 2^53, so numbers are exact. Set per pool, never on pg's global types.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * `url` is a postgres:// connection string; a schema other than the default is chosen with
 * libpq's `options`, e.g. `?options=-c%20search_path%3Dforewarn`.
 */
export async function createPostgresDialect(url: string): Promise<StoreDialect> {
  const pool = new pg.Pool({ connectionString: url, types });
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  let schema: string | null | undefined;
  try {
    const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
      db,
    );
    schema = result.rows[0]?.schema;
  } catch (e) {
    await db.destroy();
    throw e;
  }
  if (schema === null || schema === undefined) {
    await db.destroy();
    throw new Error('no schema of the search_path exists; create it or fix the search_path');
  }

  return {
    kind: 'postgres',
    db,
    columnTypes: {
      int64: 'bigint',
      bytes: 'bytea',
      serial: { type: 'bigserial', autoIncrement: false },
    },
    // Kysely's migrator matches its tables in any schema unless told which one.
    migrationTableSchema: schema,
    // Concurrent transactions may merge into the same minute: make every row exist (an insert
    // that conflicts waits for the other's commit), then lock them all in key order.
    async readSketchesForMerge(trx, keys) {
      await trx
        .insertInto('rollups')
        .values(
          keys.map((k) => ({
            sli_id: k.sliId,
            minute_ms: k.minuteMs,
            good: 0,
            total: 0,
            sketch: null,
          })),
        )
        .onConflict((oc) => oc.columns(['sli_id', 'minute_ms']).doNothing())
        .execute();
      return bySketchKey(await selectStoredSketches(trx, keys).forUpdate().execute());
    },
  };
}
