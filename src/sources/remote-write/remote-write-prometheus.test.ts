// Remote write from the real Prometheus (Debian's package): it scrapes a tiny exporter every
// second and remote-writes to Forewarn (admin token as `authorization: credentials`, 1 s batch
// send deadline). Counters arrive as the ratio SLI's good/total, the gauge as the distribution
// SLI's values, and the budget objective goes to breach when the exporter's errors rise.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../config/secret.js';
import type { Transition } from '../../domain/objective-state.js';
import type { RemoteWriteRule } from '../../domain/sources.js';
import { startForewarn, type RunningForewarn } from '../../main.js';
import {
  aBudgetObjective,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../../../test/support/builders.js';
import { remoteWriteStats } from './receive-remote-write.js';
import {
  canRun,
  PROMETHEUS_BIN,
  startPrometheus,
  type RunningProcess,
} from '../prometheus/test-support/prometheus-processes.js';
import { startTestExporter, type TestExporter } from './test-support/shop-exporter.js';
import { until as poll } from '../../../test/support/until.js';

const runs = canRun(PROMETHEUS_BIN, 'the remote-write integration test with the real Prometheus');
const ADMIN = 'remote-write-admin-token-0123456789';
const OBJECTIVE = 'acme-submissions/availability';

const job = { name: 'job', op: '=', value: 'shop' } as const;
const rules: RemoteWriteRule[] = [
  {
    sliId: 'requests',
    kind: 'ratio',
    good: [
      job,
      { name: '__name__', op: '=', value: 'http_requests_total' },
      { name: 'code', op: '!~', value: '5..' },
    ],
    total: [job, { name: '__name__', op: '=', value: 'http_requests_total' }],
  },
  {
    sliId: 'latency',
    kind: 'value',
    value: [job, { name: '__name__', op: '=~', value: 'checkout_latency_.*' }],
  },
];

const until = <T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
) => poll(what, timeoutMs, probe, 200);

describe.skipIf(!runs)('remote write from the real Prometheus', () => {
  let exporter: TestExporter;
  let prometheus: RunningProcess;
  let forewarn: RunningForewarn;
  let traffic: ReturnType<typeof setInterval>;
  const rates = { ok: 50, errors: 0 };
  const transitions: Transition[] = [];
  const startedAt = Date.now();

  beforeAll(async () => {
    exporter = await startTestExporter();
    traffic = setInterval(() => {
      exporter.counts.ok += rates.ok / 10;
      exporter.counts.errors += rates.errors / 10;
    }, 100);
    forewarn = await startForewarn({
      databaseUrl: 'sqlite::memory:',
      config: {
        definitions: someDefinitions({
          slas: [
            anSla([
              aThresholdObjective(),
              aBudgetObjective({
                objectiveRatio: 0.95,
                period: { kind: 'rolling', durationMs: 10 * MINUTE_MS },
                earlyWarning: {},
              }),
            ]),
          ],
          remoteWrite: rules,
        }),
        pushTokens: [],
      },
      host: '127.0.0.1',
      port: 0,
      adminToken: new Secret(ADMIN),
      env: {},
      logger: { info() {}, warn() {}, error() {} },
    });
    forewarn.ctx.events.on('transition', (t) => transitions.push(t));
    prometheus = await startPrometheus(
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        '  - job_name: shop',
        `    static_configs: [{ targets: ['${exporter.target}'] }]`,
        'remote_write:',
        `  - url: ${forewarn.url}/api/v1/write`,
        `    authorization: { credentials: ${ADMIN} }`,
        '    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }',
        '    metadata_config: { send_interval: 1s }',
      ].join('\n'),
    );
  }, 60_000);

  afterAll(async () => {
    clearInterval(traffic);
    await prometheus?.stop();
    await forewarn?.close();
    await exporter?.close();
  });

  const rollups = (sliId: string) =>
    forewarn.ctx.store.readRollups(sliId, startedAt - MINUTE_MS, Date.now() + MINUTE_MS);

  it('turns scraped counters into good/total and the gauge into values', async () => {
    const totals = await until('good/total from remote write', 30_000, async () => {
      const r = await rollups('requests');
      const total = r.reduce((n, x) => n + x.total, 0);
      return total >= 100 ? { good: r.reduce((n, x) => n + x.good, 0), total } : undefined;
    });
    // No errors yet: every request counted is good.
    expect(totals.good).toBe(totals.total);
    expect((await rollups('latency')).length).toBeGreaterThan(0);
    const stats = remoteWriteStats(forewarn.ctx);
    // `up`, `scrape_duration_seconds` and the other series Prometheus adds match no rule.
    expect(stats.droppedSeries).toBeGreaterThan(0);
    expect(forewarn.ctx.engine.runtime!.objectives.get(OBJECTIVE)!.state.status).toBe('ok');
    // No batch refused (a 4xx is dropped as non-recoverable) or retried (5xx).
    expect(prometheus.output()).not.toMatch(/non-recoverable error|Failed to send batch/);
  }, 40_000);

  it('takes the objective to breach when the exporter errors rise', async () => {
    rates.ok = 25;
    rates.errors = 25;
    const breach = await until('a breach of the availability objective', 40_000, () =>
      transitions.find((t) => t.objectiveKey === OBJECTIVE && t.to === 'breach'),
    );
    expect(breach.reason.kind).toBe('budget-exhausted');
    const r = await rollups('requests');
    const good = r.reduce((n, x) => n + x.good, 0);
    const total = r.reduce((n, x) => n + x.total, 0);
    expect(good / total).toBeLessThan(0.95);
  }, 50_000);
});
