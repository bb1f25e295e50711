import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeProbeReason } from '../../domain/probe-status.js';
import type { ProbeCheck } from '../../domain/probe-status.js';
import type { ProbeDef } from '../../domain/sources.js';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import type { OutboundClient, OutboundClientOptions } from '../../net/outbound-client.js';
import { SSRF_CORPUS, corpusUrl } from '../../net/test-support/ssrf-corpus.js';
import { makeCertificate, opensslAvailable } from '../../net/test-support/test-certificates.js';
import { closedPort, startListener } from '../../net/test-support/test-listener.js';
import type { TestListener } from '../../net/test-support/test-listener.js';
import { probeRequest, runProbeCheck } from './run-probe-check.js';

const DAY_MS = 86_400_000;
const clients: OutboundClient[] = [];
const listeners: TestListener[] = [];

async function listener(...args: Parameters<typeof startListener>): Promise<TestListener> {
  const l = await startListener(...args);
  listeners.push(l);
  return l;
}

/** A guarded client allowing exactly these loopback ports, as an operator would list them. */
function allowing(ports: number[], options: OutboundClientOptions = {}): OutboundClient {
  const c = createOutboundClient({ allow: ports.map((p) => `127.0.0.1:${p}`) }, options);
  clients.push(c);
  return c;
}

const aProbe = (url: string, o: Partial<ProbeDef> = {}): ProbeDef => ({
  id: 'health',
  serviceId: 'submissions',
  method: 'GET',
  url,
  headers: {},
  intervalMs: 1000,
  timeoutMs: 1000,
  expect: { status: [] },
  ...o,
});

function check(outbound: OutboundClient, def: ProbeDef): Promise<ProbeCheck> {
  return runProbeCheck(outbound, def, probeRequest(def), Date.now());
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

describe('a probe check against a local target', () => {
  it('is up on a 200 with the expected text, with its latency, status and address', async () => {
    const target = await listener('127.0.0.1', (_req, res) => res.end('{"db":"up"}'));
    const result = await check(
      allowing([target.port]),
      aProbe(`http://127.0.0.1:${target.port}/health`, {
        expect: { status: [200], bodyContains: '"db":"up"' },
      }),
    );
    expect(result.up).toBe(true);
    expect(result.reason).toEqual({ kind: 'ok' });
    expect(result.status).toBe(200);
    expect(result.remoteAddress).toBe('127.0.0.1');
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('sends the method, headers and body it is given', async () => {
    const target = await listener('127.0.0.1', (_req, res) => res.end('ok'));
    await check(
      allowing([target.port]),
      aProbe(`http://127.0.0.1:${target.port}/graphql`, {
        method: 'POST',
        headers: { authorization: { reveal: () => 'Bearer probe-token' } },
        body: '{"query":"{ ping }"}',
      }),
    );
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]).toMatchObject({
      method: 'POST',
      url: '/graphql',
      body: '{"query":"{ ping }"}',
      headers: { authorization: 'Bearer probe-token' },
    });
  });

  it('is down on a 500, naming the status it got and the ones expected', async () => {
    const target = await listener('127.0.0.1', (_req, res) => {
      res.statusCode = 500;
      res.end('internal error');
    });
    const result = await check(allowing([target.port]), aProbe(`http://127.0.0.1:${target.port}/`));
    expect(result.up).toBe(false);
    expect(result.reason).toEqual({ kind: 'unexpected-status', status: 500, expected: '200–399' });
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('ends at its timeout against a target that never answers, with the timeout reason', async () => {
    const target = await listener('127.0.0.1', () => undefined);
    const startedAt = performance.now();
    const result = await check(
      allowing([target.port]),
      aProbe(`http://127.0.0.1:${target.port}/`, { timeoutMs: 300 }),
    );
    const tookMs = performance.now() - startedAt;
    expect(result.reason).toEqual({ kind: 'timeout', timeoutMs: 300 });
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(1500); // generous: the machine may be loaded
    expect(result.latencyMs).toBeUndefined();
  });

  it('is too slow when the answer takes longer than maxLatencyMs, yet keeps its latency', async () => {
    const target = await listener('127.0.0.1', (_req, res) => setTimeout(() => res.end('ok'), 150));
    const result = await check(
      allowing([target.port]),
      aProbe(`http://127.0.0.1:${target.port}/`, { expect: { status: [], maxLatencyMs: 50 } }),
    );
    expect(result.reason.kind).toBe('too-slow');
    expect(describeProbeReason(result.reason)).toMatch(/^too slow: \d{3,} ms, limit 50 ms$/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(145);
  });

  it('reports a closed port as a refused connection', async () => {
    const port = await closedPort('127.0.0.1');
    const result = await check(allowing([port]), aProbe(`http://127.0.0.1:${port}/`));
    expect(result.reason).toEqual({ kind: 'connection-refused' });
    expect(describeProbeReason(result.reason)).toBe(
      'connection refused: nothing listens on that port',
    );
  });

  it('reports a name that does not resolve as a DNS failure', async () => {
    const outbound = createOutboundClient(
      { allow: [] },
      {
        resolver: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
      },
    );
    clients.push(outbound);
    const result = await check(outbound, aProbe('http://status.example.invalid/'));
    expect(result.reason).toEqual({ kind: 'dns-failure', detail: 'host name does not resolve' });
  });

  it('checks a listed redirect status itself instead of following it', async () => {
    const canary = await listener('127.0.0.1');
    const target = await listener('127.0.0.1', (_req, res) => {
      res.writeHead(301, { location: `http://127.0.0.1:${canary.port}/` });
      res.end();
    });
    const result = await check(
      allowing([target.port, canary.port]),
      aProbe(`http://127.0.0.1:${target.port}/`, { expect: { status: [301] } }),
    );
    expect([result.up, result.status, canary.connections]).toEqual([true, 301, 0]);
  });
});

describe('a probe redirected to a blocked address', () => {
  let canary: TestListener;
  beforeAll(async () => {
    canary = await startListener('127.0.0.1');
  });
  afterAll(() => canary.close());

  it.each([
    [
      'the cloud metadata service',
      () => 'http://169.254.169.254/latest/meta-data',
      '169.254.169.254',
    ],
    ['a loopback port nobody allowed', () => `http://127.0.0.1:${canary.port}/admin`, '127.0.0.1'],
  ])('is refused before connecting to %s, naming the address', async (_name, location, address) => {
    const origin = await listener('127.0.0.1', (_req, res) => {
      res.writeHead(302, { location: location() });
      res.end();
    });
    const before = canary.connections;
    const result = await check(allowing([origin.port]), aProbe(`http://127.0.0.1:${origin.port}/`));
    expect(result.up).toBe(false);
    expect(result.reason).toMatchObject({ kind: 'blocked', address, afterRedirects: 1 });
    expect(describeProbeReason(result.reason)).toContain(
      `a redirect led to a blocked destination (${address})`,
    );
    expect(canary.connections).toBe(before);
  });
});

describe('probe URLs from the SSRF corpus', () => {
  it('reach no local canary, each refused as blocked with its address named', async () => {
    const canary4 = await listener('127.0.0.1');
    const canary6 = await listener('::1');
    const outbound = createOutboundClient({ allow: [] });
    clients.push(outbound);
    for (const entry of SSRF_CORPUS) {
      const port = entry.family === 4 ? canary4.port : canary6.port;
      const result = await check(outbound, aProbe(corpusUrl(entry, port)));
      expect(result.reason.kind, entry.url).toBe('blocked');
      expect(result.reason.kind === 'blocked' && result.reason.address, entry.url).toBeTruthy();
    }
    expect([canary4.connections, canary6.connections]).toEqual([0, 0]);
  });
});

describe.skipIf(!opensslAvailable)('a probe against https', () => {
  it('names an expired certificate, even one the instance trusts', async () => {
    const expired = makeCertificate({ startDate: '20200101000000Z', endDate: '20200201000000Z' });
    const target = await listener('127.0.0.1', undefined, { tls: expired });
    const result = await check(
      allowing([target.port], { ca: expired.cert }),
      aProbe(`https://127.0.0.1:${target.port}/`),
    );
    expect(result.reason).toEqual({
      kind: 'tls-failure',
      problem: 'expired',
      detail: 'TLS certificate expired',
    });
  });

  it('names a self-signed certificate nobody trusts', async () => {
    const selfSigned = makeCertificate({ days: 30 });
    const target = await listener('127.0.0.1', undefined, { tls: selfSigned });
    const result = await check(
      allowing([target.port]),
      aProbe(`https://127.0.0.1:${target.port}/`),
    );
    expect(result.reason).toMatchObject({ kind: 'tls-failure', problem: 'self-signed' });
  });

  it('fails a valid certificate that expires within the minimum validity, with the days left', async () => {
    const shortLived = makeCertificate({ days: 5 });
    const target = await listener('127.0.0.1', (_req, res) => res.end('ok'), { tls: shortLived });
    const outbound = allowing([target.port], { ca: shortLived.cert });
    const strict = await check(
      outbound,
      aProbe(`https://127.0.0.1:${target.port}/`, { certificateMinValidityMs: 14 * DAY_MS }),
    );
    expect(strict.reason).toEqual({ kind: 'certificate-expiring', daysLeft: 4, minimumDays: 14 });
    expect(strict.certificate?.daysLeft).toBe(4);
    const lenient = await check(
      outbound,
      aProbe(`https://127.0.0.1:${target.port}/`, { certificateMinValidityMs: 2 * DAY_MS }),
    );
    expect(lenient.up).toBe(true);
  });
});
