// kill -9 in the middle of ingest loses no acknowledged sample, and a re-send after the restart
// completes exactly what was sent (TARGETS R1, on a small scale; bench/crash-loop.mjs runs many).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli/forewarn.js');
const TOKEN = 'acme-demo-push-token-0001';

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--data',
        dataDir,
        '--config',
        join(ROOT, 'examples/demo.yaml'),
        '--port',
        '0',
        '--quiet',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FOREWARN_ADMIN_TOKEN: 'kill-test-admin' },
      },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

interface Batch {
  id: string;
  total: number;
  body: string;
}

function makeBatch(i: number, ts: number): Batch {
  const samples = Array.from({ length: 50 }, (_, k) => ({
    sli: 'demo-requests',
    ts,
    good: k % 7,
    total: 7,
  }));
  return {
    id: `batch-${i}`,
    total: 50 * 7,
    body: JSON.stringify({ batchId: `batch-${i}`, samples }),
  };
}

async function send(url: string, b: Batch): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/samples`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: b.body,
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

function storedTotal(dataDir: string): { total: number; integrity: string } {
  const db = new Database(join(dataDir, 'forewarn.db'));
  try {
    const row = db
      .prepare("select coalesce(sum(total), 0) as t from rollups where sli_id = 'demo-requests'")
      .get() as { t: number };
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!
      .integrity_check;
    return { total: Number(row.t), integrity };
  } finally {
    db.close();
  }
}

let dataDir: string;
beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error('dist/ is missing: run `npm run build` first (npm run verify does)');
  dataDir = mkdtempSync(join(tmpdir(), 'forewarn-kill-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('kill -9 during ingest', () => {
  it('loses no acknowledged sample over repeated kills, and re-sending completes the rest exactly', async () => {
    const batches: Batch[] = [];
    const acked = new Set<string>();
    let next = 0;
    for (let round = 0; round < 4; round++) {
      const { child, url } = await startServer(dataDir);
      const ts = Date.now();
      const stopAt = Date.now() + 300 + Math.random() * 700;
      const workers = Array.from({ length: 4 }, async () => {
        while (Date.now() < stopAt) {
          const b = makeBatch(next++, ts);
          batches.push(b);
          if (await send(url, b)) acked.add(b.id);
        }
      });
      const killed = new Promise((r) => child.once('exit', r));
      setTimeout(() => child.kill('SIGKILL'), stopAt - Date.now());
      await Promise.all(workers);
      await killed;

      const { total, integrity } = storedTotal(dataDir);
      const ackedTotal = batches.filter((b) => acked.has(b.id)).reduce((n, b) => n + b.total, 0);
      const sentTotal = batches.reduce((n, b) => n + b.total, 0);
      expect(integrity).toBe('ok');
      expect(total).toBeGreaterThanOrEqual(ackedTotal);
      expect(total).toBeLessThanOrEqual(sentTotal);
    }
    expect(acked.size).toBeGreaterThan(0);

    // After a clean restart, re-send everything: duplicates change nothing, the rest lands once.
    const { child, url } = await startServer(dataDir);
    for (const b of batches) expect(await send(url, b)).toBe(true);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(storedTotal(dataDir).total).toBe(batches.reduce((n, b) => n + b.total, 0));
  }, 120_000);
});
