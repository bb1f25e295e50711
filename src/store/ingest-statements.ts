// The statements of commitIngest, shaped for CompiledStatementCache.

import type { Insertable, Kysely } from 'kysely';
import type { RowStatement } from './compiled-statement-cache.js';
import type {
  IdempotencyKeysTable,
  IngestBatchesTable,
  IngestLogTable,
  RollupsTable,
  StoreDatabase,
} from './schema.js';

export type RollupRow = RollupsTable;

export interface IngestStatements {
  /** Inserts the keys (distinct) unless seen; returns `client_id` and `key` of the new ones. */
  rememberKey: RowStatement<IdempotencyKeysTable>;
  /** Allocates the batch's sequence; returns `seq`. */
  newBatch: RowStatement<Insertable<IngestBatchesTable>>;
  /** Adds counts to stored minutes; the sketch given replaces the stored one unless null. */
  upsertRollups: RowStatement<RollupRow>;
  appendLog: RowStatement<IngestLogTable>;
}

export function ingestStatements(db: Kysely<StoreDatabase>): IngestStatements {
  return {
    rememberKey: {
      name: 'remember-key',
      build: (rows) =>
        db
          .insertInto('idempotency_keys')
          .values([...rows])
          .onConflict((oc) => oc.columns(['client_id', 'key']).doNothing())
          .returning(['client_id', 'key']),
      parameters: (r) => [r.client_id, r.key, r.received_at_ms, r.response],
      sample: (i) => ({
        client_id: `c${i}`,
        key: `k${i}`,
        received_at_ms: i * 10 + 1,
        response: `r${i}`,
      }),
    },
    newBatch: {
      name: 'new-batch',
      build: (rows) =>
        db
          .insertInto('ingest_batches')
          .values([...rows])
          .returning('seq'),
      parameters: (r) => [r.client_id, r.received_at_ms],
      sample: (i) => ({ client_id: `c${i}`, received_at_ms: i * 10 + 1 }),
    },
    upsertRollups: {
      name: 'upsert-rollups',
      build: (rows) =>
        db
          .insertInto('rollups')
          .values([...rows])
          .onConflict((oc) =>
            oc.columns(['sli_id', 'minute_ms']).doUpdateSet((eb) => ({
              good: eb('rollups.good', '+', eb.ref('excluded.good')),
              total: eb('rollups.total', '+', eb.ref('excluded.total')),
              sketch: eb.fn.coalesce('excluded.sketch', 'rollups.sketch'),
            })),
          ),
      parameters: (r) => [r.sli_id, r.minute_ms, r.good, r.total, r.sketch],
      sample: (i) => ({
        sli_id: `s${i}`,
        minute_ms: i * 10 + 1,
        good: i * 10 + 2,
        total: i * 10 + 3,
        sketch: Buffer.of(i),
      }),
    },
    appendLog: {
      name: 'append-log',
      build: (rows) => db.insertInto('ingest_log').values([...rows]),
      parameters: (r) => [r.seq, r.sli_id, r.minute_ms, r.good, r.total, r.sketch],
      sample: (i) => ({
        seq: i * 10 + 1,
        sli_id: `s${i}`,
        minute_ms: i * 10 + 2,
        good: i * 10 + 3,
        total: i * 10 + 4,
        sketch: Buffer.of(i),
      }),
    },
  };
}
