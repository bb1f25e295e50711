// TARGETS P10: notification dispatch ≥ 1,000/s to a local webhook sink, 0 duplicates.
// Through the real server (core 0): one pushed batch breaches OBJECTIVES objectives at once; the
// client has a contact on ENDPOINTS webhook endpoints, so the evaluation queues OBJECTIVES ×
// ENDPOINTS client notices in one transaction, and the Dispatcher (default options: 4 in flight
// per endpoint) sends them through the guarded outbound client to the sink in this process
// (core 1 under run.mjs). Delivered/s is measured at the sink; duplicates are raw − distinct
// webhook-ids.

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import {
  CROSSING_MS,
  indexOfObjectiveKey,
  notifyFleetYaml,
  pushSamples,
  sliIdOf,
  startNotifyServer,
} from './lib/notify-fleet.mjs';
import { emit, log, median, round } from './lib/report.mjs';
import { removeDir, tempDir, writeConfig } from './lib/server.mjs';
import { startWebhookSink } from './lib/webhook-sink.mjs';

const OBJECTIVES_PER_RUN = 2000;
const ENDPOINTS = 10;
const NOTIFICATIONS_PER_RUN = OBJECTIVES_PER_RUN * ENDPOINTS;
const WARMUP_OBJECTIVES = 100;
const RUNS = 3;
const OBJECTIVES = WARMUP_OBJECTIVES + OBJECTIVES_PER_RUN * RUNS;
const RUN_TIMEOUT_MS = 300_000;
const GOAL = 1000;

/** Per objective-index range: first/last arrival and the distinct ids seen. */
const groups = [];
function groupOf(i) {
  return groups.find((g) => i >= g.from && i < g.to);
}
const sink = await startWebhookSink({
  onArrival({ id, atMs, firstByteAtMs, payload }) {
    const g = groupOf(indexOfObjectiveKey(payload.data.objective.key));
    if (g === undefined) return;
    g.raw++;
    g.ids.add(id);
    if (Number.isNaN(g.firstAtMs)) g.firstAtMs = firstByteAtMs;
    g.lastAtMs = atMs;
    if (g.ids.size === g.expected) g.done?.();
  },
});
const dir = tempDir('p10');
const configPath = writeConfig(
  dir,
  notifyFleetYaml({ objectives: OBJECTIVES, endpoints: ENDPOINTS, sinkUrl: sink.url }),
);
const server = await startNotifyServer({
  dataDir: `${dir}/data`,
  configPath,
  allowOutbound: `127.0.0.1:${sink.port}`,
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Breaches objectives [from, to) with one batch; resolves once every notice arrived. */
async function breachAll(from, to) {
  const g = {
    from,
    to,
    expected: (to - from) * ENDPOINTS,
    raw: 0,
    ids: new Set(),
    firstAtMs: Number.NaN,
    lastAtMs: Number.NaN,
  };
  const complete = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${g.ids.size} of ${g.expected} arrived`)),
      RUN_TIMEOUT_MS,
    );
    g.done = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  groups.push(g);
  const ts = Date.now();
  const samples = [];
  for (let i = from; i < to; i++) samples.push({ sli: sliIdOf(i), ts, value: CROSSING_MS });
  const sentAt = performance.now();
  const res = await pushSamples(agent, server.url, samples);
  if (res.status !== 200) throw new Error(`push answered ${res.status}: ${res.text}`);
  await complete;
  // Let late repeats (if any) arrive before counting duplicates.
  await new Promise((r) => setTimeout(r, 500));
  const sendingS = (g.lastAtMs - g.firstAtMs) / 1000;
  return {
    deliveredPerSecond: Math.round(g.ids.size / sendingS),
    endToEndPerSecond: Math.round(g.ids.size / ((g.lastAtMs - sentAt) / 1000)),
    firstArrivalMs: round(g.firstAtMs - sentAt, 1),
    lastArrivalMs: round(g.lastAtMs - sentAt, 1),
    distinct: g.ids.size,
    raw: g.raw,
  };
}

try {
  log(`${OBJECTIVES} objectives × ${ENDPOINTS} endpoints; warm-up ${WARMUP_OBJECTIVES}`);
  await breachAll(0, WARMUP_OBJECTIVES);
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const from = WARMUP_OBJECTIVES + r * OBJECTIVES_PER_RUN;
    const run = await breachAll(from, from + OBJECTIVES_PER_RUN);
    log(
      `run ${r + 1}: ${run.deliveredPerSecond}/s at the sink (${run.endToEndPerSecond}/s from the ` +
        `push), ${run.raw - run.distinct} duplicates`,
    );
    runs.push(run);
  }
  const rates = runs.map((r) => r.deliveredPerSecond);
  const med = median(rates);
  const duplicates = runs.reduce((n, r) => n + r.raw - r.distinct, 0);
  emit({
    target: 'P10',
    name: 'notification dispatch to a local webhook sink (through the server)',
    unit: 'notifications/s',
    median: med,
    runs: rates,
    endToEndRuns: runs.map((r) => r.endToEndPerSecond),
    firstArrivalMs: runs.map((r) => r.firstArrivalMs),
    lastArrivalMs: runs.map((r) => r.lastArrivalMs),
    goal: GOAL,
    met: med >= GOAL && duplicates === 0,
    checks: {
      notificationsPerRun: NOTIFICATIONS_PER_RUN,
      distinct: runs.map((r) => r.distinct),
      raw: runs.map((r) => r.raw),
      duplicates,
      sinkRawTotal: sink.state.raw,
      sinkDistinctTotal: sink.state.ids.size,
      badSignatures: sink.state.badSignatures,
    },
    method:
      'forewarn serve (dist/, SQLite WAL synchronous=FULL in a temp folder) pinned with taskset ' +
      `-c 0; ${OBJECTIVES} distribution SLIs each with one "max <= 800 ms" objective; the client ` +
      `has one contact on ${ENDPOINTS} Standard Webhooks endpoints (all on the sink, ` +
      '--allow-outbound), Dispatcher defaults (4 in flight per endpoint and priority). Per run ' +
      `one batch POST of ${OBJECTIVES_PER_RUN} crossing samples queues ${NOTIFICATIONS_PER_RUN} ` +
      'client notices in the evaluation transaction; the node:http sink in this process (core 1) ' +
      'answers 200 at once, verifies every signature and counts raw and distinct webhook-ids. ' +
      'Rate = distinct ids / (last arrival − first arrival); endToEnd = from just before the push. ' +
      `Warm-up of ${WARMUP_OBJECTIVES} objectives, then ${RUNS} runs on fresh objectives; median.`,
  });
} finally {
  agent.destroy();
  await server.stop();
  await sink.close();
  removeDir(dir);
}
