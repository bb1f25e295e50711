// The read half of a sketch merge, shared by both dialects; each adds its own locking.

import type { Transaction } from 'kysely';
import type { StoreDatabase } from './schema.js';
import { rollupKeyString, type RollupKey } from './store-dialect.js';

export function selectStoredSketches(trx: Transaction<StoreDatabase>, keys: readonly RollupKey[]) {
  return trx
    .selectFrom('rollups')
    .select(['sli_id', 'minute_ms', 'sketch'])
    .where(({ eb, refTuple, tuple }) =>
      eb(
        refTuple('sli_id', 'minute_ms'),
        'in',
        keys.map((k) => tuple(k.sliId, k.minuteMs)),
      ),
    )
    .orderBy('sli_id')
    .orderBy('minute_ms');
}

export function bySketchKey(
  rows: readonly { sli_id: string; minute_ms: number; sketch: Buffer | null }[],
): Map<string, Buffer> {
  const stored = new Map<string, Buffer>();
  for (const r of rows) {
    if (r.sketch !== null) stored.set(rollupKeyString(r.sli_id, r.minute_ms), r.sketch);
  }
  return stored;
}
