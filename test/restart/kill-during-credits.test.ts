// kill -9 in the middle of the monthly credits job leaves a ledger that a restart completes
// exactly: every SLA gets one credit for the closed month, none twice, each equal to a fresh
// computation of that month, and the database file stays sound.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDefinitions } from '../../src/app/apply-definitions.js';
import { creditStatement, issueClosedMonthCredits } from '../../src/app/issue-credits.js';
import type { Rollup } from '../../src/app/ports.js';
import { startInstance } from '../../src/app/start-instance.js';
import { takeSnapshots } from '../../src/app/take-snapshots.js';
import type { CreditStatement } from '../../src/domain/credits/compute-credit.js';
import type { TimeSpan } from '../../src/domain/credits/credit-terms.js';
import type { Definitions, SlaDef } from '../../src/domain/definitions.js';
import { createContext, openForewarnStore } from '../../src/main.js';
import { FakeClock } from '../support/fake-clock.js';
import { silentLogger } from '../support/harness.js';
import {
  aBudgetObjective,
  aClient,
  aContract,
  anSla,
  aRatioSli,
  MINUTE_MS,
} from '../support/builders.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CHILD = join(ROOT, 'test/restart/issue-credits-child.mjs');
const SLAS = 50;
const SLIS = 10;
const KILLS = 6;
/**
 * The most credits a round lets through before its kill; the kill lands a random moment later,
 * up to about one credit's computation (reading a month of minutes and committing).
 */
const MAX_WRITES_BEFORE_KILL = 3;
const MAX_KILL_DELAY_MS = 300;
/** 2026-11-02 12:00 UTC: October has closed in every client's time zone, Auckland's included. */
const NOW_MS = Date.UTC(2026, 10, 2, 12, 0);
const MONTH = '2026-10';
/** Rollups from before the earliest local start of October (Auckland, UTC+13) until now. */
const FROM_MS = Date.UTC(2026, 8, 30, 0, 0);
const TIME_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland'];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Fifty SLAs of five clients in five time zones over ten request SLIs: fees in EUR or USD,
 * three tiers, time and requests basis, every fourth SLA with a second objective, one contract
 * that starts mid-month and one that pays no fee.
 */
function creditDefinitions(): Definitions {
  const clients = TIME_ZONES.map((timeZone, c) =>
    aClient({ id: `client-${c}`, name: `Client ${c}`, timeZone }),
  );
  const slis = Array.from({ length: SLIS }, (_, k) =>
    aRatioSli({ id: `requests-${k}`, name: `Requests ${k}` }),
  );
  const slas: SlaDef[] = Array.from({ length: SLAS }, (_, i) => {
    const slaId = `sla-${String(i).padStart(2, '0')}`;
    const objective = (localId: string, sli: number, objectiveRatio: number) =>
      aBudgetObjective({
        slaId,
        localId,
        name: `Availability ${objectiveRatio * 100} %`,
        sliId: `requests-${sli}`,
        objectiveRatio,
        period: { kind: 'calendar-month' },
        earlyWarning: {},
      });
    const objectives = [objective('availability', i % SLIS, [0.999, 0.995, 0.99][i % 3]!)];
    if (i % 4 === 0) objectives.push(objective('uploads', (i + 3) % SLIS, 0.99));
    return anSla(objectives, {
      id: slaId,
      clientId: `client-${i % TIME_ZONES.length}`,
      name: `SLA ${i}`,
      contract: aContract({
        creditTiers: [
          { belowPercent: 99.95, creditPercent: 10 },
          { belowPercent: 99.5, creditPercent: 25 },
          { belowPercent: 99, creditPercent: 50 },
        ],
        ...(i === 7
          ? {}
          : { monthlyFee: { amount: 500 + 37.25 * i, currency: i % 2 ? 'USD' : 'EUR' } }),
        credits: {
          basis: i % 2 === 0 ? 'time' : 'requests',
          minimumDowntimeMs: 5 * MINUTE_MS,
          intervalMs: 5 * MINUTE_MS,
        },
        ...(i === 11 ? { startsAt: '2026-10-12T00:00:00Z' } : {}),
      }),
    });
  });
  return {
    clients,
    services: [{ id: 'submissions', name: 'Submissions API', roles: {} }],
    slis,
    slas,
    people: [],
    rotations: [],
    endpoints: [],
  };
}

/**
 * Minutes of outage per SLI in mid-October: from none to more than the 99 % tier allows (446 of
 * October's 44,640 minutes), so the SLAs' credits fall into every tier.
 */
const OUTAGE_MINUTES = [0, 12, 30, 90, 160, 250, 400, 520, 900, 1_400];
const LONGEST_OUTAGE_MINUTES = 120;

/** A month of per-minute rollups of one SLI: steady traffic, sporadic errors, a few outages. */
function monthOfRollups(sli: number): Rollup[] {
  const next = random(1_000 + sli);
  const outages: TimeSpan[] = [];
  for (let left = OUTAGE_MINUTES[sli]!, day = 5; left > 0; day += 2) {
    const minutes = Math.min(left, LONGEST_OUTAGE_MINUTES);
    const fromMs = Date.UTC(2026, 9, day, 10, Math.floor(next() * 600));
    outages.push({ fromMs, toMs: fromMs + minutes * MINUTE_MS });
    left -= minutes;
  }
  const rollups: Rollup[] = [];
  for (let minuteMs = FROM_MS; minuteMs < NOW_MS; minuteMs += MINUTE_MS) {
    const total = 60 + Math.floor(next() * 40);
    const down = outages.some((o) => minuteMs >= o.fromMs && minuteMs < o.toMs);
    const errors = down ? Math.ceil(total * 0.6) : next() < 0.02 ? 1 + Math.floor(next() * 3) : 0;
    rollups.push({ sliId: `requests-${sli}`, minuteMs, good: total - errors, total, sketch: null });
  }
  return rollups;
}

/** Stores the month of every SLI straight into the rollups table, in one transaction. */
function writeRollups(path: string): void {
  const db = new Database(path);
  try {
    const insert = db.prepare(
      'insert into rollups (sli_id, minute_ms, good, total, sketch) values (?, ?, ?, ?, null)',
    );
    db.transaction(() => {
      for (let k = 0; k < SLIS; k++) {
        for (const r of monthOfRollups(k)) insert.run(r.sliId, r.minuteMs, r.good, r.total);
      }
    })();
  } finally {
    db.close();
  }
}

function countBy<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

interface Ledger {
  rows: Array<{ key: string; sla_id: string; period: string; amount_minor: number }>;
  integrity: string;
}

function readLedger(path: string): Ledger {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare('select key, sla_id, period, amount_minor from credits order by key')
      .all() as Ledger['rows'];
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!
      .integrity_check;
    return { rows, integrity };
  } finally {
    db.close();
  }
}

interface Child {
  /** Keys the child saw committed, in order. */
  written: string[];
  ready: Promise<void>;
  exited: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
  kill: () => void;
  /** Resolves once `n` keys were written (or the child exited). */
  writes: (n: number) => Promise<void>;
}

function startChild(url: string): Child {
  const child = spawn(process.execPath, [CHILD, url, String(NOW_MS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const written: string[] = [];
  let out = '';
  let err = '';
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (written.length >= w.n) w.resolve();
      else waiters.push(w);
    }
  };
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  // 'close', not 'exit': by then everything the child printed has been read.
  const exited = new Promise<number | null>((r) =>
    child.once('close', (code) => {
      markReady();
      r(code);
      for (const w of waiters.splice(0)) w.resolve();
    }),
  );
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let pending = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) {
      if (l === 'ready') markReady();
      if (l.startsWith('written ')) written.push(l.slice('written '.length));
    }
    wake();
  });
  return {
    written,
    ready,
    exited,
    stdout: () => out,
    stderr: () => err,
    kill: () => child.kill('SIGKILL'),
    writes: (n) =>
      new Promise<void>((resolve) => {
        waiters.push({ n, resolve });
        wake();
      }),
  };
}

let dir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/app/issue-credits.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run verify does)');
  dir = mkdtempSync(join(tmpdir(), 'forewarn-kill-credits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kill -9 during the monthly credits', () => {
  it('ends with one credit per SLA for the month, none twice, each as a fresh computation says', async () => {
    const path = join(dir, 'forewarn.db');
    const url = `sqlite:${path}`;
    const defs = creditDefinitions();
    const setupStartedMs = Date.now();
    await openForewarnStore(url).then((store) => store.close()); // migrated, empty
    writeRollups(path);
    {
      const store = await openForewarnStore(url);
      const ctx = createContext(store, silentLogger, new FakeClock(NOW_MS), {
        evaluateOnIngest: false,
      });
      await applyDefinitions(ctx, defs, []);
      // As a running instance would have: restarts restore windows instead of re-reading a month.
      await takeSnapshots(ctx);
      await store.close();
    }
    const setupMs = Date.now() - setupStartedMs;

    // Each round: restart, let a few credits through, kill at a random moment after them.
    const kills: Array<{
      /** Spawn to "ready": process start, migrations, windows restored from snapshots. */
      startMs: number;
      /** "ready" to the kill. */
      killAfterMs: number;
      seenThisRound: number;
      inLedger: number;
      /** The kill fell between a commit and the child printing it. */
      landedUnseen: boolean;
    }> = [];
    const acked = new Set<string>();
    for (let round = 0; round < KILLS; round++) {
      const spawnedAtMs = Date.now();
      const child = startChild(url);
      await child.ready;
      const readyAtMs = Date.now();
      await child.writes(Math.floor(Math.random() * (MAX_WRITES_BEFORE_KILL + 1)));
      await new Promise((r) => setTimeout(r, Math.random() * MAX_KILL_DELAY_MS));
      child.kill();
      const killedAtMs = Date.now();
      expect(await child.exited).toBeNull(); // killed, not finished
      expect(child.stderr()).toBe('');
      for (const key of child.written) acked.add(key);

      const ledger = readLedger(path);
      const stored = new Set(ledger.rows.map((r) => r.key));
      expect(ledger.integrity).toBe('ok');
      // Durable once committed; at most the one commit in flight landed without being seen.
      for (const key of acked) expect(stored.has(key)).toBe(true);
      expect(stored.size).toBeLessThanOrEqual(acked.size + 1);
      kills.push({
        startMs: readyAtMs - spawnedAtMs,
        killAfterMs: killedAtMs - readyAtMs,
        seenThisRound: child.written.length,
        inLedger: stored.size,
        landedUnseen: stored.size > acked.size,
      });
      for (const key of stored) acked.add(key);
    }
    const beforeFinal = readLedger(path).rows.length;
    expect(beforeFinal).toBeLessThan(SLAS); // every kill landed before the job was done

    const finalStartedMs = Date.now();
    const final = startChild(url);
    expect(await final.exited).toBe(0);
    const finalMs = Date.now() - finalStartedMs;
    expect(final.stderr()).toBe('');
    expect(final.stdout()).toMatch(new RegExp(`^done ${SLAS - beforeFinal}$`, 'm'));
    expect(final.written).toHaveLength(SLAS - beforeFinal);

    const { rows, integrity } = readLedger(path);
    expect(integrity).toBe('ok');
    expect(rows.map((r) => r.key)).toEqual(defs.slas.map((s) => `${s.id}|${MONTH}`).sort());
    expect(new Set(rows.map((r) => `${r.sla_id}|${r.period}`)).size).toBe(rows.length);

    // A fresh computation of the same month agrees with every row, to the minor unit.
    const checkStartedMs = Date.now();
    let tiers = new Map<number, number>();
    const store = await openForewarnStore(url);
    try {
      const ctx = createContext(store, silentLogger, new FakeClock(NOW_MS), {
        evaluateOnIngest: false,
      });
      await startInstance(ctx);
      const ledger = await store.listCredits({ limit: SLAS * 2 });
      for (const sla of defs.slas) {
        const { statement, closed } = await creditStatement(ctx, sla.id, MONTH);
        const entry = ledger.find((c) => c.slaId === sla.id);
        expect(closed).toBe(true);
        expect(entry).toEqual({
          key: statement.key,
          slaId: sla.id,
          clientId: sla.clientId,
          period: MONTH,
          issuedAtMs: NOW_MS,
          amountMinor: statement.totalMinor,
          currency: statement.currency,
          statement: JSON.parse(JSON.stringify(statement)) as unknown,
        });
      }
      // The data is not trivial: every tier and none are owed, in amounts of many sizes.
      tiers = countBy(ledger.map((c) => (c.statement as CreditStatement).totalPercent));
      expect([...tiers.keys()]).toEqual(expect.arrayContaining([0, 10, 25, 50]));
      expect(new Set(ledger.map((c) => c.amountMinor)).size).toBeGreaterThan(10);
      // Running the job again writes nothing.
      expect(await issueClosedMonthCredits(ctx)).toBe(0);
    } finally {
      await store.close();
    }

    const checkMs = Date.now() - checkStartedMs;

    console.info(
      [
        `kill during credits: ${SLAS} SLAs, ${SLIS} SLIs with ${monthOfRollups(0).length} minutes each`,
        `setup ${setupMs} ms; ${KILLS} rounds killed, then a full run`,
        ...kills.map(
          (k, n) =>
            `round ${n + 1}: ready after ${k.startMs} ms, killed ${k.killAfterMs} ms later with ` +
            `${k.seenThisRound} credits seen this round and ${k.inLedger} in the ledger` +
            (k.landedUnseen ? ' (the last commit landed unseen)' : ''),
        ),
        `final run: wrote ${SLAS - beforeFinal} in ${finalMs} ms; check against a fresh computation ${checkMs} ms`,
        `credit percentages (percent: SLAs): ${[...tiers]
          .sort(([a], [b]) => a - b)
          .map(([p, n]) => `${p}: ${n}`)
          .join(', ')}`,
      ].join('\n'),
    );
  }, 150_000);
});
