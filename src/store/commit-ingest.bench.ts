// commitIngest of one pre-aggregated batch (10 rollups, half with sketches) on a durable SQLite
// file. Run: npx vitest bench src/store --run. Samples/s = commits/s × samples per batch.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import type { Rollup, Store } from '../app/ports.js';
import { openStore } from './open-store.js';

const MINUTE_MS = 60_000;
const T0 = 1_795_737_600_000;
const SKETCH_BYTES = 256;

// Stands in for the real sketch merge at a fixed size, so only the store's cost is measured.
function mergeFixedSize(a: Uint8Array, b: Uint8Array): Uint8Array {
  const merged = new Uint8Array(Math.max(a.length, b.length));
  for (let i = 0; i < merged.length; i++) merged[i] = Math.max(a[i] ?? 0, b[i] ?? 0);
  return merged;
}

const rollups = (batch: number): Rollup[] =>
  Array.from({ length: 10 }, (_, i) => ({
    sliId: `sli-${i % 5}`,
    // Batches land in the current minute or the one before, like live traffic.
    minuteMs: T0 + (Math.floor(batch / 1000) + (i < 5 ? 0 : 1)) * MINUTE_MS,
    good: 990,
    total: 1000,
    sketch: i % 2 === 0 ? new Uint8Array(SKETCH_BYTES).fill(batch % 251) : null,
  }));

const dir = mkdtempSync(join(tmpdir(), 'forewarn-bench-'));
const file = await openStore(`sqlite:${join(dir, 'bench.db')}`, { mergeSketch: mergeFixedSize });
const memory = await openStore('sqlite::memory:', { mergeSketch: mergeFixedSize });
await file.migrate();
await memory.migrate();
let batch = 0;

async function commit(store: Store): Promise<void> {
  await store.commitIngest({
    clientId: 'acme',
    idempotencyKey: `batch-${++batch}`,
    receivedAtMs: T0,
    rollups: rollups(batch),
    response: { accepted: 10_000, refused: [] },
  });
}

// The bench runner runs neither beforeAll nor afterAll hooks: set up at load, clean up in each
// bench's teardown (called once with 'run' after its measured iterations).
describe('commitIngest, 10 rollups per batch', () => {
  bench('SQLite file (WAL, synchronous=FULL)', () => commit(file), {
    time: 3_000,
    teardown: (_task, mode) => {
      if (mode !== 'run') return;
      rmSync(dir, { recursive: true, force: true });
      void file.close();
    },
  });
  bench('SQLite in memory (no fsync: the statements alone)', () => commit(memory), {
    time: 3_000,
    teardown: (_task, mode) => {
      if (mode === 'run') void memory.close();
    },
  });
});
