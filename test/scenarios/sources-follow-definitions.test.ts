// A running instance starts the probes its definitions declare and follows re-applied ones: the
// probe's checks reach a local target and land as SLI data; definitions without the probe stop it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { Secret } from '../../src/config/secret.js';
import { startForewarn, type RunningForewarn } from '../../src/main.js';
import { silentLogger } from '../support/harness.js';

const ADMIN = 'sources-test-admin-token-0123456789';

const config = (port: number, withProbe: boolean) => `apiVersion: forewarn/v1
clients:
  - id: acme
    pushTokens: [{ value: acme-push-token-0123456789 }]
services:
  - id: checkout
slis:
  - id: checkout-up
    service: checkout
    kind: ratio
slas:
  - id: acme-checkout
    client: acme
    service: checkout
    objectives:
      - id: availability
        sli: checkout-up
        budget: { objective: 99.9, period: 30d }
${
  withProbe
    ? `probes:
  - id: checkout-health
    service: checkout
    url: http://127.0.0.1:${port}/health
    interval: 1s
    timeout: 500ms
    availabilitySli: checkout-up
`
    : ''
}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sources follow the applied definitions', () => {
  let target: Server;
  let port: number;
  let hits = 0;
  let forewarn: RunningForewarn;

  beforeAll(async () => {
    target = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    port = (target.address() as AddressInfo).port;
    const parsed = parseConfig(config(port, true), 'sources.yaml', {});
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    forewarn = await startForewarn({
      databaseUrl: 'sqlite::memory:',
      config: parsed.config,
      host: '127.0.0.1',
      port: 0,
      adminToken: new Secret(ADMIN),
      env: {},
      outboundAllow: [`127.0.0.1:${port}`],
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await forewarn?.close();
    await new Promise((r) => target?.close(r));
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${forewarn.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, ...init.headers },
    });

  it('runs the declared probe and reports its last check', async () => {
    let probe: { up: boolean | null; checks: number } | undefined;
    for (let i = 0; i < 50 && !(probe?.up ?? false); i++) {
      await sleep(100);
      const body = (await (await api('/api/v1/probes')).json()) as {
        probes: { id: string; up: boolean | null; checks: number }[];
      };
      probe = body.probes.find((p) => p.id === 'checkout-health');
    }
    expect(probe).toMatchObject({ up: true });
    expect(probe?.checks).toBeGreaterThan(0);
    expect(hits).toBeGreaterThan(0);
  });

  it('stops the probe when definitions without it are applied', async () => {
    const res = await api('/api/v1/definitions', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: config(port, false),
    });
    expect(res.status).toBe(200);
    await sleep(300);
    const before = hits;
    await sleep(2_500);
    expect(hits).toBe(before);
  });
});
