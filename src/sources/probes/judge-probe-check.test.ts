import { describe, expect, it } from 'vitest';
import { describeProbeReason } from '../../domain/probe-status.js';
import type { ProbeDef } from '../../domain/sources.js';
import { OutboundError } from '../../net/outbound-error.js';
import type { ProbeAnswer } from './judge-probe-check.js';
import { judgeAnswer, judgeFailure, spoiledByStall } from './judge-probe-check.js';

const DAY_MS = 86_400_000;
const AT_MS = Date.UTC(2026, 10, 27, 9, 0, 0);

const aProbe = (o: Partial<ProbeDef> = {}): ProbeDef => ({
  id: 'api-health',
  serviceId: 'submissions',
  method: 'GET',
  url: 'https://api.example.com/health',
  headers: {},
  intervalMs: 10_000,
  timeoutMs: 5000,
  expect: { status: [] },
  ...o,
});

const anAnswer = (o: Partial<ProbeAnswer> = {}): ProbeAnswer => ({
  status: 200,
  body: Buffer.from('{"status":"ok"}'),
  truncated: false,
  timings: { totalMs: 42 },
  remoteAddress: '203.0.113.7',
  ...o,
});

describe('an answer judged against the expectations', () => {
  const cases: Array<[string, Partial<ProbeDef>, Partial<ProbeAnswer>, string]> = [
    ['a 200 with no expectation is up', {}, {}, 'ok'],
    ['a 301 is within the default 200–399', {}, { status: 301 }, 'ok'],
    [
      'a 500 is an unexpected status against the default range',
      {},
      { status: 500 },
      'unexpected status: got 500, expected 200–399',
    ],
    [
      'a 200 is unexpected when only 204 is listed',
      { expect: { status: [204] } },
      {},
      'unexpected status: got 200, expected 204',
    ],
    [
      'a listed 503 passes (a maintenance page expected)',
      { expect: { status: [503] } },
      { status: 503 },
      'ok',
    ],
    [
      'a body without the text fails',
      { expect: { status: [], bodyContains: '"db":"up"' } },
      {},
      'the body does not contain "\\"db\\":\\"up\\""',
    ],
    ['a body with the text passes', { expect: { status: [], bodyContains: 'ok' } }, {}, 'ok'],
    [
      'an answer slower than maxLatencyMs is too slow',
      { expect: { status: [], maxLatencyMs: 40 } },
      {},
      'too slow: 42 ms, limit 40 ms',
    ],
    [
      'an answer as fast as the limit passes',
      { expect: { status: [], maxLatencyMs: 42 } },
      {},
      'ok',
    ],
    [
      'a certificate expiring within the minimum validity fails',
      { certificateMinValidityMs: 14 * DAY_MS },
      { tls: { validTo: new Date(AT_MS + 10.5 * DAY_MS).toISOString(), daysLeft: 10 } },
      'the TLS certificate expires in 10 days (minimum 14)',
    ],
    [
      'a certificate valid beyond the minimum passes',
      { certificateMinValidityMs: 14 * DAY_MS },
      { tls: { validTo: new Date(AT_MS + 30 * DAY_MS).toISOString(), daysLeft: 30 } },
      'ok',
    ],
    [
      'the status is named before the body when both are wrong',
      { expect: { status: [], bodyContains: 'ok' } },
      { status: 502, body: Buffer.from('bad gateway') },
      'unexpected status: got 502, expected 200–399',
    ],
  ];

  it.each(cases)('%s', (_name, probe, answer, message) => {
    const check = judgeAnswer(aProbe(probe), anAnswer(answer), AT_MS);
    expect(describeProbeReason(check.reason)).toBe(message);
    expect(check.up).toBe(message === 'ok');
    expect(check.latencyMs).toBe(anAnswer(answer).timings.totalMs);
  });

  it('keeps the status, address and certificate of the answer', () => {
    const tls = { validTo: new Date(AT_MS + 30 * DAY_MS).toISOString(), daysLeft: 30 };
    const check = judgeAnswer(aProbe(), anAnswer({ status: 204, tls }), AT_MS);
    expect(check).toMatchObject({
      atMs: AT_MS,
      status: 204,
      remoteAddress: '203.0.113.7',
      certificate: tls,
    });
  });
});

describe('a failed request judged by its classified error', () => {
  const error = (...args: ConstructorParameters<typeof OutboundError>) =>
    new OutboundError(...args);
  const redirected = (e: OutboundError, hops: number) => {
    e.afterRedirects = hops;
    return e;
  };
  const cases: Array<[string, unknown, string, string]> = [
    [
      'a timeout names the probe timeout',
      error('E_OUTBOUND_TIMEOUT', 'timed out after 5000 ms', true),
      'timeout',
      'no answer within the timeout of 5000 ms',
    ],
    [
      'a refused connection is a closed port',
      error('E_OUTBOUND_CONNECT', 'connection refused', true, 'ECONNREFUSED'),
      'connection-refused',
      'connection refused: nothing listens on that port',
    ],
    [
      'a reset is a failed connection with its detail',
      error('E_OUTBOUND_CONNECT', 'connection reset by the destination', true, 'ECONNRESET'),
      'connection-failed',
      'connection failed: connection reset by the destination',
    ],
    [
      'a name that does not resolve is a DNS failure',
      error('E_OUTBOUND_DNS', 'host name does not resolve', true, 'ENOTFOUND'),
      'dns-failure',
      'DNS failure: host name does not resolve',
    ],
    [
      'an expired certificate is named',
      error('E_OUTBOUND_TLS', 'TLS certificate expired', false, 'CERT_HAS_EXPIRED'),
      'tls-failure',
      'TLS failure (expired): TLS certificate expired',
    ],
    [
      'a self-signed certificate is named',
      error(
        'E_OUTBOUND_TLS',
        'TLS certificate is self-signed and not trusted',
        false,
        'DEPTH_ZERO_SELF_SIGNED_CERT',
      ),
      'tls-failure',
      'TLS failure (self-signed): TLS certificate is self-signed and not trusted',
    ],
    [
      'a wrong host name on the certificate is named',
      error(
        'E_OUTBOUND_TLS',
        'TLS certificate does not match the host name',
        false,
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ),
      'tls-failure',
      'TLS failure (name-mismatch): TLS certificate does not match the host name',
    ],
    [
      'a blocked destination names the address',
      error(
        'E_OUTBOUND_BLOCKED',
        'blocked: destination is a cloud metadata address',
        false,
        undefined,
        '169.254.169.254',
      ),
      'blocked',
      'blocked (169.254.169.254): destination is a cloud metadata address',
    ],
    [
      'a redirect to a blocked destination says a redirect led there',
      redirected(
        error(
          'E_OUTBOUND_BLOCKED',
          'blocked: destination is a loopback address',
          false,
          undefined,
          '127.0.0.1',
        ),
        1,
      ),
      'blocked',
      'a redirect led to a blocked destination (127.0.0.1): destination is a loopback address',
    ],
    [
      'too many redirects are refused',
      error('E_OUTBOUND_REDIRECT', 'refused: more than 5 redirects', false),
      'redirect-refused',
      'redirect refused: more than 5 redirects',
    ],
    [
      'a server that does not speak HTTP is a protocol error',
      error('E_OUTBOUND_PROTOCOL', 'malformed HTTP response', false, 'HPE_INVALID_CONSTANT'),
      'protocol-error',
      'protocol error: malformed HTTP response',
    ],
    [
      'anything else is a failed connection',
      new Error('boom'),
      'connection-failed',
      'connection failed: request failed',
    ],
  ];

  it.each(cases)('%s', (_name, thrown, kind, message) => {
    const check = judgeFailure(aProbe(), thrown, AT_MS);
    expect(check.up).toBe(false);
    expect(check.reason.kind).toBe(kind);
    expect(describeProbeReason(check.reason)).toBe(message);
    expect(check.latencyMs).toBeUndefined();
  });
});

describe('a failed check across a stall of the event loop', () => {
  const timedOut = judgeFailure(
    aProbe({ timeoutMs: 1000 }),
    new OutboundError('E_OUTBOUND_TIMEOUT', 'timed out', true),
    AT_MS,
  );
  const slow = judgeAnswer(aProbe({ expect: { status: [], maxLatencyMs: 30 } }), anAnswer(), AT_MS);
  const refused = judgeFailure(
    aProbe(),
    new OutboundError('E_OUTBOUND_CONNECT', 'connection refused', true, 'ECONNREFUSED'),
    AT_MS,
  );
  const cases: Array<[string, ReturnType<typeof judgeAnswer>, number, boolean]> = [
    ['a timeout across a stall of a tenth of the timeout is not counted', timedOut, 100, true],
    ['a timeout across a shorter stall counts', timedOut, 99, false],
    ['a timeout with no stall counts', timedOut, 0, false],
    ['an answer too slow only by the stall is not counted', slow, 12, true],
    ['an answer too slow even without the stall counts', slow, 11, false],
    ['a refused connection counts whatever the stall', refused, 5000, false],
  ];
  it.each(cases)('%s', (_name, check, stalledMs, spoiled) => {
    const def = aProbe({ timeoutMs: 1000, expect: { status: [], maxLatencyMs: 30 } });
    expect(spoiledByStall(def, check, stalledMs)).toBe(spoiled);
  });
});
