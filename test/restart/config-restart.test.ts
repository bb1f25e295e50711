// `serve --config FILE` at every start (configuration as code): definitions equal to the stored
// ones are not applied again, push tokens always follow the file, a changed file is applied.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/context.js';
import { parseConfig } from '../../src/config/load-config.js';
import { Secret } from '../../src/config/secret.js';
import { startForewarn, type RunningForewarn } from '../../src/main.js';

const ADMIN = 'config-restart-admin-token-0123456789';

const yaml = (token: string, objective = 99.9) => `apiVersion: forewarn/v1
clients:
  - id: acme
    pushTokens: [{ value: ${token} }]
services:
  - id: checkout
slis:
  - id: checkout-requests
    service: checkout
    kind: ratio
slas:
  - id: acme-checkout
    client: acme
    service: checkout
    objectives:
      - id: availability
        sli: checkout-requests
        budget: { objective: ${objective}, period: 30d }
`;

let dir: string | undefined;
let running: RunningForewarn | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function start(text: string, said: string[]) {
  const parsed = parseConfig(text, 'forewarn.yaml', {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const logger: Logger = { info: (_o, msg) => said.push(String(msg)), warn() {}, error() {} };
  running = await startForewarn({
    databaseUrl: `sqlite:${join(dir!, 'forewarn.db')}`,
    config: parsed.config,
    host: '127.0.0.1',
    port: 0,
    adminToken: new Secret(ADMIN),
    env: {},
    logger,
  });
  return running;
}

async function stop() {
  await running?.close();
  running = undefined;
}

const push = (r: RunningForewarn, token: string) =>
  fetch(`${r.url}/api/v1/samples`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sli: 'checkout-requests', good: 99, total: 100 }),
  });

describe('a start with --config', () => {
  it('restores unchanged definitions without applying them again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-config-restart-'));
    const first: string[] = [];
    const r1 = await start(yaml('acme-push-token-0001'), first);
    expect(first).toContain('definitions applied');
    expect((await push(r1, 'acme-push-token-0001')).status).toBe(200);
    await stop();

    const second: string[] = [];
    const r2 = await start(yaml('acme-push-token-0001'), second);
    expect(second).toContain('definitions unchanged: restored from the store, not re-applied');
    expect(second).not.toContain('definitions applied');
    expect((await push(r2, 'acme-push-token-0001')).status).toBe(200);
  });

  it('still replaces the push tokens when only they changed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-config-restart-'));
    await start(yaml('acme-push-token-0001'), []);
    await stop();

    const said: string[] = [];
    const r = await start(yaml('acme-push-token-0002'), said);
    expect(said).toContain('definitions unchanged: restored from the store, not re-applied');
    expect((await push(r, 'acme-push-token-0001')).status).toBe(401);
    expect((await push(r, 'acme-push-token-0002')).status).toBe(200);
  });

  it('applies changed definitions', async () => {
    dir = mkdtempSync(join(tmpdir(), 'forewarn-config-restart-'));
    await start(yaml('acme-push-token-0001'), []);
    await stop();

    const said: string[] = [];
    const r = await start(yaml('acme-push-token-0001', 99.5), said);
    expect(said).toContain('definitions applied');
    const sla = await fetch(`${r.url}/api/v1/slas/acme-checkout`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(JSON.stringify(await sla.json())).toContain('99.5');
  });
});
