// TARGETS P5: single-sample POST ingest ≥ 40 k req/s on one core, and p99 ≤ 20 ms at half that
// rate. The real server runs on core 0; autocannon (run on core 1 by run.mjs) sends one sample per
// request without ts, so nothing is de-duplicated.

import autocannon from 'autocannon';
import { fleetYaml, PUSH_TOKEN_PREFIX, sliIds } from './lib/fleet-config.mjs';
import { emit, log, median } from './lib/report.mjs';
import { removeDir, startServer, tempDir, writeConfig } from './lib/server.mjs';

const CONNECTIONS = 100;
const WARMUP_S = 3;
const RUN_S = 10;
const RUNS = 3;
const GOAL_RPS = 40_000;
const GOAL_P99_MS = 20;
const SLAS = 2;

function cannon(url, body, durationS, extra = {}) {
  return autocannon({
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${PUSH_TOKEN_PREFIX}000000`,
    },
    body,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: durationS,
    ...extra,
  });
}

function summary(r) {
  return {
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ok: r['2xx'],
  };
}

const dir = tempDir('p5');
const configPath = writeConfig(dir, fleetYaml({ slas: SLAS }));
const server = await startServer({ dataDir: `${dir}/data`, configPath });
const url = `${server.url}/api/v1/samples`;
const body = JSON.stringify({ sli: sliIds(0).latency, value: 123 });
try {
  log(`warming up ${WARMUP_S} s`);
  await cannon(url, body, WARMUP_S);
  const max = [];
  for (let r = 0; r < RUNS; r++) {
    const s = summary(await cannon(url, body, RUN_S));
    log(`max run ${r + 1}: ${s.rps} req/s, p99 ${s.p99Ms} ms`);
    max.push(s);
  }
  const rates = max.map((s) => s.rps);
  const med = median(rates);
  const halfRate = Math.round(med / 2);
  const half = [];
  for (let r = 0; r < RUNS; r++) {
    const s = summary(await cannon(url, body, RUN_S, { overallRate: halfRate }));
    log(`half-rate run ${r + 1}: ${s.rps} req/s, p99 ${s.p99Ms} ms`);
    half.push(s);
  }
  const p99AtHalf = median(half.map((s) => s.p99Ms));
  const all = [...max, ...half];
  emit({
    target: 'P5',
    name: 'single-sample POST ingest',
    unit: 'req/s',
    median: med,
    runs: rates,
    goal: GOAL_RPS,
    met: med >= GOAL_RPS && p99AtHalf <= GOAL_P99_MS,
    rpsMet: med >= GOAL_RPS,
    p99AtHalfRateMs: p99AtHalf,
    p99AtHalfRateGoalMs: GOAL_P99_MS,
    p99AtHalfRateMet: p99AtHalf <= GOAL_P99_MS,
    halfRate,
    halfRateRuns: half,
    maxRateRuns: max,
    p99AtMaxRateMs: median(max.map((s) => s.p99Ms)),
    checks: {
      ok: all.reduce((s, r) => s + r.ok, 0),
      non2xx: all.reduce((s, r) => s + r.non2xx, 0),
      errors: all.reduce((s, r) => s + r.errors, 0),
      timeouts: all.reduce((s, r) => s + r.timeouts, 0),
    },
    requestBody: body,
    method:
      'forewarn serve (dist/, SQLite WAL synchronous=FULL, 2 SLAs / 4 SLIs / 20 objectives) pinned ' +
      `with taskset -c 0; autocannon ${CONNECTIONS} connections, pipelining 1, one sample per ` +
      `request without ts, pinned to core 1. ${WARMUP_S} s warm-up, ${RUNS} runs of ${RUN_S} s at ` +
      `full speed (median of autocannon requests.average), then ${RUNS} runs of ${RUN_S} s with ` +
      'overallRate = half of that median (median of their p99 latency).',
  });
} finally {
  await server.stop();
  removeDir(dir);
}
