// A breach, end to end through real parts: the evaluator records it, the outbox holds the
// notifications, and the dispatcher delivers through the real webhook and Slack channels to local
// receivers. The client's notice leaves first and verifies as a Standard Webhook.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/app/dispatch-notifications.js';
import { Secret } from '../../src/config/secret.js';
import { createOutboundClient } from '../../src/net/guarded-http-client.js';
import { createChannelSenders } from '../../src/notify/channel-registry.js';
import { verifyStandardWebhook } from '../../src/notify/webhook/verify-standard-webhook.js';
import { aClient, aThresholdObjective, anSla, someDefinitions } from '../support/builders.js';
import { startHarness, type Harness } from '../support/harness.js';

const SIGNING_SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

interface Arrival {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function receiver(): Promise<{ server: Server; port: number; arrivals: Arrival[] }> {
  const arrivals: Arrival[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      arrivals.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, arrivals };
}

let h: Harness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  server?.close();
});

describe('a breach', () => {
  it('notifies the client first, then the tech lead, through real channels', async () => {
    const r = await receiver();
    server = r.server;
    const base = `http://127.0.0.1:${r.port}`;
    h = await startHarness(
      someDefinitions({
        clients: [
          aClient({
            contacts: [{ name: 'Acme ops', contactPoints: [{ endpointId: 'acme-hook' }] }],
          }),
        ],
        services: [
          {
            id: 'submissions',
            name: 'Submissions API',
            roles: { 'tech-lead': { personId: 'erin' } },
          },
        ],
        people: [{ id: 'erin', name: 'Erin', contactPoints: [{ endpointId: 'team-slack' }] }],
        endpoints: [
          {
            kind: 'webhook',
            id: 'acme-hook',
            url: new Secret(`${base}/acme`),
            signingSecret: new Secret(SIGNING_SECRET),
          },
          { kind: 'slack', id: 'team-slack', url: new Secret(`${base}/slack`) },
        ],
        slas: [anSla([aThresholdObjective()])],
      }),
    );
    const dispatcher = new Dispatcher(
      h.ctx,
      createChannelSenders({
        outbound: createOutboundClient({ allow: [`127.0.0.1:${r.port}`] }),
        nowMs: () => Date.now(),
      }),
      { perEndpointConcurrency: 1 },
    );

    await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 950 })));
    const [breach] = await h.tick();
    expect(breach).toMatchObject({ to: 'breach' });
    // Pass 1 may send only the client notice; the team follows once it has been attempted.
    expect(await dispatcher.runPass()).toBe(1);
    await dispatcher.drain();
    expect(await dispatcher.runPass()).toBe(1);
    await dispatcher.drain();

    expect(r.arrivals.map((a) => a.path)).toEqual(['/acme', '/slack']);
    const [clientNotice, teamPage] = r.arrivals;
    const verified = verifyStandardWebhook(
      SIGNING_SECRET,
      clientNotice!.headers,
      clientNotice!.body,
      Date.now(),
    );
    expect(verified.ok).toBe(true);
    const payload = JSON.parse(clientNotice!.body);
    expect(payload.type).toBe('forewarn.breach');
    expect(JSON.stringify(payload)).toMatch(/latency/);
    expect(teamPage!.body).toMatch(/Submissions API/);

    const delivered = await h.store.listNotifications({ status: 'delivered', limit: 10 });
    expect(delivered.map((n) => n.audience).sort()).toEqual(['client', 'team']);
  });
});
