// The puller's bookkeeping with the real guarded client and real use cases; the pulls from a
// real Prometheus are in test/integration/prometheus-source.test.ts.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aRatioSli,
  anSla,
  DAY_MS,
  someDefinitions,
} from '../../../test/support/builders.js';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import type { Definitions } from '../../domain/definitions.js';
import type { PrometheusSourceDef } from '../../domain/sources.js';
import { systemClock } from '../../main.js';
import { createOutboundClient } from '../../net/guarded-http-client.js';
import type { OutboundClient } from '../../net/outbound-client.js';
import { createPrometheusPuller, type PrometheusPuller } from './prometheus-puller.js';
import { freePort } from './test-support/prometheus-processes.js';
import { untilTrue } from '../../../test/support/until.js';

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

const ratioQuery = {
  sliId: 'requests',
  kind: 'ratio' as const,
  goodQuery: 'sum(increase(ok[{{.window}}]))',
  totalQuery: 'sum(increase(all[{{.window}}]))',
};

const aSource = (o: Partial<PrometheusSourceDef> = {}): PrometheusSourceDef => ({
  id: 'prom',
  url: 'http://127.0.0.1:9/prometheus',
  headers: {},
  intervalMs: 15_000,
  timeoutMs: 1_000,
  queries: [ratioQuery],
  ...o,
});

const withSources = (sources: PrometheusSourceDef[]): Definitions =>
  someDefinitions({
    slas: [anSla([aBudgetObjective({ period: { kind: 'rolling', durationMs: 30 * DAY_MS } })])],
    prometheusSources: sources,
  });

let h: Harness;
let outbound: OutboundClient;
let puller: PrometheusPuller;
let logs: LogLine[];

async function setUp(defs: Definitions, allow: string[], options: { realClock?: boolean } = {}) {
  h = await startHarness(defs);
  if (options.realClock === true) h.ctx.clock = systemClock;
  logs = [];
  const keep = (level: string) => (obj: object, msg?: string) =>
    logs.push({ level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  h.ctx.logger = { info: keep('info'), warn: keep('warn'), error: keep('error') };
  outbound = createOutboundClient({ allow });
  puller = createPrometheusPuller({ ctx: h.ctx, outbound, minIntervalMs: 100, settleMs: 0 });
}

const until = (what: string, condition: () => boolean) => untilTrue(what, 5_000, condition);

afterEach(async () => {
  await puller.stop();
  outbound.close();
  await h.close();
});

describe('the Prometheus puller', () => {
  it('refuses a query whose SLI is missing or of the other kind, and runs the rest', async () => {
    const defs = withSources([
      aSource({
        queries: [
          ratioQuery,
          { sliId: 'nope', kind: 'ratio', goodQuery: 'a', totalQuery: 'b' },
          { sliId: 'requests', kind: 'value', valueQuery: 'v' },
        ],
      }),
    ]);
    await setUp(defs, ['127.0.0.1:9']);
    puller.update(defs);
    await until('the first pull', () => (puller.status()[0]?.queries ?? 0) > 0);
    expect(puller.status().map((s) => s.sliId)).toEqual(['requests']);
    const refused = logs.filter((l) => l.msg === 'prometheus source: query not run');
    expect(refused.map((l) => l.obj)).toEqual([
      { source: 'prom', sli: 'nope', reason: 'no SLI with this id' },
      {
        source: 'prom',
        sli: 'requests',
        reason: 'a value query needs a distribution SLI; "requests" is a ratio SLI',
      },
    ]);
  });

  it('back-fills the whole window at start, older intervals stored as history', async () => {
    // A Prometheus-compatible API answering every range query: 100 requests per interval, 90 good.
    const api = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const [start, end, step] = ['start', 'end', 'step'].map((k) => Number(form.get(k)));
        const value = form.get('query')?.includes('ok') === true ? '90' : '100';
        const values: Array<[number, string]> = [];
        for (let t = start!; t <= end!; t += step!) values.push([t, value]);
        const data =
          req.url?.includes('query_range') === true
            ? { resultType: 'matrix', result: [{ metric: {}, values }] }
            : { resultType: 'vector', result: [{ metric: {}, value: [end ?? 0, value] }] };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'success', data }));
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const port = (api.address() as AddressInfo).port;
    try {
      const defs = withSources([
        aSource({ url: `http://127.0.0.1:${port}`, backfillMs: 2 * DAY_MS }),
      ]);
      await setUp(defs, [`127.0.0.1:${port}`]);
      puller.update(defs);
      await until('the back-fill', () => (puller.status()[0]?.samples ?? 0) >= 2 * 5760 - 1);
      const [status] = puller.status();
      expect(status?.backfill).toEqual({
        wantedMs: 2 * DAY_MS,
        effectiveMs: 2 * DAY_MS,
        capped: false,
      });
      const now = h.clock.nowMs();
      const rollups = await h.store.readRollups('requests', now - 3 * DAY_MS, now);
      const total = rollups.reduce((n, r) => n + r.total, 0);
      // Two days of 15 s intervals, 100 requests each; days-old minutes are stored, not refused.
      expect(total).toBeGreaterThanOrEqual(100 * (2 * 5760 - 1));
      expect(Math.min(...rollups.map((r) => r.minuteMs))).toBeLessThan(now - DAY_MS);
      // 10 % failed against a 99.9 % objective: the history alone puts it in breach.
      await until('the breach', () => h.transitions.some((t) => t.to === 'breach'));

      // A restart back-fills from the newest stored minute: nothing is counted twice, although
      // the idempotency keys of days-old intervals would be gone by then.
      await puller.stop();
      puller = createPrometheusPuller({ ctx: h.ctx, outbound, minIntervalMs: 100, settleMs: 0 });
      puller.update(defs);
      await until('the restarted pull', () => (puller.status()[0]?.queries ?? 0) > 0);
      await puller.stop();
      const after = await h.store.readRollups('requests', now - 3 * DAY_MS, now);
      expect(after.reduce((n, r) => n + r.total, 0)).toBe(total);
    } finally {
      await new Promise((r) => api.close(r));
    }
  });

  it('counts a refused destination as a failure with its reason, without reaching it', async () => {
    const defs = withSources([aSource({ url: 'http://127.0.0.1:9' })]);
    await setUp(defs, []);
    puller.update(defs);
    await until('the failure', () => (puller.status()[0]?.failures ?? 0) > 0);
    const [status] = puller.status();
    expect(status?.lastError).toContain('Prometheus not reached');
    expect(status?.lastError).toMatch(/loopback/i);
    const line = logs.find((l) => l.msg.includes('pull failed'));
    expect(line?.obj).toMatchObject({ source: 'prom', sli: 'requests', failures: 1 });
  });

  it('retries a source that cannot be reached at every interval, keeping its place', async () => {
    const port = await freePort();
    const defs = withSources([aSource({ url: `http://127.0.0.1:${port}`, intervalMs: 100 })]);
    await setUp(defs, [`127.0.0.1:${port}`], { realClock: true });
    puller.update(defs);
    await until('three failed pulls', () => (puller.status()[0]?.failures ?? 0) >= 3);
    const [status] = puller.status();
    expect(status?.lastError).toContain('Prometheus not reached');
    expect(status?.samples).toBe(0);
    // Nothing was pulled, so the next pull still starts where the back-fill began.
    expect(status!.nextIntervalStartMs).toBeLessThan(Date.now() - 50 * 60_000);
  });

  it('keeps a running source when the same definitions are applied again, and stops a removed one', async () => {
    const defs = withSources([aSource()]);
    await setUp(defs, ['127.0.0.1:9']);
    puller.update(defs);
    await until('the first pull', () => (puller.status()[0]?.queries ?? 0) > 0);
    const before = puller.status()[0]!;
    puller.update(withSources([aSource()]));
    expect(puller.status()[0]).toEqual(before);
    puller.update(withSources([]));
    expect(puller.status()).toEqual([]);
    expect(logs.filter((l) => l.msg === 'prometheus source started')).toHaveLength(1);
  });
});

describe('the back-fill default', () => {
  it('is 0 for a source feeding no objective: only the latest interval is pulled', async () => {
    const defs = someDefinitions({
      slis: [aRatioSli({ id: 'unused' })],
      slas: [],
      prometheusSources: [aSource({ queries: [{ ...ratioQuery, sliId: 'unused' }] })],
    });
    await setUp(defs, ['127.0.0.1:9']);
    puller.update(defs);
    const [status] = puller.status();
    expect(status?.backfill).toEqual({ wantedMs: 0, effectiveMs: 0, capped: false });
    expect(h.clock.nowMs() - status!.nextIntervalStartMs).toBeLessThanOrEqual(30_000);
  });
});
