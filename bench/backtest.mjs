// Issue 7 target BT: 30 days of 1-minute data for 1,000 objectives backtested in ≤ 10 s on one
// core. The fleet is P3's (100 SLAs × 7 budget + 3 p95 threshold objectives, 200 SLIs); each SLI
// gets one sample a minute (ratio: ~1,000 requests; latency: a value with count 60) with daily
// peaks and a few incidents. Timed: runBacktest over the objectives' own policies, 60 s steps,
// i.e. 43,201 evaluations per objective. Building the recording in memory is not timed.

import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parsePolicy } from '../dist/backtest/backtest-policy.js';
import { runBacktest } from '../dist/backtest/run-backtest.js';
import { SampleColumns } from '../dist/backtest/sample-columns.js';
import { fleetDefinitions, sliIds } from './lib/fleet-config.mjs';
import { rng } from './lib/fleet-windows.mjs';
import { emit, log, median, round } from './lib/report.mjs';

/** BT_SLAS and BT_RUNS cut the run down for profiling; the target is the default. */
const SLAS = Number(process.env.BT_SLAS ?? 100);
const DAYS = 30;
const MINUTE_MS = 60_000;
const START_MS = Date.UTC(2026, 2, 1);
const RUNS = Number(process.env.BT_RUNS ?? 3);
const GOAL_S = 10;

const definitions = fleetDefinitions({ slas: SLAS });
const objectives = definitions.slas.reduce((n, s) => n + s.objectives.length, 0);
const minutes = DAYS * 24 * 60;
const random = rng(11);
const samples = new Map();
for (let s = 0; s < SLAS; s++) {
  const ids = sliIds(s);
  const success = new SampleColumns('ratio');
  const latency = new SampleColumns('distribution');
  // Each SLA has an incident on its own day: 40 minutes of 3 % errors and slow responses.
  const incidentFrom = ((s * 7) % DAYS) * 1440 + 600;
  for (let m = 0; m < minutes; m++) {
    const tMs = START_MS + m * MINUTE_MS;
    const daily = 1 + 0.4 * Math.max(0, Math.sin(((m % 1440) / 1440) * 2 * Math.PI));
    const incident = m >= incidentFrom && m < incidentFrom + 40;
    const total = Math.round(1000 * daily);
    const bad = Math.round(total * (incident ? 0.03 : 0.0002 * random()));
    success.push(tMs + 30_000, total - bad, total);
    latency.push(
      tMs + 15_000,
      Math.round((incident ? 1400 : 260) * daily * (0.9 + 0.2 * random())),
      60,
    );
  }
  samples.set(ids.success, success);
  samples.set(ids.latency, latency);
}
const own = parsePolicy('own');
log(`${objectives} objectives, ${samples.size} SLIs × ${minutes} minutes; running ${RUNS} times`);

const seconds = [];
/** CPU time of the process (user + system) per run: steadier than wall time on a shared machine. */
const cpuSeconds = [];
const loadBefore = loadavg()[0];
let transitions = 0;
let evaluations = 0;
let transitionHash = '';
for (let r = 0; r < RUNS; r++) {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = runBacktest({ definitions, samples, policies: [own.policy], stepMs: MINUTE_MS });
  seconds.push((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuStarted);
  cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  transitions = result.runs.reduce((n, run) => n + run.transitions.length, 0);
  evaluations = result.ticks * objectives;
  transitionHash = hashOf(result.runs);
  log(
    `run ${r + 1}: ${round(seconds.at(-1), 2)} s (cpu ${round(cpuSeconds.at(-1), 2)} s), ` +
      `${transitions} transitions, ${transitionHash}`,
  );
}
const med = median(seconds);
emit({
  target: 'BT',
  name: 'backtest 30 days × 1,000 objectives',
  unit: 's',
  median: round(med, 2),
  runs: seconds.map((s) => round(s, 2)),
  cpuMedian: round(median(cpuSeconds), 2),
  cpuRuns: cpuSeconds.map((s) => round(s, 2)),
  loadAverage: [round(loadBefore, 2), round(loadavg()[0], 2)],
  goal: `<= ${GOAL_S} s`,
  met: med <= GOAL_S,
  objectives,
  evaluations,
  nsPerEvaluation: round((med * 1e9) / evaluations, 0),
  transitions,
  transitionHash,
});

/**
 * SHA-256 of every run's transitions (time, from, to, reason and its numbers) in run order: a
 * speed-up must leave it unchanged.
 */
function hashOf(runs) {
  const hash = createHash('sha256');
  for (const run of runs) {
    hash.update(`${run.objectiveKey}|${run.policy}|${run.applicable}\n`);
    for (const t of run.transitions) hash.update(`${canonical(t)}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** JSON with keys sorted at every level, so the order a reason's fields were set in is moot. */
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}
