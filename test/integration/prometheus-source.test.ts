// Prometheus as a source, against the real Prometheus (Debian's package): it scrapes a test
// exporter every second, Forewarn pulls good/total counts from its query API, back-fills on
// start, never counts an interval twice across a restart, and an objective goes to breach when
// the exporter's error share rises. A broken query is reported and the others keep running.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { applyDefinitions } from '../../src/app/apply-definitions.js';
import type { Store } from '../../src/app/ports.js';
import type { Transition } from '../../src/domain/objective-state.js';
import type { PrometheusSourceDef } from '../../src/domain/sources.js';
import { createContext, openForewarnStore, systemClock } from '../../src/main.js';
import { createOutboundClient } from '../../src/net/guarded-http-client.js';
import type { OutboundClient } from '../../src/net/outbound-client.js';
import {
  createPrometheusPuller,
  type PrometheusPuller,
  type PulledSliStatus,
} from '../../src/sources/prometheus/prometheus-puller.js';
import {
  canRun,
  PROMETHEUS_BIN,
  startPrometheus,
  type RunningProcess,
} from '../../src/sources/prometheus/test-support/prometheus-processes.js';
import {
  startTestExporter,
  type TestExporter,
} from '../../src/sources/prometheus/test-support/test-exporter.js';
import {
  aBudgetObjective,
  aLatencySli,
  aRatioSli,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../support/builders.js';
import { until } from '../support/until.js';

const runs = canRun(PROMETHEUS_BIN, 'the Prometheus source integration test');

const INTERVAL_MS = 2_000;
const OBJECTIVE = 'acme-submissions/availability';

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

describe.skipIf(!runs)('Prometheus as a source, with the real Prometheus', () => {
  let exporter: TestExporter;
  let prometheus: RunningProcess;
  let store: Store;
  let ctx: AppContext;
  let outbound: OutboundClient;
  const logs: LogLine[] = [];
  const transitions: Transition[] = [];
  const pullers: PrometheusPuller[] = [];

  const source = (backfillMs: number): PrometheusSourceDef => ({
    id: 'prom',
    url: prometheus.url,
    headers: {},
    intervalMs: INTERVAL_MS,
    timeoutMs: 5_000,
    backfillMs,
    queries: [
      {
        sliId: 'requests',
        kind: 'ratio',
        goodQuery: 'sum(increase(http_requests_total{code!~"5.."}[{{.window}}]))',
        totalQuery: 'sum(increase(http_requests_total[{{.window}}]))',
      },
      { sliId: 'rate', kind: 'value', valueQuery: 'sum(rate(http_requests_total[{{.window}}]))' },
      {
        sliId: 'broken',
        kind: 'ratio',
        goodQuery: 'sum(increase(http_requests_total[{{.window}}]',
        totalQuery: 'sum(increase(http_requests_total[{{.window}}]))',
      },
    ],
  });

  const definitions = (backfillMs: number) =>
    someDefinitions({
      slis: [
        aRatioSli(),
        aRatioSli({ id: 'broken', name: 'A query with a syntax error' }),
        aLatencySli({ id: 'rate', name: 'Requests per second', unit: 'req/s' }),
      ],
      slas: [
        anSla([
          aBudgetObjective({
            objectiveRatio: 0.95,
            period: { kind: 'rolling', durationMs: 10 * MINUTE_MS },
            earlyWarning: {},
          }),
        ]),
      ],
      prometheusSources: [source(backfillMs)],
    });

  const startPuller = (backfillMs: number) => {
    const puller = createPrometheusPuller({ ctx, outbound, minIntervalMs: 1_000, settleMs: 1_000 });
    pullers.push(puller);
    puller.update(definitions(backfillMs));
    return puller;
  };
  const requestsOf = (puller: PrometheusPuller): PulledSliStatus =>
    puller.status().find((s) => s.sliId === 'requests')!;

  beforeAll(async () => {
    exporter = await startTestExporter();
    exporter.setRates({ okPerSecond: 50, errorsPerSecond: 0 });
    prometheus = await startPrometheus(
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: exporter',
        `    static_configs: [{ targets: ['${exporter.target}'] }]`,
      ].join('\n'),
    );
    store = await openForewarnStore('sqlite::memory:');
    const keep = (level: string) => (obj: object, msg?: string) =>
      logs.push({ level, obj: obj as Record<string, unknown>, msg });
    ctx = createContext(
      store,
      { info: keep('info'), warn: keep('warn'), error: keep('error') },
      systemClock,
    );
    ctx.events.on('transition', (t) => transitions.push(t));
    await applyDefinitions(ctx, definitions(0), []);
    // Prometheus only routes loopback traffic when the operator allow-lists it.
    outbound = createOutboundClient({ allow: [`127.0.0.1:${prometheus.port}`] });
    // A few seconds of history for the back-fill to find.
    await until('eight scrapes of the exporter', 20_000, () =>
      exporter.scrapes >= 8 ? true : undefined,
    );
  }, 60_000);

  afterAll(async () => {
    for (const p of pullers) await p.stop();
    outbound?.close();
    await store?.close();
    await prometheus?.stop();
    await exporter?.close();
  });

  it('back-fills the recent intervals on start, then pulls one sample per interval', async () => {
    const puller = startPuller(6_000);
    const first = await until('the back-fill', 10_000, () => {
      const s = requestsOf(puller);
      return s.queries > 0 && s.failures === 0 && s.samples > 0 ? s : undefined;
    });
    // The first pull is a range query over the 6 s back-fill: several 2 s intervals at once.
    expect(first.samples).toBeGreaterThanOrEqual(2);
    expect(first.backfill).toEqual({ wantedMs: 6_000, effectiveMs: 6_000, capped: false });
    const later = await until('three more intervals', 15_000, () => {
      const s = requestsOf(puller);
      return s.samples >= first.samples + 3 ? s : undefined;
    });
    expect(later.nextIntervalStartMs % INTERVAL_MS).toBe(0);
    // 50 requests/s, all good: each 2 s interval brought about 100 good of 100.
    const rollups = await store.readRollups('requests', 0, Date.now() + MINUTE_MS);
    const good = rollups.reduce((n, r) => n + r.good, 0);
    const total = rollups.reduce((n, r) => n + r.total, 0);
    expect(good).toBe(total);
    expect(total / later.samples).toBeGreaterThan(70);
    expect(total / later.samples).toBeLessThan(130);
    // The value query gave one finite value (about 50 requests/s) per interval.
    const rate = puller.status().find((s) => s.sliId === 'rate')!;
    expect(rate).toMatchObject({ failures: 0, skipped: 0 });
    expect(rate.samples).toBeGreaterThanOrEqual(later.samples - 1);
    await puller.stop();
  }, 40_000);

  it('counts no interval twice when restarted over what it already pulled', async () => {
    const before = await store.readRollups('requests', 0, Date.now() + MINUTE_MS);
    const totalBefore = before.reduce((n, r) => n + r.total, 0);
    const puller = startPuller(20_000);
    const first = await until('the back-fill after the restart', 10_000, () => {
      const s = requestsOf(puller);
      return s.queries > 0 && s.samples + s.duplicates > 0 ? s : undefined;
    });
    // The back-fill reached over the intervals the first puller ingested: those were no-ops.
    expect(first.duplicates).toBeGreaterThanOrEqual(3);
    const after = await store.readRollups('requests', 0, Date.now() + MINUTE_MS);
    const totalAfter = after.reduce((n, r) => n + r.total, 0);
    // Only the intervals the first puller never saw were added: about 100 per new interval.
    expect(totalAfter - totalBefore).toBeLessThan(first.samples * 130 + 1);
    await puller.stop();
  }, 30_000);

  it('reports a failing query with its source, SLI and reason, and keeps pulling the others', async () => {
    const broken = logs.find(
      (l) => l.msg?.includes('pull failed') === true && l.obj.sli === 'broken',
    );
    expect(broken?.obj).toMatchObject({ source: 'prom', sli: 'broken' });
    expect(String(broken?.obj.reason)).toMatch(/bad_data/);
    expect(String(broken?.obj.reason)).toMatch(/parse error/);
    expect(logs.filter((l) => l.msg?.includes('pull failed') && l.obj.sli === 'requests')).toEqual(
      [],
    );
  });

  it('opens a breach when the error share rises above the budget', async () => {
    const puller = startPuller(0);
    await until('samples from a fresh puller', 10_000, () =>
      requestsOf(puller).samples + requestsOf(puller).duplicates > 0 ? true : undefined,
    );
    expect(ctx.engine.runtime!.objectives.get(OBJECTIVE)!.state.status).toBe('ok');
    const startedAt = Date.now();
    exporter.setRates({ okPerSecond: 20, errorsPerSecond: 30 });
    const breach = await until('a breach', 30_000, () =>
      transitions.find((t) => t.objectiveKey === OBJECTIVE && t.to === 'breach'),
    );
    expect(breach.reason.kind).toBe('budget-exhausted');
    // Detected within a few pull intervals of the change (scrape 1 s, pull 2 s, settle 1 s).
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    await puller.stop();
  }, 40_000);
});
