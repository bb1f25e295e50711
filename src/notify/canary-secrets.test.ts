// S7: secrets (webhook URLs and their tokens, signing secrets, routing keys, SMTP passwords)
// never reach a DeliveryResult, a thrown error, a rendered payload or the process output, on any
// failure path: closed port, 5xx that echoes the request, timeout, blocked address.

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelSender, DeliveryResult } from '../app/delivery.js';
import type { ChannelKind, EndpointDef } from '../domain/notification.js';
import { createOutboundClient } from '../net/guarded-http-client.js';
import { createChannelSenders } from './channel-registry.js';
import { renderEmail } from './email/render-email.js';
import { renderPagerDuty } from './pagerduty/render-pagerduty.js';
import { renderSlack } from './slack/render-slack.js';
import { renderTeams } from './teams/render-teams.js';
import { buildMessage, buildRequest, testSecret } from './test-support/build-message.js';
import {
  closedPort,
  startReceiver,
  type RecordingReceiver,
} from './test-support/recording-receiver.js';
import {
  startSmtpServer,
  TEST_CERT_PEM,
  type SmtpTestServer,
} from './test-support/smtp-test-server.js';
import { renderWebhook } from './webhook/render-webhook.js';

const CANARY = {
  webhookToken: 'CANARYwebhookTOKENq7f3a',
  signingKey: 'CANARYsigningKEYz91kd',
  slackToken: 'CANARYslackTOKENx5b2c',
  teamsSig: 'CANARYteamsSIGm3n8p',
  routingKey: 'CANARYroutingKEY0000000000000001',
  smtpPassword: 'CANARYsmtpPASSWORDw4e6r',
};
const SIGNING_SECRET = `whsec_${Buffer.from(CANARY.signingKey).toString('base64')}`;

/** Each canary as written, base64-encoded (AUTH PLAIN, whsec_) and URL-encoded. */
const forbidden = Object.values(CANARY).flatMap((c) => [
  c,
  Buffer.from(c).toString('base64').replace(/=+$/, ''),
  encodeURIComponent(c),
  Buffer.from(`\0forewarn\0${c}`).toString('base64').replace(/=+$/, ''),
]);

type Path = 'closed port' | '500 echoing the request' | 'timeout' | 'blocked address';
const PATHS: Path[] = ['closed port', '500 echoing the request', 'timeout', 'blocked address'];

const outbound = createOutboundClient({ allow: ['127.0.0.1', '::1'] });
const senders = createChannelSenders({ outbound, nowMs: () => Date.now(), smtpCa: TEST_CERT_PEM });
let echoing: RecordingReceiver;
let hanging: RecordingReceiver;
let smtpRefusing: SmtpTestServer;
let closed: number;
const output: string[] = [];

beforeAll(async () => {
  // A receiver that repeats everything it was sent — URL, headers and body — in its error answer.
  echoing = await startReceiver((request) => ({
    status: 500,
    headers: { 'x-echo-path': encodeURIComponent(request.path) },
    body: JSON.stringify({
      path: request.path,
      headers: request.headers,
      body: request.rawBody.toString(),
    }),
  }));
  hanging = await startReceiver(() => 'hang');
  smtpRefusing = await startSmtpServer({
    credentials: { user: 'forewarn', pass: 'not-the-canary' },
  });
  closed = await closedPort();
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      output.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([echoing.close(), hanging.close(), smtpRefusing.close()]);
});

function baseUrl(path: Path): string {
  switch (path) {
    case 'closed port':
      return `http://127.0.0.1:${closed}`;
    case '500 echoing the request':
      return echoing.url;
    case 'timeout':
      return hanging.url;
    case 'blocked address':
      return 'http://169.254.169.254';
  }
}

async function silentSmtpPort(): Promise<{ port: number; close: () => void }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

async function endpointFor(
  kind: ChannelKind,
  path: Path,
): Promise<{ endpoint: EndpointDef; done: () => void }> {
  const base = baseUrl(path);
  const done = () => {};
  switch (kind) {
    case 'webhook':
      return {
        endpoint: {
          kind,
          id: 'w',
          url: testSecret(`${base}/hooks/${CANARY.webhookToken}?token=${CANARY.webhookToken}`),
          signingSecret: testSecret(SIGNING_SECRET),
        },
        done,
      };
    case 'slack':
      return {
        endpoint: { kind, id: 's', url: testSecret(`${base}/services/T0/B0/${CANARY.slackToken}`) },
        done,
      };
    case 'teams':
      return {
        endpoint: {
          kind,
          id: 't',
          url: testSecret(`${base}/workflows/x/invoke?sig=${CANARY.teamsSig}`),
        },
        done,
      };
    case 'pagerduty':
      return {
        endpoint: {
          kind,
          id: 'p',
          routingKey: testSecret(CANARY.routingKey),
          url: `${base}/v2/enqueue`,
        },
        done,
      };
    case 'email': {
      const silent = path === 'timeout' ? await silentSmtpPort() : undefined;
      const target = {
        'closed port': { host: '127.0.0.1', port: closed },
        // The SMTP counterpart of an echoing 5xx: a server that refuses the password.
        '500 echoing the request': { host: 'localhost', port: smtpRefusing.port },
        timeout: { host: '127.0.0.1', port: silent?.port ?? 0 },
        'blocked address': { host: '169.254.169.254', port: 25 },
      }[path];
      return {
        endpoint: {
          kind,
          id: 'e',
          smtp: {
            ...target,
            secure: false,
            user: 'forewarn',
            password: testSecret(CANARY.smtpPassword),
            from: 'alerts@forewarn.example',
          },
        },
        done: () => silent?.close(),
      };
    }
  }
}

function expectNoCanary(text: string): void {
  for (const secret of forbidden) expect(text).not.toContain(secret);
}

describe('canary secrets', () => {
  const kinds: ChannelKind[] = ['webhook', 'slack', 'teams', 'pagerduty', 'email'];
  const cases = kinds.flatMap((kind) => PATHS.map((path) => [kind, path] as const));

  it.each(cases)('%s on a %s: the result says why, and holds no secret', async (kind, path) => {
    const sender = senders.get(kind) as ChannelSender;
    const { endpoint, done } = await endpointFor(kind, path);
    let result: DeliveryResult | undefined;
    let thrown = '';
    try {
      result = await sender.send(
        buildRequest(endpoint, { address: 'oncall@acme.example' }),
        AbortSignal.timeout(path === 'timeout' ? 250 : 5_000),
      );
    } catch (error) {
      thrown =
        error instanceof Error
          ? `${error.name}: ${error.message}\n${error.stack ?? ''}`
          : String(error);
    } finally {
      done();
    }

    expect(thrown).toBe('');
    expect(result?.ok).toBe(false);
    expect(result?.ok === false && result.reason.length).toBeGreaterThan(10);
    expect(result?.ok === false && result.retryable).toBe(
      path !== 'blocked address' && !(kind === 'email' && path === '500 echoing the request'),
    );
    expectNoCanary(JSON.stringify(result));
    expect(JSON.stringify(result)).not.toMatch(/https?:\/\//);
  });

  it('the echoing receiver did get the secrets, so the checks above were live', () => {
    const seen = echoing.requests.map((r) => `${r.path} ${r.rawBody.toString()}`).join('\n');
    expect(seen).toContain(CANARY.webhookToken);
    expect(seen).toContain(CANARY.routingKey);
  });

  it('rendered payloads, fit to log, hold no secret', () => {
    const message = buildMessage();
    const rendered = [
      renderWebhook(message),
      renderSlack(message),
      renderTeams(message),
      renderPagerDuty(message),
      renderEmail(message, {
        from: 'a@forewarn.example',
        to: 'b@acme.example',
        idempotencyKey: 'k',
      }),
    ];
    expectNoCanary(JSON.stringify(rendered));
  });

  it('nothing written to stdout or stderr during the failure paths holds a secret', () => {
    expectNoCanary(output.join(''));
  });
});
