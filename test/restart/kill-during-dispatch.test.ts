// kill -9 in the middle of dispatch loses no notification and duplicates no effect: a restart
// re-sends only what was in flight, with the same webhook-id, so a receiver that de-duplicates by
// that id applies each notification exactly once (TARGETS R2, on a small scale).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH } from '../../src/app/dispatch-notifications.js';
import { untilTrue } from '../support/until.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli/forewarn.js');
const TOKEN = 'kill-dispatch-push-token-0001';
const SECRET = `whsec_${Buffer.from('kill-during-dispatch-secret-0123').toString('base64')}`;
const OBJECTIVES = 300;
const KILLS = 6;
/** The receiver answers each request this late, so several are in flight when the kill lands. */
const RECEIVER_DELAY_MS = 20;
/** The longest a round lets dispatch run after its first delivery before the kill. */
const MAX_KILL_DELAY_MS = 150;
/** Every in-flight attempt is a client notice on one endpoint: one concurrency slot. */
const IN_FLIGHT_CAP = DEFAULT_DISPATCH.perEndpointConcurrency;

interface Receiver {
  server: Server;
  port: number;
  applied: Set<string>;
  raw: () => number;
}

/** Applies each webhook-id once, counts every request; answers after RECEIVER_DELAY_MS. */
async function startReceiver(): Promise<Receiver> {
  const applied = new Set<string>();
  let raw = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      raw++;
      applied.add(String(req.headers['webhook-id']));
      setTimeout(() => res.writeHead(200).end('ok'), RECEIVER_DELAY_MS);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, applied, raw: () => raw };
}

function configYaml(receiverPort: number): string {
  const lines = [
    'apiVersion: forewarn/v1',
    'endpoints:',
    '  - id: client-hook',
    '    kind: webhook',
    `    url: { value: 'http://127.0.0.1:${receiverPort}/hook' }`,
    `    signingSecret: { value: '${SECRET}' }`,
    'clients:',
    '  - id: acme',
    '    name: Acme',
    `    pushTokens: [{ value: ${TOKEN} }]`,
    '    contacts: [{ name: Acme ops, notify: [{ endpoint: client-hook }] }]',
    'services: [{ id: api, name: API }]',
    'slis:',
  ];
  for (let i = 0; i < OBJECTIVES; i++) {
    lines.push(`  - { id: lat-${i}, service: api, kind: distribution, unit: ms }`);
  }
  lines.push(
    'slas:',
    '  - id: acme-api',
    '    client: acme',
    '    service: api',
    '    name: Acme API',
    '    contract: { noticeTime: 15m, updateCadence: 30m }',
    '    objectives:',
  );
  for (let i = 0; i < OBJECTIVES; i++) {
    lines.push(
      `      - id: max-${i}`,
      `        sli: lat-${i}`,
      "        threshold: { statistic: max, comparator: '<=', value: 800, window: 10m }",
      '        earlyWarning: {}',
    );
  }
  return `${lines.join('\n')}\n`;
}

function startServer(
  dataDir: string,
  configPath: string,
  receiverPort: number,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--data',
        dataDir,
        '--config',
        configPath,
        '--port',
        '0',
        '--quiet',
        '--allow-outbound',
        `127.0.0.1:${receiverPort}`,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, FOREWARN_ADMIN_TOKEN: 'kill-dispatch-test-admin-token' },
      },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, exited });
    });
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${out}${err}`)));
  });
}

async function breachAll(url: string): Promise<void> {
  const ts = Date.now();
  const samples = Array.from({ length: OBJECTIVES }, (_, i) => ({
    sli: `lat-${i}`,
    ts,
    value: 1500,
  }));
  const res = await fetch(`${url}/api/v1/samples`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ samples }),
  });
  expect(res.status).toBe(200);
}

function outbox(dataDir: string): Array<{ id: string; status: string; attempts: number }> {
  const db = new Database(join(dataDir, 'forewarn.db'), { readonly: true });
  try {
    return db.prepare('select id, status, attempts from outbox').all() as Array<{
      id: string;
      status: string;
      attempts: number;
    }>;
  } finally {
    db.close();
  }
}

let dir: string;
let receiver: Receiver | undefined;
beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error('dist/ is missing: run `npm run build` first (npm run verify does)');
  dir = mkdtempSync(join(tmpdir(), 'forewarn-kill-dispatch-'));
});
afterAll(() => {
  receiver?.server.closeAllConnections();
  receiver?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 during dispatch', () => {
  it('delivers every queued notification, re-sending only what was in flight, under the same webhook-id', async () => {
    receiver = await startReceiver();
    const r = receiver;
    const dataDir = join(dir, 'data');
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, configYaml(r.port));

    const deliveredAtKill: number[] = [];
    for (let round = 0; round < KILLS; round++) {
      const { child, url, exited } = await startServer(dataDir, configPath, r.port);
      const before = r.applied.size;
      if (round === 0) await breachAll(url);
      await untilTrue(`a delivery in round ${round}`, 10_000, () => r.applied.size > before, 2);
      await new Promise((res) => setTimeout(res, Math.random() * MAX_KILL_DELAY_MS));
      child.kill('SIGKILL');
      await exited;
      deliveredAtKill.push(r.applied.size);
    }
    // Every kill landed during dispatch: something was delivered in each round, never everything.
    expect(deliveredAtKill.at(-1)).toBeLessThan(OBJECTIVES);
    for (let k = 1; k < deliveredAtKill.length; k++) {
      expect(deliveredAtKill[k]).toBeGreaterThan(deliveredAtKill[k - 1]!);
    }

    const { child, exited } = await startServer(dataDir, configPath, r.port);
    await untilTrue('every notification', 30_000, () => r.applied.size >= OBJECTIVES, 2);
    // Give a stray repeat the chance to show up before counting.
    await new Promise((res) => setTimeout(res, 300));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const rows = outbox(dataDir);
    expect(rows).toHaveLength(OBJECTIVES);
    expect(rows.filter((row) => row.status !== 'delivered')).toEqual([]);
    expect([...r.applied].sort()).toEqual(rows.map((row) => row.id).sort());
    // Re-sends happened (the kills hit attempts in flight), and only of what was in flight.
    const resent = r.raw() - r.applied.size;
    expect(resent).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(KILLS * IN_FLIGHT_CAP);
  }, 60_000);
});
