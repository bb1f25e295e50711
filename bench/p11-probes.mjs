// TARGETS P11: HTTP probes, 1,000 checks/s on this 2-core machine at ≤ 50 % CPU, event-loop delay
// p99 ≤ 20 ms, 0 false downs, intervals down to 1 s.
// In this process (core 0 under run.mjs): a Forewarn instance from dist/ (SQLite file, WAL,
// synchronous=FULL; the evaluation engine running) with PROBES probes, each checking a loopback
// target every 1 s with a 1 s timeout through the guarded outbound client and feeding its own
// availability SLI (good-ratio objective) and latency SLI. The target is a node:http server in a
// child process pinned to core 1. Per run: checks/s, this process's CPU, event-loop delay, checks
// that were down (every one is false: the target always answers 200), skipped turns.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, URL } from 'node:url';
import { applyDefinitions } from '../dist/app/apply-definitions.js';
import { runEngine } from '../dist/app/run-engine.js';
import { createContext, openForewarnStore } from '../dist/main.js';
import { createOutboundClient } from '../dist/net/guarded-http-client.js';
import { createProbeRunner } from '../dist/sources/probes/probe-runner.js';
import { emit, log, median, percentile, round } from './lib/report.mjs';
import { removeDir, tempDir } from './lib/server.mjs';

const PROBES = Number(process.env.P11_PROBES ?? 1000);
/** One port per probe by default: each probe keeps its own keep-alive connection, as to 1,000 services. */
const TARGET_PORTS = Number(process.env.P11_TARGET_PORTS ?? PROBES);
const INTERVAL_MS = 1000;
const TIMEOUT_MS = 1000;
const WARMUP_S = 5;
const BASELINE_S = 5;
const RUN_S = Number(process.env.P11_RUN_S ?? 20);
const RUNS = Number(process.env.P11_RUNS ?? 3);
const GOAL = { checksPerSecond: 1000, cpuPercentOfCore: 50, eventLoopP99Ms: 20, falseDowns: 0 };

const here = fileURLToPath(new URL('.', import.meta.url));
const silent = { info() {}, warn() {}, error() {} };

function definitions(ports) {
  const probes = [];
  const slis = [];
  const objectives = [];
  for (let i = 0; i < PROBES; i++) {
    slis.push({ id: `svc${i}-up`, serviceId: 'svc', name: `svc${i} up`, kind: 'ratio' });
    slis.push({
      id: `svc${i}-latency`,
      serviceId: 'svc',
      name: `svc${i} latency`,
      kind: 'distribution',
      unit: 'ms',
    });
    objectives.push({
      kind: 'threshold',
      key: `bench/up-${i}`,
      slaId: 'bench',
      localId: `up-${i}`,
      name: `svc${i} up 99 % over 5 min`,
      sliId: `svc${i}-up`,
      statistic: 'good-ratio',
      comparator: '>=',
      threshold: 0.99,
      measurementWindowMs: 5 * 60_000,
      earlyWarning: {},
      recoveryPeriodMs: 60_000,
      clearAfterMs: 60_000,
    });
    probes.push({
      id: `svc${i}-health`,
      serviceId: 'svc',
      method: 'GET',
      url: `http://127.0.0.1:${ports[i % ports.length]}/svc${i}/health`,
      headers: {},
      intervalMs: INTERVAL_MS,
      timeoutMs: TIMEOUT_MS,
      expect: { status: [200], bodyContains: '"ok"' },
      availabilitySli: `svc${i}-up`,
      latencySli: `svc${i}-latency`,
    });
  }
  return {
    clients: [{ id: 'bench', name: 'Bench', timeZone: 'UTC', contacts: [] }],
    services: [{ id: 'svc', name: 'Probed services', roles: {} }],
    slis,
    slas: [
      {
        id: 'bench',
        clientId: 'bench',
        serviceId: 'svc',
        name: 'Bench',
        contract: {
          noticeMs: 900_000,
          updateCadenceMs: 1_800_000,
          creditTiers: [],
          exclusions: [],
          autoNotice: true,
          noticeFallback: 'auto-send',
          postmortemDueMs: 432_000_000,
          credits: { basis: 'time', minimumDowntimeMs: 300_000, intervalMs: 300_000 },
        },
        objectives,
      },
    ],
    people: [],
    rotations: [],
    endpoints: [],
    probes,
  };
}

/** Linux: ns this process's main thread ran, and ns it was runnable but waited for a CPU. */
function schedstat() {
  try {
    const [runNs, waitNs] = readFileSync('/proc/self/schedstat', 'utf8').split(' ').map(Number);
    return { runNs, waitNs };
  } catch {
    return { runNs: Number.NaN, waitNs: Number.NaN };
  }
}

function totals(board) {
  let checks = 0;
  let failures = 0;
  let skipped = 0;
  let inconclusive = 0;
  for (const s of board.values()) {
    checks += s.checks;
    failures += s.failures;
    skipped += s.skipped;
    inconclusive += s.inconclusive;
  }
  return { checks, failures, skipped, inconclusive };
}

const target = spawn(
  'taskset',
  ['-c', '1', process.execPath, join(here, 'lib', 'probe-target.mjs'), String(TARGET_PORTS)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let announced = '';
while (!announced.includes('\n')) announced += String((await once(target.stdout, 'data'))[0]);
const { ports } = JSON.parse(announced);
const dir = tempDir('p11');
const store = await openForewarnStore(process.env.P11_DATABASE ?? `sqlite:${dir}/forewarn.db`);
const ctx = createContext(store, silent);
const commitMs = [];
let runner;
let engine;
let outbound;
try {
  const defs = definitions(ports);
  await applyDefinitions(ctx, defs, [
    { clientId: 'bench', token: { reveal: () => 'x'.repeat(32) } },
  ]);
  engine = runEngine(ctx);
  // How long each ingest commit holds the event loop (better-sqlite3 is synchronous, fsync included).
  const commit = store.commitIngestBatch.bind(store);
  store.commitIngestBatch = (commits) => {
    const startedAt = performance.now();
    const result = commit(commits);
    commitMs.push(performance.now() - startedAt);
    return result;
  };
  // The operator's allow-list entry for the private range the services live in.
  outbound = createOutboundClient({ allow: ['127.0.0.1'] });
  runner = createProbeRunner({ ctx, outbound });
  log(
    `${PROBES} probes every ${INTERVAL_MS} ms (timeout ${TIMEOUT_MS} ms) → ${ports.length} ports`,
  );
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // The same instance without probes, to tell the machine's noise from the probes' cost.
  const baselineCpuBefore = process.cpuUsage();
  await sleep(BASELINE_S * 1000);
  const baselineCpu = process.cpuUsage(baselineCpuBefore);
  const baseline = {
    eventLoopP99Ms: round(delay.percentile(99) / 1e6, 2),
    eventLoopMaxMs: round(delay.max / 1e6, 2),
    cpuPercentOfCore: round(((baselineCpu.user + baselineCpu.system) / 1e6 / BASELINE_S) * 100, 1),
  };
  log(
    `without probes: event-loop p99 ${baseline.eventLoopP99Ms} ms, CPU ${baseline.cpuPercentOfCore} %`,
  );
  runner.update(defs);
  await sleep(WARMUP_S * 1000);

  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const before = totals(ctx.engine.metrics.probes);
    const m = ctx.engine.metrics;
    const batchesBefore = m.ingestBatches;
    const samplesBefore = m.samplesAccepted;
    const refusedBefore = m.samplesRefused;
    const cpuBefore = process.cpuUsage();
    const schedBefore = schedstat();
    const startedAt = performance.now();
    delay.reset();
    commitMs.length = 0;
    await sleep(RUN_S * 1000);
    const wallS = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const sched = schedstat();
    const after = totals(ctx.engine.metrics.probes);
    const run = {
      checksPerSecond: Math.round((after.checks - before.checks) / wallS),
      cpuPercentOfCore: round(((cpu.user + cpu.system) / 1e6 / wallS) * 100, 1),
      eventLoopP99Ms: round(delay.percentile(99) / 1e6, 2),
      eventLoopMaxMs: round(delay.max / 1e6, 2),
      waitingForCpuPercent: round(((sched.waitNs - schedBefore.waitNs) / 1e9 / wallS) * 100, 1),
      falseDowns: after.failures - before.failures,
      skipped: after.skipped - before.skipped,
      inconclusive: after.inconclusive - before.inconclusive,
      ingestCallsPerSecond: round((m.ingestBatches - batchesBefore) / wallS, 2),
      samplesPerSecond: Math.round((m.samplesAccepted - samplesBefore) / wallS),
      samplesRefused: m.samplesRefused - refusedBefore,
      commitBlockP50Ms: round(percentile(commitMs, 50), 1),
      commitBlockMaxMs: round(Math.max(...commitMs), 1),
    };
    log(
      `run ${r + 1}: ${run.checksPerSecond} checks/s, CPU ${run.cpuPercentOfCore} % of a core, ` +
        `event-loop p99 ${run.eventLoopP99Ms} ms (main thread waited for a CPU ` +
        `${run.waitingForCpuPercent} % of the time), ${run.falseDowns} false downs, ` +
        `${run.skipped} skipped, ${run.inconclusive} inconclusive, ${run.ingestCallsPerSecond} ingest calls/s, ingest commit ` +
        `blocks the loop ${run.commitBlockP50Ms} ms (p50) / ${run.commitBlockMaxMs} ms (max)`,
    );
    runs.push(run);
  }
  delay.disable();
  const med = (key) => median(runs.map((r) => r[key]));
  const downs = runs.reduce((n, r) => n + r.falseDowns, 0);
  const reasons = {};
  for (const s of ctx.engine.metrics.probes.values()) {
    if (s.last !== undefined && !s.last.up)
      reasons[s.last.reason.kind] = (reasons[s.last.reason.kind] ?? 0) + 1;
  }
  const result = {
    checksPerSecond: med('checksPerSecond'),
    cpuPercentOfCore: med('cpuPercentOfCore'),
    eventLoopP99Ms: med('eventLoopP99Ms'),
    falseDowns: downs,
  };
  emit({
    target: 'P11',
    name: 'HTTP probes: checks/s, CPU, event-loop delay, false downs',
    unit: 'checks/s',
    median: result.checksPerSecond,
    targetPorts: TARGET_PORTS,
    runs: runs.map((r) => r.checksPerSecond),
    cpuPercentOfCore: runs.map((r) => r.cpuPercentOfCore),
    cpuPercentOfMachine: runs.map((r) => round(r.cpuPercentOfCore / 2, 1)),
    eventLoopP99Ms: runs.map((r) => r.eventLoopP99Ms),
    eventLoopMaxMs: runs.map((r) => r.eventLoopMaxMs),
    waitingForCpuPercent: runs.map((r) => r.waitingForCpuPercent),
    falseDowns: runs.map((r) => r.falseDowns),
    skipped: runs.map((r) => r.skipped),
    inconclusive: runs.map((r) => r.inconclusive),
    ingestCallsPerSecond: runs.map((r) => r.ingestCallsPerSecond),
    samplesPerSecond: runs.map((r) => r.samplesPerSecond),
    samplesRefused: runs.map((r) => r.samplesRefused),
    commitBlockP50Ms: runs.map((r) => r.commitBlockP50Ms),
    commitBlockMaxMs: runs.map((r) => r.commitBlockMaxMs),
    lastDownReasons: reasons,
    withoutProbes: baseline,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    medians: result,
    goal: GOAL,
    met:
      result.checksPerSecond >= GOAL.checksPerSecond * 0.98 &&
      result.cpuPercentOfCore <= GOAL.cpuPercentOfCore &&
      result.eventLoopP99Ms <= GOAL.eventLoopP99Ms &&
      downs === 0,
    method:
      `In-process Forewarn from dist/ (createContext + applyDefinitions, SQLite file in a temp ` +
      `folder, WAL synchronous=FULL, evaluation engine running) on core 0 (taskset via run.mjs). ` +
      `${PROBES} probes, interval ${INTERVAL_MS} ms, timeout ${TIMEOUT_MS} ms, expect status 200 and ` +
      `body text, each feeding its own ratio SLI (a good-ratio >= 0.99 objective over 5 min) and ` +
      `latency SLI, through the guarded outbound client (keep-alive) to node:http servers on ` +
      `${TARGET_PORTS} loopback ports (probe i → port i mod ${TARGET_PORTS}, so each probe keeps ` +
      `its own connection as to distinct services) in a child process on core 1 (taskset -c 1) ` +
      `that always answer 200. ${WARMUP_S} s warm-up, then ` +
      `${RUNS} runs of ${RUN_S} s (before the probes start, ${BASELINE_S} s of the same instance ` +
      `without probes give the machine's own event-loop delay); per run checks/s = completed checks (up or down; inconclusive ones, spoiled by a stall of this process, are counted apart) / wall time; CPU = ` +
      `process.cpuUsage (user+system) / wall time, in % of one core (the machine has 2); event-loop ` +
      `delay = monitorEventLoopDelay (resolution 1 ms) p99; waiting for a CPU = the main thread's run-queue wait from /proc/self/schedstat / wall time; a false down = a failed check against ` +
      `the always-healthy target. Goal met when the median rate is ≥ 98 % of 1,000/s (1,000 probes ` +
      `at 1 s), CPU ≤ 50 % of a core, p99 ≤ 20 ms and 0 false downs over all runs.`,
  });
} finally {
  await runner?.stop();
  await engine?.stop();
  outbound?.close();
  await store.close();
  target.kill('SIGTERM');
  await once(target, 'exit');
  removeDir(dir);
}
