import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundClient } from './guarded-http-client.js';
import type { OutboundClient, OutboundClientOptions } from './outbound-client.js';
import { OutboundError } from './outbound-error.js';
import { makeCertificate, opensslAvailable } from './test-support/test-certificates.js';
import type { TestCertificate } from './test-support/test-certificates.js';
import { startListener } from './test-support/test-listener.js';
import type { TestListener } from './test-support/test-listener.js';

if (!opensslAvailable) console.warn('TLS tests skipped: the openssl CLI is not installed');

const toLoopback: OutboundClientOptions['resolver'] = async () => [
  { address: '127.0.0.1', family: 4 },
];

describe.skipIf(!opensslAvailable)('https to an allow-listed loopback receiver', () => {
  let expired: TestCertificate;
  let valid: TestCertificate;
  let expiredServer: TestListener;
  let validServer: TestListener;
  const clients: OutboundClient[] = [];

  const client = (options: OutboundClientOptions) => {
    const c = createOutboundClient(
      { allow: [`127.0.0.1:${expiredServer.port}`, `127.0.0.1:${validServer.port}`] },
      options,
    );
    clients.push(c);
    return c;
  };

  async function failure(promise: Promise<unknown>): Promise<OutboundError> {
    const outcome = await promise.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(OutboundError);
    return outcome as OutboundError;
  }

  beforeAll(async () => {
    expired = makeCertificate({ startDate: '20200101000000Z', endDate: '20200201000000Z' });
    valid = makeCertificate({ days: 30 });
    expiredServer = await startListener('127.0.0.1', undefined, { tls: expired });
    validServer = await startListener('127.0.0.1', (_req, res) => res.end('secure'), {
      tls: valid,
    });
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([expiredServer?.close(), validServer?.close()]);
  });

  it('refuses an expired certificate, even a trusted one, and says a retry will not help', async () => {
    const error = await failure(
      client({ ca: expired.cert }).request({
        url: `https://127.0.0.1:${expiredServer.port}/`,
        timeoutMs: 2000,
      }),
    );
    expect([error.code, error.retryable, error.causeCode]).toEqual([
      'E_OUTBOUND_TLS',
      false,
      'CERT_HAS_EXPIRED',
    ]);
    expect(error.message).toBe('TLS certificate expired; a retry will not help');
  });

  it('refuses a self-signed certificate nobody trusts', async () => {
    const error = await failure(
      client({}).request({ url: `https://127.0.0.1:${validServer.port}/`, timeoutMs: 2000 }),
    );
    expect([error.code, error.retryable]).toEqual(['E_OUTBOUND_TLS', false]);
    expect(error.message).toContain('self-signed');
  });

  it('reports the certificate end date and the days left on success', async () => {
    const validToMs = Date.parse(new X509Certificate(valid.cert).validTo);
    const outbound = client({ ca: valid.cert, nowMs: () => validToMs - 10.5 * 86_400_000 });

    const response = await outbound.request({
      url: `https://127.0.0.1:${validServer.port}/`,
      timeoutMs: 2000,
    });

    expect([response.status, response.body.toString()]).toEqual([200, 'secure']);
    expect(response.tls).toEqual({ validTo: new Date(validToMs).toISOString(), daysLeft: 10 });
    expect(response.timings.connectMs).toBeGreaterThan(0);
  });

  it('checks the certificate against the host name while connecting to the checked address', async () => {
    const outbound = client({ ca: valid.cert, resolver: toLoopback });

    const matching = await outbound.request({
      url: `https://receiver.test:${validServer.port}/`,
      timeoutMs: 2000,
    });
    const mismatch = await failure(
      outbound.request({ url: `https://other.test:${validServer.port}/`, timeoutMs: 2000 }),
    );

    expect([matching.status, matching.remoteAddress]).toEqual([200, '127.0.0.1']);
    expect([mismatch.code, mismatch.message]).toEqual([
      'E_OUTBOUND_TLS',
      'TLS certificate does not match the host name; a retry will not help',
    ]);
  });
});
