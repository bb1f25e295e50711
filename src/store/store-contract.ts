// The behaviour every Store must have, run on each database by *-store.test.ts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  IngestCommit,
  ObjectiveStateRecord,
  Rollup,
  Store,
  WindowSnapshot,
} from '../app/ports.js';
import type { Definitions } from '../domain/definitions.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';

/**
 * The merge every store under contract must be opened with: it appends, so a test can see
 * which sketches were merged and in which order (stored first, then the incoming one).
 */
export function appendSketches(a: Uint8Array, b: Uint8Array): Uint8Array {
  const merged = new Uint8Array(a.length + b.length);
  merged.set(a, 0);
  merged.set(b, a.length);
  return merged;
}

const MINUTE_MS = 60_000;
/** 2026-11-27T00:00:00Z: epoch milliseconds well beyond 2^31. */
const T0 = 1_795_737_600_000;

const aRollup = (o: Partial<Rollup> = {}): Rollup => ({
  sliId: 'requests',
  minuteMs: T0,
  good: 90,
  total: 100,
  sketch: null,
  ...o,
});

let keyCounter = 0;
const aCommit = (o: Partial<IngestCommit> = {}): IngestCommit => ({
  clientId: 'acme',
  idempotencyKey: `key-${++keyCounter}`,
  receivedAtMs: T0,
  rollups: [aRollup()],
  response: { accepted: 1, refused: [] },
  ...o,
});

const aState = (o: Partial<ObjectiveState> = {}): ObjectiveState => ({
  status: 'ok',
  sinceMs: T0,
  reason: { kind: 'within-objective' },
  ...o,
});

const aTransition = (o: Partial<Transition> = {}): Transition => ({
  objectiveKey: 'acme-submissions/availability',
  atMs: T0,
  from: 'ok',
  to: 'early-warning',
  reason: {
    kind: 'fraction-of-threshold',
    observed: 640,
    threshold: 800,
    enterAt: 640,
    fractionOfThreshold: 0.8,
  },
  ...o,
});

const aSnapshot = (o: Partial<WindowSnapshot> = {}): WindowSnapshot => ({
  objectiveKey: 'acme-submissions/availability',
  definitionHash: 'hash-1',
  seq: 1,
  takenAtMs: T0,
  data: new Uint8Array([1, 2, 3]),
  ...o,
});

const someDefinitions = (): Definitions => ({
  clients: [{ id: 'acme', name: 'Acme Corp', timeZone: 'Europe/Berlin', contacts: [] }],
  services: [{ id: 'submissions', name: 'Submissions', roles: {} }],
  slis: [
    { id: 'latency', serviceId: 'submissions', name: 'Latency', kind: 'distribution', unit: 'ms' },
  ],
  slas: [
    {
      id: 'acme-submissions',
      clientId: 'acme',
      serviceId: 'submissions',
      name: 'Acme submissions',
      contract: {
        noticeMs: 15 * MINUTE_MS,
        updateCadenceMs: 30 * MINUTE_MS,
        creditTiers: [{ belowPercent: 99.9, creditPercent: 10 }],
        exclusions: [],
        autoNotice: true,
        noticeFallback: 'auto-send',
        postmortemDueMs: 5 * 86_400_000,
        credits: { basis: 'time', minimumDowntimeMs: 300_000, intervalMs: 300_000 },
      },
      objectives: [
        {
          kind: 'threshold',
          key: 'acme-submissions/latency',
          slaId: 'acme-submissions',
          localId: 'latency',
          name: 'p95 latency',
          sliId: 'latency',
          earlyWarning: { fractionOfThreshold: { enterRatio: 0.8, hysteresisRatio: 0.05 } },
          recoveryPeriodMs: 10 * MINUTE_MS,
          clearAfterMs: 5 * MINUTE_MS,
          statistic: 'p95',
          comparator: '<=',
          threshold: 800,
          measurementWindowMs: 5 * MINUTE_MS,
        },
      ],
    },
  ],
  people: [],
  rotations: [],
  endpoints: [],
});

const bytes = (...values: number[]) => new Uint8Array(values);

/**
 * `open` returns a new, empty, not yet migrated store built with `mergeSketch: appendSketches`.
 * Each test opens its own and closes it.
 */
export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('migrations', () => {
      it('migrating again is a no-op that keeps the data', async () => {
        await store.saveDefinitions(someDefinitions(), T0);
        await store.commitIngest(aCommit());

        await store.migrate();

        expect(await store.loadDefinitions()).toEqual(someDefinitions());
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toHaveLength(1);
      });
    });

    describe('definitions', () => {
      it('loads nothing before definitions are saved', async () => {
        expect(await store.loadDefinitions()).toBeUndefined();
      });

      it('round-trips the definitions and keeps only the latest', async () => {
        const first = someDefinitions();
        const second = { ...someDefinitions(), clients: [] };
        await store.saveDefinitions(first, T0);
        expect(await store.loadDefinitions()).toEqual(first);

        await store.saveDefinitions(second, T0 + 1);
        expect(await store.loadDefinitions()).toEqual(second);
      });
    });

    describe('push tokens', () => {
      it('finds the client a token hash belongs to and nothing for an unknown hash', async () => {
        await store.setPushTokenHashes('acme', ['a'.repeat(64), 'b'.repeat(64)]);
        await store.setPushTokenHashes('globex', ['c'.repeat(64)]);

        expect(await store.findClientByPushTokenHash('a'.repeat(64))).toBe('acme');
        expect(await store.findClientByPushTokenHash('b'.repeat(64))).toBe('acme');
        expect(await store.findClientByPushTokenHash('c'.repeat(64))).toBe('globex');
        expect(await store.findClientByPushTokenHash('d'.repeat(64))).toBeUndefined();
      });

      it("replaces a client's hashes, dropping the ones left out", async () => {
        await store.setPushTokenHashes('acme', ['a', 'b']);
        await store.setPushTokenHashes('acme', ['b', 'c']);

        expect(await store.findClientByPushTokenHash('a')).toBeUndefined();
        expect(await store.findClientByPushTokenHash('b')).toBe('acme');
        expect(await store.findClientByPushTokenHash('c')).toBe('acme');
      });

      it("an empty list removes all of a client's tokens and no one else's", async () => {
        await store.setPushTokenHashes('acme', ['a']);
        await store.setPushTokenHashes('globex', ['g']);
        await store.setPushTokenHashes('acme', []);

        expect(await store.findClientByPushTokenHash('a')).toBeUndefined();
        expect(await store.findClientByPushTokenHash('g')).toBe('globex');
      });

      it('moves a hash to the client it was given to last', async () => {
        await store.setPushTokenHashes('globex', ['shared']);
        await store.setPushTokenHashes('acme', ['shared']);

        expect(await store.findClientByPushTokenHash('shared')).toBe('acme');
      });
    });

    describe('commitIngest', () => {
      it('gives each commit a larger sequence than the one before', async () => {
        const first = await store.commitIngest(aCommit());
        const second = await store.commitIngest(aCommit());

        expect(first.duplicate).toBe(false);
        expect(second.duplicate).toBe(false);
        if (first.duplicate || second.duplicate) return;
        expect(second.seq).toBeGreaterThan(first.seq);
      });

      it('finds the first stored minute of an SLI at or after a time, or none', async () => {
        await store.commitIngest(
          aCommit({
            rollups: [
              aRollup({ minuteMs: T0 + 5 * MINUTE_MS }),
              aRollup({ minuteMs: T0 + 9 * MINUTE_MS }),
            ],
          }),
        );
        expect(await store.firstRollupMinute('requests', T0)).toBe(T0 + 5 * MINUTE_MS);
        expect(await store.firstRollupMinute('requests', T0 + 6 * MINUTE_MS)).toBe(
          T0 + 9 * MINUTE_MS,
        );
        expect(await store.firstRollupMinute('requests', T0 + 10 * MINUTE_MS)).toBeUndefined();
        expect(await store.firstRollupMinute('latency', T0)).toBeUndefined();
      });

      it('adds the counts of a late rollup to the minute already stored', async () => {
        await store.commitIngest(aCommit({ rollups: [aRollup({ good: 90, total: 100 })] }));
        await store.commitIngest(aCommit({ rollups: [aRollup({ good: 5, total: 10 })] }));

        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 95, total: 110 }),
        ]);
      });

      it('merges sketches through the merge function, the stored one first', async () => {
        const latency = { sliId: 'latency' };
        await store.commitIngest(
          aCommit({ rollups: [aRollup({ ...latency, sketch: bytes(1, 2) })] }),
        );
        await store.commitIngest(aCommit({ rollups: [aRollup({ ...latency, sketch: bytes(3) })] }));

        const [stored] = await store.readRollups('latency', T0, T0 + MINUTE_MS);
        expect(stored?.sketch).toEqual(bytes(1, 2, 3));
        expect(stored).toMatchObject({ good: 180, total: 200 });
      });

      it('stores a first sketch as sent and keeps it when a later rollup brings none', async () => {
        await store.commitIngest(aCommit({ rollups: [aRollup({ sketch: bytes(7, 8) })] }));
        await store.commitIngest(aCommit({ rollups: [aRollup({ sketch: null })] }));

        const [stored] = await store.readRollups('requests', T0, T0 + MINUTE_MS);
        expect(stored?.sketch).toEqual(bytes(7, 8));
      });

      it('combines rollups of the same SLI and minute within one commit', async () => {
        await store.commitIngest(
          aCommit({
            rollups: [
              aRollup({ good: 1, total: 2, sketch: bytes(1) }),
              aRollup({ good: 3, total: 4, sketch: bytes(2) }),
            ],
          }),
        );

        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 4, total: 6, sketch: bytes(1, 2) }),
        ]);
      });

      it('re-committing a seen key returns the first response and changes nothing', async () => {
        const first = aCommit({
          idempotencyKey: 'batch-1',
          response: { accepted: 3, refused: [] },
        });
        const outcome = await store.commitIngest(first);
        const logBefore = await store.readIngestLog(0, 100);

        const again = await store.commitIngest({
          ...first,
          rollups: [aRollup({ good: 1000, total: 1000, sketch: bytes(9) })],
          response: { accepted: 0, refused: ['other'] },
        });

        expect(outcome.duplicate).toBe(false);
        expect(again).toEqual({ duplicate: true, response: { accepted: 3, refused: [] } });
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([aRollup()]);
        expect(await store.readIngestLog(0, 100)).toEqual(logBefore);
      });

      it('treats the same key from another client as a new commit', async () => {
        await store.commitIngest(aCommit({ clientId: 'acme', idempotencyKey: 'k' }));
        const other = await store.commitIngest(
          aCommit({ clientId: 'globex', idempotencyKey: 'k' }),
        );

        expect(other.duplicate).toBe(false);
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 180, total: 200 }),
        ]);
      });

      it('keeps counts beyond 2^31 and returns them as exact numbers', async () => {
        const big = 2 ** 40 + 1;
        await store.commitIngest(aCommit({ rollups: [aRollup({ good: big, total: big })] }));
        await store.commitIngest(aCommit({ rollups: [aRollup({ good: big, total: big })] }));

        const [stored] = await store.readRollups('requests', T0, T0 + MINUTE_MS);
        expect(stored?.good).toBe(2 * big);
        expect(typeof stored?.minuteMs).toBe('number');
        expect(stored?.minuteMs).toBe(T0);
      });

      it('loses nothing when commits to the same minute run concurrently', async () => {
        const commits = Array.from({ length: 20 }, (_, i) =>
          aCommit({ rollups: [aRollup({ good: 1, total: 1, sketch: bytes(i) })] }),
        );
        const outcomes = await Promise.all(commits.map((c) => store.commitIngest(c)));

        const seqs = outcomes.map((o) => (o.duplicate ? -1 : o.seq));
        expect(new Set(seqs).size).toBe(20);
        const [stored] = await store.readRollups('requests', T0, T0 + MINUTE_MS);
        expect(stored).toMatchObject({ good: 20, total: 20 });
        expect([...(stored?.sketch ?? [])].sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, i) => i),
        );
      });
    });

    describe('commitIngestBatch', () => {
      it('commits a group in order with one shared sequence and one merged log entry', async () => {
        const before = await store.commitIngest(aCommit());
        const outcomes = await store.commitIngestBatch([
          aCommit({ rollups: [aRollup({ good: 1, total: 2, sketch: bytes(1) })] }),
          aCommit({
            clientId: 'globex',
            rollups: [aRollup({ good: 3, total: 4, sketch: bytes(2) })],
          }),
          aCommit({ rollups: [aRollup({ sliId: 'other', good: 5, total: 6 })] }),
        ]);

        const seq = before.duplicate ? -1 : before.seq;
        expect(outcomes).toHaveLength(3);
        const seqs = outcomes.map((o) => (o.duplicate ? -1 : o.seq));
        expect(new Set(seqs).size).toBe(1);
        expect(seqs[0]).toBeGreaterThan(seq);
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 94, total: 106, sketch: bytes(1, 2) }),
        ]);
        expect((await store.readIngestLog(seq, 10)).map((e) => e.rollups)).toEqual([
          [
            aRollup({ sliId: 'other', good: 5, total: 6 }),
            aRollup({ good: 4, total: 6, sketch: bytes(1, 2) }),
          ],
        ]);
      });

      it('answers a key repeated inside the group with the first response and applies it once', async () => {
        const outcomes = await store.commitIngestBatch([
          aCommit({ idempotencyKey: 'same', response: { accepted: 1, refused: [] } }),
          aCommit({ idempotencyKey: 'other' }),
          aCommit({
            idempotencyKey: 'same',
            rollups: [aRollup({ good: 1000, total: 1000 })],
            response: { accepted: 0, refused: ['second'] },
          }),
          aCommit({ clientId: 'globex', idempotencyKey: 'same' }),
        ]);

        expect(outcomes.map((o) => o.duplicate)).toEqual([false, false, true, false]);
        expect(outcomes[2]).toEqual({ duplicate: true, response: { accepted: 1, refused: [] } });
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 270, total: 300 }),
        ]);
        const again = await store.commitIngest(aCommit({ idempotencyKey: 'same' }));
        expect(again).toEqual({ duplicate: true, response: { accepted: 1, refused: [] } });
      });

      it('answers a key stored before with its stored response and applies the rest', async () => {
        await store.commitIngest(
          aCommit({ idempotencyKey: 'stored', response: { accepted: 7, refused: [] } }),
        );
        const logBefore = await store.readIngestLog(0, 100);

        const outcomes = await store.commitIngestBatch([
          aCommit({ idempotencyKey: 'new-1' }),
          aCommit({ idempotencyKey: 'stored', rollups: [aRollup({ good: 1000, total: 1000 })] }),
          aCommit({ idempotencyKey: 'new-2' }),
        ]);

        expect(outcomes[0]?.duplicate).toBe(false);
        expect(outcomes[1]).toEqual({ duplicate: true, response: { accepted: 7, refused: [] } });
        expect(outcomes[2]?.duplicate).toBe(false);
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 270, total: 300 }),
        ]);
        expect(await store.readIngestLog(0, 100)).toHaveLength(logBefore.length + 1);
      });

      it('writes no log entry and no sequence when every commit of the group is a duplicate', async () => {
        await store.commitIngest(aCommit({ idempotencyKey: 'a' }));
        const logBefore = await store.readIngestLog(0, 100);

        const outcomes = await store.commitIngestBatch([
          aCommit({ idempotencyKey: 'a' }),
          aCommit({ idempotencyKey: 'a' }),
        ]);

        expect(outcomes.every((o) => o.duplicate)).toBe(true);
        expect(await store.readIngestLog(0, 100)).toEqual(logBefore);
        expect(await store.commitIngestBatch([])).toEqual([]);
      });

      it('fails the whole group when one statement fails, leaving nothing of it', async () => {
        const logBefore = await store.readIngestLog(0, 100);
        const group = [
          aCommit({ idempotencyKey: 'good-one', rollups: [aRollup({ sketch: bytes(1) })] }),
          // sli_id is NOT NULL: the rollup upsert fails after the keys and the batch went in.
          aCommit({ idempotencyKey: 'bad-one', rollups: [aRollup({ sliId: null as never })] }),
        ];

        await expect(store.commitIngestBatch(group)).rejects.toThrow();

        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([]);
        expect(await store.readIngestLog(0, 100)).toEqual(logBefore);
        const retried = await store.commitIngest(aCommit({ idempotencyKey: 'good-one' }));
        expect(retried.duplicate).toBe(false);
      });

      it('commits groups of more keys than one statement holds', async () => {
        const commits = Array.from({ length: 150 }, (_, i) =>
          aCommit({ idempotencyKey: `k-${i % 120}`, rollups: [aRollup({ good: 1, total: 1 })] }),
        );

        const outcomes = await store.commitIngestBatch(commits);

        expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(120);
        expect(outcomes.slice(120).every((o) => o.duplicate)).toBe(true);
        const [stored] = await store.readRollups('requests', T0, T0 + MINUTE_MS);
        expect(stored).toMatchObject({ good: 120, total: 120 });
      });

      it('loses nothing when groups to the same minute run concurrently', async () => {
        const groups = Array.from({ length: 5 }, (_, g) =>
          Array.from({ length: 4 }, (_, i) =>
            aCommit({ rollups: [aRollup({ good: 1, total: 1, sketch: bytes(g * 4 + i) })] }),
          ),
        );

        const outcomes = await Promise.all(groups.map((g) => store.commitIngestBatch(g)));

        const seqs = outcomes.map((o) => (o[0]?.duplicate === false ? o[0].seq : -1));
        expect(new Set(seqs).size).toBe(5);
        const [stored] = await store.readRollups('requests', T0, T0 + MINUTE_MS);
        expect(stored).toMatchObject({ good: 20, total: 20 });
        expect([...(stored?.sketch ?? [])].sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, i) => i),
        );
      });
    });

    describe('readRollups', () => {
      it('returns one SLI’s minutes from `fromMs` (inclusive) to `toMs` (exclusive), in order', async () => {
        const minutes = [3, 0, 2, 1].map((m) => T0 + m * MINUTE_MS);
        await store.commitIngest(
          aCommit({
            rollups: [
              ...minutes.map((minuteMs) => aRollup({ minuteMs })),
              aRollup({ sliId: 'other', minuteMs: T0 + MINUTE_MS }),
            ],
          }),
        );

        const read = await store.readRollups('requests', T0 + MINUTE_MS, T0 + 3 * MINUTE_MS);
        expect(read.map((r) => r.minuteMs)).toEqual([T0 + MINUTE_MS, T0 + 2 * MINUTE_MS]);
        expect(read.every((r) => r.sliId === 'requests')).toBe(true);
      });
    });

    describe('ingest log', () => {
      it('reads entries after a sequence, grouped by sequence, in order, at most `limit`', async () => {
        const seqs: number[] = [];
        for (let i = 0; i < 3; i++) {
          const outcome = await store.commitIngest(
            aCommit({
              rollups: [
                aRollup({ minuteMs: T0 + i * MINUTE_MS, good: i }),
                aRollup({ sliId: 'latency', minuteMs: T0, sketch: bytes(i) }),
              ],
            }),
          );
          if (!outcome.duplicate) seqs.push(outcome.seq);
        }

        const all = await store.readIngestLog(0, 10);
        expect(all.map((e) => e.seq)).toEqual(seqs);
        expect(all[1]?.rollups).toEqual([
          aRollup({ sliId: 'latency', minuteMs: T0, sketch: bytes(1) }),
          aRollup({ minuteMs: T0 + MINUTE_MS, good: 1 }),
        ]);

        const page = await store.readIngestLog(seqs[0]!, 1);
        expect(page.map((e) => e.seq)).toEqual([seqs[1]]);
        expect(page[0]?.rollups).toHaveLength(2);
        expect(await store.readIngestLog(seqs[2]!, 10)).toEqual([]);
        expect(await store.readIngestLog(0, 0)).toEqual([]);
      });

      it('logs each commit’s own rollups, not the merged totals', async () => {
        await store.commitIngest(aCommit({ rollups: [aRollup({ good: 1, sketch: bytes(1) })] }));
        await store.commitIngest(aCommit({ rollups: [aRollup({ good: 2, sketch: bytes(2) })] }));

        const log = await store.readIngestLog(0, 10);
        expect(log.map((e) => e.rollups)).toEqual([
          [aRollup({ good: 1, sketch: bytes(1) })],
          [aRollup({ good: 2, sketch: bytes(2) })],
        ]);
      });

      it('gives a commit without rollups a sequence and an empty entry', async () => {
        const outcome = await store.commitIngest(aCommit({ rollups: [] }));

        expect(outcome.duplicate).toBe(false);
        if (outcome.duplicate) return;
        expect(await store.readIngestLog(0, 10)).toEqual([{ seq: outcome.seq, rollups: [] }]);
      });

      it('prunes entries up to a sequence, and later sequences still grow past it', async () => {
        const outcomes = [];
        for (let i = 0; i < 3; i++) outcomes.push(await store.commitIngest(aCommit()));
        const seqs = outcomes.map((o) => (o.duplicate ? -1 : o.seq));

        await store.pruneIngestLog(seqs[1]!);
        expect((await store.readIngestLog(0, 10)).map((e) => e.seq)).toEqual([seqs[2]]);

        await store.pruneIngestLog(seqs[2]!);
        expect(await store.readIngestLog(0, 10)).toEqual([]);
        const next = await store.commitIngest(aCommit());
        expect(next.duplicate ? -1 : next.seq).toBeGreaterThan(seqs[2]!);
        // Pruning the log never touches the rollups.
        expect(await store.readRollups('requests', T0, T0 + MINUTE_MS)).toEqual([
          aRollup({ good: 360, total: 400 }),
        ]);
      });
    });

    describe('pruning', () => {
      it('prunes rollups of minutes before a time and says how many', async () => {
        await store.commitIngest(
          aCommit({
            rollups: [0, 1, 2].map((m) => aRollup({ minuteMs: T0 + m * MINUTE_MS })),
          }),
        );

        expect(await store.pruneRollups(T0 + 2 * MINUTE_MS)).toBe(2);
        expect(await store.pruneRollups(T0 + 2 * MINUTE_MS)).toBe(0);
        expect(
          (await store.readRollups('requests', 0, T0 + 10 * MINUTE_MS)).map((r) => r.minuteMs),
        ).toEqual([T0 + 2 * MINUTE_MS]);
      });

      it('prunes idempotency keys received before a time, so the key is accepted again', async () => {
        await store.commitIngest(aCommit({ idempotencyKey: 'old', receivedAtMs: T0 }));
        await store.commitIngest(aCommit({ idempotencyKey: 'new', receivedAtMs: T0 + MINUTE_MS }));

        expect(await store.pruneIdempotencyKeys(T0 + MINUTE_MS)).toBe(1);
        expect((await store.commitIngest(aCommit({ idempotencyKey: 'old' }))).duplicate).toBe(
          false,
        );
        expect((await store.commitIngest(aCommit({ idempotencyKey: 'new' }))).duplicate).toBe(true);
      });
    });

    describe('objective states and transitions', () => {
      const key = 'acme-submissions/availability';

      it('loads no states at first', async () => {
        expect(await store.loadObjectiveStates()).toEqual([]);
      });

      it('records transitions together with the new states', async () => {
        const warning = aState({ status: 'early-warning', sinceMs: T0 + MINUTE_MS });
        await store.recordTransitions(
          [aTransition({ atMs: T0 + MINUTE_MS })],
          [{ objectiveKey: key, state: warning }],
        );

        expect(await store.loadObjectiveStates()).toEqual([{ objectiveKey: key, state: warning }]);
        const [stored] = await store.listTransitions({ limit: 10 });
        expect(stored).toEqual({
          id: expect.any(Number),
          ...aTransition({ atMs: T0 + MINUTE_MS }),
        });
      });

      it('records neither transitions nor states when part of the write fails', async () => {
        await store.saveObjectiveStates([{ objectiveKey: key, state: aState() }]);
        const unserialisable = aState() as ObjectiveState & { self?: unknown };
        unserialisable.self = unserialisable;

        await expect(
          store.recordTransitions(
            [aTransition()],
            [
              { objectiveKey: key, state: aState({ status: 'early-warning' }) },
              { objectiveKey: 'acme-submissions/latency', state: unserialisable },
            ],
          ),
        ).rejects.toThrow();

        expect(await store.listTransitions({ limit: 10 })).toEqual([]);
        expect(await store.loadObjectiveStates()).toEqual([{ objectiveKey: key, state: aState() }]);
      });

      it('saves states without transitions, replacing earlier ones', async () => {
        const states: ObjectiveStateRecord[] = [
          { objectiveKey: 'b/y', state: aState() },
          { objectiveKey: 'a/x', state: aState({ status: 'breach', withinSinceMs: T0 }) },
        ];
        await store.saveObjectiveStates(states);
        await store.saveObjectiveStates([
          { objectiveKey: 'b/y', state: aState({ status: 'recovered', clearSinceMs: T0 + 1 }) },
        ]);

        expect(await store.loadObjectiveStates()).toEqual([
          { objectiveKey: 'a/x', state: aState({ status: 'breach', withinSinceMs: T0 }) },
          { objectiveKey: 'b/y', state: aState({ status: 'recovered', clearSinceMs: T0 + 1 }) },
        ]);
      });

      it('lists transitions newest first, filtered by objective, SLA, time and limit', async () => {
        await store.recordTransitions(
          [
            aTransition({ objectiveKey: 'acme/a', atMs: T0 }),
            aTransition({
              objectiveKey: 'acme/b',
              atMs: T0 + MINUTE_MS,
              from: 'early-warning',
              to: 'breach',
            }),
            aTransition({ objectiveKey: 'acme-2/a', atMs: T0 + 2 * MINUTE_MS }),
            aTransition({ objectiveKey: 'acme/a', atMs: T0 + 3 * MINUTE_MS }),
            aTransition({ objectiveKey: 'ACME/a', atMs: T0 + 4 * MINUTE_MS }),
          ],
          [],
        );
        const list = async (q: Parameters<Store['listTransitions']>[0]) =>
          (await store.listTransitions(q)).map(
            (t) => `${t.objectiveKey}@${(t.atMs - T0) / MINUTE_MS}`,
          );

        expect(await list({ limit: 10 })).toEqual([
          'ACME/a@4',
          'acme/a@3',
          'acme-2/a@2',
          'acme/b@1',
          'acme/a@0',
        ]);
        expect(await list({ limit: 2 })).toEqual(['ACME/a@4', 'acme/a@3']);
        expect(await list({ objectiveKey: 'acme/a', limit: 10 })).toEqual(['acme/a@3', 'acme/a@0']);
        expect(await list({ slaId: 'acme', limit: 10 })).toEqual([
          'acme/a@3',
          'acme/b@1',
          'acme/a@0',
        ]);
        expect(
          await list({ sinceMs: T0 + MINUTE_MS, untilMs: T0 + 3 * MINUTE_MS, limit: 10 }),
        ).toEqual(['acme-2/a@2', 'acme/b@1']);
        expect(await list({ slaId: 'acme', sinceMs: T0 + 2 * MINUTE_MS, limit: 10 })).toEqual([
          'acme/a@3',
        ]);
        expect(await list({ slaId: 'nobody', limit: 10 })).toEqual([]);
      });

      it('gives transitions at the same time distinct ids, the later-recorded listed first', async () => {
        await store.recordTransitions([aTransition({ to: 'early-warning' })], []);
        await store.recordTransitions([aTransition({ from: 'early-warning', to: 'breach' })], []);

        const [second, first] = await store.listTransitions({ limit: 10 });
        expect(second?.to).toBe('breach');
        expect(first?.to).toBe('early-warning');
        expect(second!.id).toBeGreaterThan(first!.id);
      });
    });

    describe('snapshots', () => {
      it('loads no snapshots at first', async () => {
        expect(await store.loadSnapshots()).toEqual([]);
      });

      it("saves snapshots, each replacing its objective's earlier one", async () => {
        await store.saveSnapshots([
          aSnapshot({ objectiveKey: 'a/x', seq: 1 }),
          aSnapshot({ objectiveKey: 'b/y', seq: 1 }),
        ]);
        const replacement = aSnapshot({
          objectiveKey: 'a/x',
          definitionHash: 'hash-2',
          seq: 7,
          takenAtMs: T0 + MINUTE_MS,
          data: bytes(4, 5, 6, 0, 255),
        });
        await store.saveSnapshots([replacement]);

        const loaded = await store.loadSnapshots();
        expect(loaded).toEqual([replacement, aSnapshot({ objectiveKey: 'b/y', seq: 1 })]);
        expect(loaded[0]?.data).toBeInstanceOf(Uint8Array);
      });
    });
  });
}
