import { describe, expect, it } from 'vitest';
import type { Definitions } from '../domain/definitions.js';
import { formatConfigErrors, parseConfig } from './load-config.js';
import type { ConfigResult } from './load-config.js';
import { deserializeDefinitions, serializeDefinitions } from './serialize-definitions.js';

const BASE = `apiVersion: forewarn/v1
clients:
  - id: acme
services:
  - id: checkout
slis:
  - id: checkout-probe-ok
    service: checkout
    kind: ratio
  - id: checkout-probe-latency
    service: checkout
    kind: distribution
    unit: ms
  - id: checkout-requests
    service: checkout
    kind: ratio
  - id: checkout-p95
    service: checkout
    kind: distribution
    unit: ms
  - id: checkout-written
    service: checkout
    kind: ratio
`;

const definitionsOf = (result: ConfigResult): Definitions => {
  if (!result.ok) throw new Error(formatConfigErrors(result.errors));
  return result.config.definitions;
};
const errorsOf = (result: ConfigResult) => {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors.map((e) => ({ path: e.path, expected: e.expected, message: e.message }));
};
const parse = (sections: string, env: Record<string, string> = {}) =>
  parseConfig(BASE + sections, 'sources.yaml', env);

const GOOD = `probes:
  - id: checkout-health
    service: checkout
    url: https://checkout.example.com/health
    headers:
      Accept: application/json
      Authorization: { env: CHECKOUT_PROBE_TOKEN }
    interval: 10s
    timeout: 3s
    expect: { status: [200, 204], bodyContains: ok, maxLatency: 800ms }
    certificateMinValidity: 14d
    availabilitySli: checkout-probe-ok
    latencySli: checkout-probe-latency
prometheus:
  - id: main
    url: http://prometheus.internal:9090/
    interval: 1m
    slis:
      - sli: checkout-requests
        good: sum(increase(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))
        total: sum(increase(http_requests_total{job="checkout"}[{{.window}}]))
      - sli: checkout-p95
        value: histogram_quantile(0.95, sum(rate(http_duration_ms_bucket[{{.window}}])) by (le))
remoteWrite:
  - sli: checkout-written
    good: 'http_requests_total{job="checkout",code!~"5.."}'
    total: http_requests_total{job="checkout"}
`;

describe('the probes, prometheus and remoteWrite sections', () => {
  const defs = definitionsOf(parse(GOOD, { CHECKOUT_PROBE_TOKEN: 'Bearer t0ps3cret' }));

  it('reads a probe with its expectations, durations in ms and header secrets', () => {
    const probe = defs.probes?.[0];
    expect(probe).toMatchObject({
      id: 'checkout-health',
      serviceId: 'checkout',
      method: 'GET',
      url: 'https://checkout.example.com/health',
      intervalMs: 10_000,
      timeoutMs: 3_000,
      expect: { status: [200, 204], bodyContains: 'ok', maxLatencyMs: 800 },
      certificateMinValidityMs: 14 * 86_400_000,
      availabilitySli: 'checkout-probe-ok',
      latencySli: 'checkout-probe-latency',
    });
    expect(probe?.headers.Authorization?.reveal()).toBe('Bearer t0ps3cret');
    expect(probe?.headers.Accept?.reveal()).toBe('application/json');
  });

  it('never prints a header value when the definitions are shown as JSON', () => {
    expect(JSON.stringify(defs)).not.toContain('t0ps3cret');
  });

  it('keeps header secrets across the store round trip', () => {
    const back = deserializeDefinitions(serializeDefinitions(defs));
    expect(back.probes?.[0]?.headers.Authorization?.reveal()).toBe('Bearer t0ps3cret');
  });

  it('reads a Prometheus source with ratio and value queries, trimming the trailing slash', () => {
    expect(defs.prometheusSources?.[0]).toMatchObject({
      id: 'main',
      url: 'http://prometheus.internal:9090',
      intervalMs: 60_000,
      timeoutMs: 10_000,
      queries: [
        { sliId: 'checkout-requests', kind: 'ratio' },
        { sliId: 'checkout-p95', kind: 'value' },
      ],
    });
  });

  it('reads remote-write selectors into label matchers', () => {
    expect(defs.remoteWrite).toEqual([
      {
        sliId: 'checkout-written',
        kind: 'ratio',
        good: [
          { name: '__name__', op: '=', value: 'http_requests_total' },
          { name: 'job', op: '=', value: 'checkout' },
          { name: 'code', op: '!~', value: '5..' },
        ],
        total: [
          { name: '__name__', op: '=', value: 'http_requests_total' },
          { name: 'job', op: '=', value: 'checkout' },
        ],
      },
    ]);
  });

  it('leaves the sections out of the definitions when none is declared', () => {
    const plain = definitionsOf(parse(''));
    expect(plain).not.toHaveProperty('probes');
    expect(plain).not.toHaveProperty('prometheusSources');
    expect(plain).not.toHaveProperty('remoteWrite');
  });
});

describe('bad source sections are refused with the field, value and expectation', () => {
  it('refuses a probe interval under one second and a timeout longer than the interval', () => {
    const errors = errorsOf(
      parse(`probes:
  - id: p
    service: checkout
    url: https://x.example.com
    interval: 500ms
    availabilitySli: checkout-probe-ok
  - id: q
    service: checkout
    url: https://x.example.com
    interval: 5s
    timeout: 10s
    availabilitySli: checkout-written
`),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'probes[0].interval',
        expected: expect.stringContaining('at least "1s"'),
      }),
      expect.objectContaining({
        path: 'probes[1].timeout',
        expected: expect.stringContaining('no longer than the interval (5s)'),
      }),
    ]);
  });

  it('refuses a probe that feeds no SLI, a non-http URL and a certificate check on http', () => {
    const errors = errorsOf(
      parse(`probes:
  - id: p
    service: checkout
    url: ftp://x.example.com
  - id: q
    service: checkout
    url: http://x.example.com
    certificateMinValidity: 7d
    availabilitySli: checkout-probe-ok
`),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'probes[0].availabilitySli',
      'probes[0].url',
      'probes[1].certificateMinValidity',
    ]);
  });

  it('names an unknown SLI, an SLI of the wrong kind and an SLI fed twice', () => {
    const errors = errorsOf(
      parse(`probes:
  - id: p
    service: checkout
    url: https://x.example.com
    availabilitySli: checkout-p95
    latencySli: nope
remoteWrite:
  - sli: checkout-requests
    value: latency_ms
  - sli: checkout-p95
    value: latency_p95_ms
`),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'probes[0].availabilitySli',
        expected: 'a ratio SLI (SLI "checkout-p95" is a distribution SLI)',
      }),
      expect.objectContaining({
        path: 'probes[0].latencySli',
        expected: expect.stringContaining('the id of a declared SLI'),
      }),
      expect.objectContaining({
        path: 'remoteWrite[0].sli',
        expected: 'a distribution SLI (SLI "checkout-requests" is a ratio SLI)',
      }),
      expect.objectContaining({
        path: 'remoteWrite[1].sli',
        expected: 'an SLI no other source feeds (SLI "checkout-p95" is already fed by probe "p")',
      }),
    ]);
  });

  it('refuses a ratio query without the window placeholder and a query pair missing its half', () => {
    const errors = errorsOf(
      parse(`prometheus:
  - id: main
    url: http://prometheus:9090
    slis:
      - sli: checkout-requests
        good: sum(http_requests_total)
        total: sum(increase(http_requests_total[{{.window}}]))
      - sli: checkout-p95
        good: sum(increase(a[{{.window}}]))
`),
    );
    expect(errors.map((e) => e.path)).toEqual([
      'prometheus[0].slis[0].good',
      'prometheus[0].slis[1]',
    ]);
    expect(errors[0]?.expected).toContain('[{{.window}}]');
  });

  it('refuses a pull interval under 15 seconds', () => {
    const errors = errorsOf(
      parse(`prometheus:
  - id: main
    url: http://prometheus:9090
    interval: 5s
    slis: [{ sli: checkout-p95, value: up }]
`),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'prometheus[0].interval',
        expected: expect.stringContaining('"15s"'),
      }),
    ]);
  });

  it('explains a malformed selector and a bad regex', () => {
    const errors = errorsOf(
      parse(`remoteWrite:
  - sli: checkout-written
    good: 'a_total{code=200}'
    total: 'a_total{code=~"(5"}'
`),
    );
    expect(errors.map((e) => e.path)).toEqual(['remoteWrite[0].good', 'remoteWrite[0].total']);
    expect(errors[0]?.expected).toContain('expected a quoted value at character 14');
    expect(errors[1]?.expected).toContain('a valid regular expression for code');
  });

  it('names a missing environment variable for a header', () => {
    const errors = errorsOf(
      parse(`probes:
  - id: p
    service: checkout
    url: https://x.example.com
    headers:
      Authorization: { env: MISSING_TOKEN }
    availabilitySli: checkout-probe-ok
`),
    );
    expect(errors.map((e) => e.path)).toEqual(['probes[0].headers.Authorization.env']);
    expect(errors[0]?.message).toContain('MISSING_TOKEN is not set');
  });

  it('refuses a header value with a line break without echoing it', () => {
    const errors = errorsOf(
      parse(`probes:
  - id: p
    service: checkout
    url: https://x.example.com
    headers:
      X-Key: "line\\nbreak-s3cret"
    availabilitySli: checkout-probe-ok
`),
    );
    expect(errors.map((e) => e.path)).toEqual(['probes[0].headers.X-Key']);
    expect(JSON.stringify(errors)).not.toContain('s3cret');
  });
});

describe('remote-write regexes read as Prometheus reads them', () => {
  it("accepts RE2's (?i) and (?P<name>…) and refuses lookahead, like the receiver", () => {
    const ok = parse(`remoteWrite:
  - sli: checkout-written
    good: 'a_total{code=~"(?i)OK|(?P<two>2..)"}'
    total: a_total
`);
    expect(ok.ok).toBe(true);
    const errors = errorsOf(
      parse(`remoteWrite:
  - sli: checkout-written
    good: 'a_total{code=~"2(?!00).."}'
    total: a_total
`),
    );
    expect(errors.map((e) => e.path)).toEqual(['remoteWrite[0].good']);
    expect(errors[0]?.expected).toContain('a valid regular expression for code');
  });
});
