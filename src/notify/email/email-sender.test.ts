import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointDef } from '../../domain/notification.js';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import { buildRequest, testSecret } from '../test-support/build-message.js';
import { closedPort } from '../test-support/recording-receiver.js';
import {
  startSmtpServer,
  TEST_CERT_PEM,
  type SmtpTestServer,
  type SmtpTestServerOptions,
} from '../test-support/smtp-test-server.js';
import { createEmailSender } from './email-sender.js';

const PASSWORD = 'canary-smtp-p4ssw0rd';
const nowMs = Date.parse('2026-03-01T12:00:01Z');
const outbound = createOutboundClient({ allow: ['127.0.0.1', '::1'] });
const sender = createEmailSender({ outbound, nowMs: () => nowMs, smtpCa: TEST_CERT_PEM });
let server: SmtpTestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function emailEndpoint(
  port: number,
  smtp: Partial<Extract<EndpointDef, { kind: 'email' }>['smtp']> = {},
): EndpointDef {
  return {
    kind: 'email',
    id: 'mail',
    smtp: {
      host: '127.0.0.1',
      port,
      secure: false,
      from: 'Forewarn <alerts@forewarn.example>',
      ...smtp,
    },
  };
}

async function sendTo(
  endpoint: EndpointDef,
  address = 'oncall@acme.example',
  signal = new AbortController().signal,
) {
  return sender.send(buildRequest(endpoint, { address }), signal);
}

async function smtp(options: SmtpTestServerOptions = {}) {
  server = await startSmtpServer(options);
  return server;
}

function header(raw: string, name: string): string | undefined {
  const match = new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'mi').exec(raw);
  return match?.[1]?.replace(/\r\n[ \t]/g, ' ');
}

describe('email sender', () => {
  it('delivers one message with the subject, both bodies and a Message-ID from the idempotency key', async () => {
    const s = await smtp();

    const result = await sendTo(emailEndpoint(s.port));

    expect(result).toEqual({ ok: true, detail: 'accepted for oncall@acme.example' });
    expect(s.mails).toHaveLength(1);
    const mail = s.mails[0];
    expect(mail?.from).toBe('alerts@forewarn.example');
    expect(mail?.to).toEqual(['oncall@acme.example']);
    const raw = mail?.raw ?? '';
    expect(header(raw, 'Subject')).toBe(
      '[Forewarn] BREACH: p99 latency under 800 ms for Acme Corp Checkout API',
    );
    expect(header(raw, 'From')).toBe('Forewarn <alerts@forewarn.example>');
    expect(header(raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(header(raw, 'Message-ID')).toMatch(/^<[0-9a-f]{40}@forewarn\.example>$/);
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Content-Type: text/html');
    expect(raw).toContain('Breach: p99 latency under 800 ms in Acme Gold SLA');
  });

  it('sends the same Message-ID on every attempt, so the receiver can drop the duplicate', async () => {
    const s = await smtp();
    const endpoint = emailEndpoint(s.port);
    await sender.send(
      buildRequest(endpoint, { address: 'a@acme.example', attempt: 1 }),
      new AbortController().signal,
    );
    await sender.send(
      buildRequest(endpoint, { address: 'a@acme.example', attempt: 2 }),
      new AbortController().signal,
    );
    await sender.send(
      buildRequest(endpoint, { address: 'a@acme.example', idempotencyKey: 'another-notification' }),
      new AbortController().signal,
    );

    const ids = s.mails.map((m) => header(m.raw, 'Message-ID'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('treats a 451 reply as temporary (RFC 5321 4yz): retryable', async () => {
    const s = await smtp({ rcptReplyCode: 451 });
    expect(await sendTo(emailEndpoint(s.port))).toEqual({
      ok: false,
      retryable: true,
      status: 451,
      reason: 'SMTP server answered 451 to RCPT TO: a temporary failure',
    });
  });

  it('treats a 550 reply as permanent (RFC 5321 5yz): not retryable', async () => {
    const s = await smtp({ rcptReplyCode: 550 });
    expect(await sendTo(emailEndpoint(s.port))).toEqual({
      ok: false,
      retryable: false,
      status: 550,
      reason: 'SMTP server answered 550 to RCPT TO: a permanent refusal',
    });
  });

  it('logs in with the password over STARTTLS, checking the certificate against the configured host name', async () => {
    const s = await smtp({ credentials: { user: 'forewarn', pass: PASSWORD } });
    // The certificate names only "localhost"; the connection goes to the address resolved for it.
    const endpoint = emailEndpoint(s.port, {
      host: 'localhost',
      user: 'forewarn',
      password: testSecret(PASSWORD),
    });

    expect(await sendTo(endpoint)).toMatchObject({ ok: true });
    expect(s.mails[0]).toMatchObject({ user: 'forewarn', secure: true });
  });

  it('fails the TLS check when the certificate does not name the configured host', async () => {
    const s = await smtp({ credentials: { user: 'forewarn', pass: PASSWORD } });
    const endpoint = emailEndpoint(s.port, {
      host: '127.0.0.1',
      user: 'forewarn',
      password: testSecret(PASSWORD),
    });

    const result = await sendTo(endpoint);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok === false && result.reason).toMatch(/ETLS|ESOCKET/);
    expect(s.mails).toHaveLength(0);
  });

  it('reports a refused password as permanent, and never quotes the password', async () => {
    const s = await smtp({ credentials: { user: 'forewarn', pass: 'the-right-one' } });
    const endpoint = emailEndpoint(s.port, {
      host: 'localhost',
      user: 'forewarn',
      password: testSecret(PASSWORD),
    });

    const result = await sendTo(endpoint);
    expect(result).toEqual({
      ok: false,
      retryable: false,
      status: 535,
      reason: 'SMTP server answered 535 to AUTH: a permanent refusal',
    });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(JSON.stringify(result)).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it('refuses a recipient that could smuggle a header, before connecting', async () => {
    const s = await smtp();
    const result = await sendTo(
      emailEndpoint(s.port),
      'a@acme.example\r\nBcc: victim@evil.example',
    );
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(s.mails).toHaveLength(0);
  });

  it('does not connect to an address the outbound policy blocks', async () => {
    const result = await sendTo(emailEndpoint(25, { host: '10.20.30.40' }));
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok === false && result.reason).toMatch(/E_OUTBOUND_BLOCKED/);
  });

  it('calls a refused connection retryable', async () => {
    const result = await sendTo(emailEndpoint(await closedPort()));
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('hangs up when the dispatcher cancels an attempt to a server that never greets', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const startedMs = Date.now();
      const result = await sendTo(emailEndpoint(port), 'a@acme.example', AbortSignal.timeout(300));
      expect(result).toEqual({
        ok: false,
        retryable: true,
        reason: 'SMTP server: attempt cancelled before an answer came',
      });
      expect(Date.now() - startedMs).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });
});
