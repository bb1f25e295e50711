import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundClient } from './guarded-http-client.js';
import type { OutboundClient } from './outbound-client.js';
import { OutboundError } from './outbound-error.js';
import type { Resolver } from './resolve-destination.js';
import { SSRF_CORPUS, corpusUrl } from './test-support/ssrf-corpus.js';
import { closedPort, startListener } from './test-support/test-listener.js';
import type { TestListener } from './test-support/test-listener.js';

const clients: OutboundClient[] = [];
const listeners: TestListener[] = [];

function client(...args: Parameters<typeof createOutboundClient>): OutboundClient {
  const c = createOutboundClient(...args);
  clients.push(c);
  return c;
}

async function listener(...args: Parameters<typeof startListener>): Promise<TestListener> {
  const l = await startListener(...args);
  listeners.push(l);
  return l;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const outcome = await promise.then(
    () => new Error('expected the request to fail'),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(OutboundError);
  return outcome as OutboundError;
}

describe('canary listeners on 127.0.0.1 and [::1]', () => {
  it('receive no connection from any URL of the encoding corpus when nothing is allowed', async () => {
    const canary4 = await listener('127.0.0.1');
    const canary6 = await listener('::1');
    const outbound = client({ allow: [] });

    for (const entry of SSRF_CORPUS) {
      const url = corpusUrl(entry, entry.family === 4 ? canary4.port : canary6.port);
      const error = await failure(outbound.request({ url, timeoutMs: 2000 }));
      expect({ url, code: error.code, retryable: error.retryable }).toEqual({
        url,
        code: 'E_OUTBOUND_BLOCKED',
        retryable: false,
      });
    }

    expect(canary4.connections).toBe(0);
    expect(canary6.connections).toBe(0);
  });

  it('are reachable by the same encodings once allow-listed, so the canaries do count', async () => {
    const canary4 = await listener('127.0.0.1');
    const canary6 = await listener('::1');
    const outbound = client({ allow: ['127.0.0.1', '::1'] });

    const v4 = await outbound.request({
      url: `http://2130706433:${canary4.port}/`,
      timeoutMs: 2000,
    });
    const v6 = await outbound.request({ url: `http://[::1]:${canary6.port}/`, timeoutMs: 2000 });

    expect([v4.status, v4.remoteAddress, v4.body.toString()]).toEqual([200, '127.0.0.1', 'canary']);
    expect([v6.status, v6.remoteAddress]).toEqual([200, '::1']);
    expect([canary4.connections, canary6.connections]).toEqual([1, 1]);
  });
});

describe('DNS answers', () => {
  it('refuses a name that resolves to 127.0.0.1 without connecting', async () => {
    const canary = await listener('127.0.0.1');
    const outbound = client(
      { allow: [] },
      { resolver: async () => [{ address: '127.0.0.1', family: 4 }] },
    );

    const error = await failure(
      outbound.request({ url: `http://rebind.test:${canary.port}/`, timeoutMs: 2000 }),
    );

    expect(error.message).toBe(
      'blocked: destination resolves to a loopback address; a retry will not help',
    );
    expect(canary.connections).toBe(0);
  });

  it('connects to exactly the address it checked, so a rebinding second answer is never used', async () => {
    // "good" is allowed and answered first; "evil" is on the same port at another loopback
    // address and is what every later lookup answers. Had the HTTP stack resolved the name
    // again, the first request would have reached "evil" (or failed: rebind.test is not in DNS).
    const good = await listener('127.0.0.1', (_req, res) => res.end('good'));
    const evil = await listener('127.0.0.2', (_req, res) => res.end('evil'), { port: good.port });
    const lookups: string[] = [];
    const rebinding: Resolver = async (host) => {
      lookups.push(host);
      return [{ address: lookups.length === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    const outbound = client({ allow: [`127.0.0.1:${good.port}`] }, { resolver: rebinding });
    const url = `http://rebind.test:${good.port}/hook`;

    const first = await outbound.request({ url, timeoutMs: 2000 });
    const second = await failure(outbound.request({ url, timeoutMs: 2000 }));

    expect(lookups).toEqual(['rebind.test', 'rebind.test']);
    expect([first.status, first.body.toString(), first.remoteAddress]).toEqual([
      200,
      'good',
      '127.0.0.1',
    ]);
    expect(good.requests[0]?.headers.host).toBe(`rebind.test:${good.port}`);
    expect(second.code).toBe('E_OUTBOUND_BLOCKED');
    expect(evil.connections).toBe(0);
  });

  it('refuses a mixed answer, public first and loopback second, without connecting', async () => {
    const canary = await listener('127.0.0.1');
    const outbound = client(
      { allow: [] },
      {
        resolver: async () => [
          { address: '93.184.216.34', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ],
      },
    );
    const error = await failure(
      outbound.request({ url: `http://rebind.test:${canary.port}/`, timeoutMs: 2000 }),
    );
    expect(error.code).toBe('E_OUTBOUND_BLOCKED');
    expect(canary.connections).toBe(0);
  });
});

describe('an allow-listed local receiver', () => {
  it('answers with its status, body, address and timings', async () => {
    const receiver = await listener('127.0.0.1', (_req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-seen': String(body.length) });
      res.end('{"ok":true}');
    });
    const outbound = client({ allow: [`127.0.0.1:${receiver.port}`] });
    const payload = JSON.stringify({ event: 'breach', note: 'é' });

    const response = await outbound.request({
      url: `http://127.0.0.1:${receiver.port}/hooks/forewarn?x=1`,
      method: 'post',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      body: payload,
      timeoutMs: 2000,
    });

    expect(response.status).toBe(201);
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(response.truncated).toBe(false);
    expect(response.headers['x-seen']).toBe(String(payload.length));
    expect(response.remoteAddress).toBe('127.0.0.1');
    expect(response.tls).toBeUndefined();
    const { dnsMs, connectMs, firstByteMs, totalMs } = response.timings;
    expect(dnsMs).toBeGreaterThanOrEqual(0);
    expect(connectMs).toBeGreaterThan(0);
    expect(firstByteMs).toBeGreaterThanOrEqual(connectMs);
    expect(totalMs).toBeGreaterThanOrEqual(firstByteMs);
    expect(totalMs).toBeLessThan(2000);
    expect(receiver.requests).toEqual([
      expect.objectContaining({ method: 'POST', url: '/hooks/forewarn?x=1', body: payload }),
    ]);
    expect(receiver.requests[0]?.headers['webhook-id']).toBe('msg_1');
    expect(receiver.requests[0]?.headers['content-length']).toBe(
      String(Buffer.byteLength(payload)),
    );
  });

  it('is refused on a port the allow-list does not name', async () => {
    const receiver = await listener('127.0.0.1');
    const outbound = client({ allow: [`127.0.0.1:${receiver.port + 1}`] });
    const error = await failure(
      outbound.request({ url: `http://127.0.0.1:${receiver.port}/`, timeoutMs: 2000 }),
    );
    expect(error.code).toBe('E_OUTBOUND_BLOCKED');
    expect(receiver.connections).toBe(0);
  });

  it('gives SMTP the checked address to connect to', async () => {
    const outbound = client({ allow: ['127.0.0.1:2525'] });
    await expect(outbound.resolveChecked('localhost', 2525)).rejects.toMatchObject({
      code: 'E_OUTBOUND_BLOCKED',
    });
    await expect(outbound.resolveChecked('127.0.0.1', 2525)).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});

describe('redirects', () => {
  let canary: TestListener;
  beforeAll(async () => {
    canary = await startListener('127.0.0.1');
  });
  afterAll(() => canary.close());

  async function redirecting(location: (port: number) => string, status = 302) {
    const origin = await listener('127.0.0.1', (req, res) => {
      if (req.url === '/final') return res.end('final');
      res.writeHead(status, { location: location(origin.port) });
      res.end();
    });
    return origin;
  }

  it('are refused by default, and the target is never contacted', async () => {
    const origin = await redirecting(() => `http://127.0.0.1:${canary.port}/`);
    const outbound = client({ allow: [`127.0.0.1:${origin.port}`] });
    const before = canary.connections;

    const error = await failure(
      outbound.request({ url: `http://127.0.0.1:${origin.port}/`, timeoutMs: 2000 }),
    );

    expect(error.code).toBe('E_OUTBOUND_REDIRECT');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 302');
    expect(canary.connections).toBe(before);
  });

  it.each([
    (port: number) => `http://127.0.0.1:${port}/`,
    (port: number) => `http://2130706433:${port}/`,
    (port: number) => `http://localhost:${port}/`,
    (port: number) => `http://[::ffff:7f00:1]:${port}/`,
  ])('are re-checked hop by hop when allowed, so a blocked target is refused (%#)', async (to) => {
    const origin = await redirecting(() => to(canary.port), 307);
    const outbound = client({ allow: [`127.0.0.1:${origin.port}`] });
    const before = canary.connections;

    const error = await failure(
      outbound.request({
        url: `http://127.0.0.1:${origin.port}/`,
        timeoutMs: 2000,
        maxRedirects: 3,
      }),
    );

    expect(error.code).toBe('E_OUTBOUND_BLOCKED');
    expect([error.blockedAddress, error.afterRedirects]).toEqual(['127.0.0.1', 1]);
    expect(canary.connections).toBe(before);
  });

  it('name the refused address of a redirect to the metadata service, without connecting', async () => {
    const origin = await redirecting(() => 'http://169.254.169.254/latest/meta-data', 302);
    const outbound = client({ allow: [`127.0.0.1:${origin.port}`] });

    const error = await failure(
      outbound.request({
        url: `http://127.0.0.1:${origin.port}/`,
        timeoutMs: 2000,
        maxRedirects: 3,
      }),
    );

    expect([error.code, error.blockedAddress, error.afterRedirects]).toEqual([
      'E_OUTBOUND_BLOCKED',
      '169.254.169.254',
      1,
    ]);
    expect(error.message).not.toContain('169.254');
  });

  it('are returned as the answer, neither followed nor refused, with returnRedirects', async () => {
    const origin = await redirecting(() => `http://127.0.0.1:${canary.port}/`, 301);
    const outbound = client({ allow: [`127.0.0.1:${origin.port}`] });
    const before = canary.connections;

    const response = await outbound.request({
      url: `http://127.0.0.1:${origin.port}/`,
      timeoutMs: 2000,
      returnRedirects: true,
    });

    expect([response.status, response.headers.location]).toEqual([
      301,
      `http://127.0.0.1:${canary.port}/`,
    ]);
    expect(canary.connections).toBe(before);
  });

  it('are followed to an allowed target when the caller allows them, a 303 turning POST into GET', async () => {
    const origin = await redirecting(() => '/final', 303);
    const outbound = client({ allow: [`127.0.0.1:${origin.port}`] });

    const response = await outbound.request({
      url: `http://127.0.0.1:${origin.port}/start`,
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
      timeoutMs: 2000,
      maxRedirects: 3,
    });

    expect([response.status, response.body.toString()]).toEqual([200, 'final']);
    expect(origin.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/start', 'hello'],
      ['GET', '/final', ''],
    ]);
  });

  it('stop after maxRedirects hops', async () => {
    const origin = await redirecting(() => '/again');
    const outbound = client({ allow: [`127.0.0.1:${origin.port}`] });
    const error = await failure(
      outbound.request({
        url: `http://127.0.0.1:${origin.port}/`,
        timeoutMs: 2000,
        maxRedirects: 2,
      }),
    );
    expect(error.code).toBe('E_OUTBOUND_REDIRECT');
    expect(origin.requests).toHaveLength(3);
  });
});

describe('bounds', () => {
  it('gives up on a server that never answers after timeoutMs, as retryable', async () => {
    const hanging = await listener('127.0.0.1', () => undefined);
    const outbound = client({ allow: ['127.0.0.1'] });
    const startedAt = performance.now();

    const error = await failure(
      outbound.request({ url: `http://127.0.0.1:${hanging.port}/`, timeoutMs: 300 }),
    );

    const elapsedMs = performance.now() - startedAt;
    expect(error.message).toBe('timed out after 300 ms; a retry may help');
    expect(error.code).toBe('E_OUTBOUND_TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(300 + 500);
  });

  it('counts the time spent reading a slow body against the same timeout', async () => {
    const stalling = await listener('127.0.0.1', (_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const outbound = client({ allow: ['127.0.0.1'] });
    const error = await failure(
      outbound.request({ url: `http://127.0.0.1:${stalling.port}/`, timeoutMs: 200 }),
    );
    expect(error.code).toBe('E_OUTBOUND_TIMEOUT');
  });

  it('stops when the caller aborts', async () => {
    const hanging = await listener('127.0.0.1', () => undefined);
    const outbound = client({ allow: ['127.0.0.1'] });
    const error = await failure(
      outbound.request({
        url: `http://127.0.0.1:${hanging.port}/`,
        timeoutMs: 5000,
        signal: AbortSignal.timeout(100),
      }),
    );
    expect([error.code, error.message]).toEqual([
      'E_OUTBOUND_TIMEOUT',
      'cancelled by the caller before completion; a retry may help',
    ]);
  });

  it('reports a closed port as a refused connection, retryable', async () => {
    const port = await closedPort('127.0.0.1');
    const outbound = client({ allow: ['127.0.0.1'] });
    const error = await failure(
      outbound.request({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }),
    );
    expect([error.code, error.retryable, error.causeCode]).toEqual([
      'E_OUTBOUND_CONNECT',
      true,
      'ECONNREFUSED',
    ]);
    expect(error.message).toBe('connection refused; a retry may help');
  });

  it('keeps only maxResponseBytes of a huge response and marks it truncated', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const huge = await listener('127.0.0.1', (_req, res) => {
      let sent = 0;
      const pump = () => {
        while (sent < 256 && res.write(chunk)) sent++; // up to 16 MiB, unless we stop reading
        if (sent < 256 && !res.destroyed) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const outbound = client({ allow: ['127.0.0.1'] });

    const small = await outbound.request({
      url: `http://127.0.0.1:${huge.port}/`,
      timeoutMs: 2000,
      maxResponseBytes: 1000,
    });
    const byDefault = await outbound.request({
      url: `http://127.0.0.1:${huge.port}/`,
      timeoutMs: 2000,
    });

    expect([small.status, small.body.length, small.truncated]).toEqual([200, 1000, true]);
    expect([byDefault.body.length, byDefault.truncated]).toEqual([64 * 1024, true]);
  });

  it('does not mark a body of exactly maxResponseBytes as truncated', async () => {
    const exact = await listener('127.0.0.1', (_req, res) => res.end('x'.repeat(100)));
    const outbound = client({ allow: ['127.0.0.1'] });
    const response = await outbound.request({
      url: `http://127.0.0.1:${exact.port}/`,
      timeoutMs: 2000,
      maxResponseBytes: 100,
    });
    expect([response.body.length, response.truncated]).toEqual([100, false]);
  });

  it('reports a server that does not speak HTTP as a protocol error', async () => {
    const garbage = net.createServer((socket) => socket.resume().end('SSH-2.0-OpenSSH\r\n\r\n'));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const port = (garbage.address() as AddressInfo).port;
    try {
      const outbound = client({ allow: ['127.0.0.1'] });
      const error = await failure(
        outbound.request({ url: `http://127.0.0.1:${port}/`, timeoutMs: 2000 }),
      );
      expect([error.code, error.retryable]).toEqual(['E_OUTBOUND_PROTOCOL', false]);
    } finally {
      await new Promise((resolve) => garbage.close(resolve));
    }
  });
});

describe('error messages', () => {
  const SECRET = 's3cr3t-canary';

  it('never contain the URL path, query or credentials, whatever went wrong', async () => {
    const hanging = await listener('127.0.0.1', () => undefined);
    const redirect = await listener('127.0.0.1', (_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:1/${SECRET}?token=${SECRET}` });
      res.end();
    });
    const refusedPort = await closedPort('127.0.0.1');
    const failingDns: Resolver = async (host) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    };
    const outbound = client(
      {
        allow: [
          `127.0.0.1:${hanging.port}`,
          `127.0.0.1:${redirect.port}`,
          `127.0.0.1:${refusedPort}`,
        ],
      },
      { resolver: failingDns },
    );
    const tail = `/${SECRET}/hook?token=${SECRET}#${SECRET}`;

    const errors = await Promise.all(
      [
        `http://127.0.0.1:9${tail}`,
        `http://user:${SECRET}@127.0.0.1:${hanging.port}${tail}`,
        `http://${SECRET}:x@example.com/`,
        `http://[${SECRET}${tail}`,
        `file:///${SECRET}`,
        `gopher://127.0.0.1:70/${SECRET}`,
        `http://${SECRET}.test${tail}`,
        `http://metadata.google.internal${tail}`,
        `http://127.0.0.1:${hanging.port}${tail}`,
        `http://127.0.0.1:${redirect.port}${tail}`,
        `http://127.0.0.1:${refusedPort}${tail}`,
      ].map((url) => failure(outbound.request({ url, timeoutMs: 300, maxRedirects: 0 }))),
    );

    expect(errors.map((e) => e.code)).toEqual([
      'E_OUTBOUND_BLOCKED',
      'E_OUTBOUND_BLOCKED',
      'E_OUTBOUND_BLOCKED',
      'E_OUTBOUND_PROTOCOL',
      'E_OUTBOUND_BLOCKED',
      'E_OUTBOUND_BLOCKED',
      'E_OUTBOUND_DNS',
      'E_OUTBOUND_BLOCKED',
      'E_OUTBOUND_TIMEOUT',
      'E_OUTBOUND_REDIRECT',
      'E_OUTBOUND_CONNECT',
    ]);
    for (const error of errors) {
      const everything = [error.message, error.stack, String(error), JSON.stringify(error)].join(
        '\n',
      );
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain('token');
      expect(everything).not.toContain('/hook');
      expect(error.cause).toBeUndefined();
    }
  });
});
