// What differs between the databases, supplied by sqlite-dialect.ts or postgres-dialect.ts;
// everything else (kysely-store.ts, migrations) is shared.

import type { Kysely, Transaction } from 'kysely';
import type { StoreDatabase } from './schema.js';

export interface ColumnTypes {
  /** 64-bit integers: epoch milliseconds and counts, which can exceed 2^31. */
  int64: 'integer' | 'bigint';
  bytes: 'blob' | 'bytea';
  /** A primary key that only grows and is never reused, even after its rows are deleted. */
  serial: { type: 'integer' | 'bigserial'; autoIncrement: boolean };
}

export interface RollupKey {
  sliId: string;
  minuteMs: number;
}

export interface StoreDialect {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<StoreDatabase>;
  readonly columnTypes: ColumnTypes;
  /** Schema of Kysely's migration tables; undefined means the connection's default. */
  readonly migrationTableSchema: string | undefined;
  /**
   * Reads the stored sketches of these rollups (keys sorted, no duplicates) such that no other
   * transaction can change them before `trx` ends, so a read-merge-write loses nothing.
   * Returns them by `rollupKeyString`.
   */
  readSketchesForMerge(
    trx: Transaction<StoreDatabase>,
    keys: readonly RollupKey[],
  ): Promise<Map<string, Buffer>>;
}

export function rollupKeyString(sliId: string, minuteMs: number): string {
  return `${minuteMs}\u0000${sliId}`;
}
