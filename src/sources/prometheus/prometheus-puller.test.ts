// The puller's bookkeeping with the real guarded client and real use cases; the pulls from a
// real Prometheus are in test/integration/prometheus-source.test.ts.

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

const until = async (what: string, probe: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

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

  it('shortens a back-fill the ingest could not take, and logs why', async () => {
    const defs = withSources([aSource()]);
    await setUp(defs, ['127.0.0.1:9']);
    puller.update(defs);
    const [status] = puller.status();
    // Wanted: the 30-day objective; the ingest refuses samples older than 1 h.
    expect(status?.backfill).toEqual({
      wantedMs: 30 * DAY_MS,
      effectiveMs: 3_540_000 - 15_000,
      capped: true,
    });
    const warning = logs.find((l) => l.msg.includes('back-fill shortened'));
    expect(warning?.obj).toMatchObject({
      source: 'prom',
      wantedMs: 30 * DAY_MS,
      maxSampleAgeMs: 3_600_000,
    });
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
