// TARGETS P6: memory per objective with 30 days of windows (≤ 16 KiB) and for 10,000 objectives
// (≤ 300 MB RSS). Run with --expose-gc: every figure is read after a full collection.

import process from 'node:process';
import { parseConfig } from '../dist/config/load-config.js';
import { fleetDefinitions, OBJECTIVES_PER_SLA } from './lib/fleet-config.mjs';
import { buildTemplates, fleetObjectives, restoreFleet } from './lib/fleet-windows.mjs';
import { emit, log, median, round } from './lib/report.mjs';

const KIB = 1024;
const MB = 1_000_000;
const GOAL_PER_OBJECTIVE_BYTES = 16 * KIB;
const GOAL_FLEET_RSS_BYTES = 300 * MB;

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
function settle() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage();
}

/** One objective of every window kind the evaluator has, each on a 30-day (or month) period. */
const KINDS_YAML = `apiVersion: forewarn/v1
clients:
  - { id: c0, name: C0, timeZone: Europe/Berlin }
services:
  - { id: s0, name: S0 }
slis:
  - { id: ok, service: s0, kind: ratio }
  - { id: lat, service: s0, kind: distribution, unit: ms }
slas:
  - id: sla0
    client: c0
    service: s0
    contract: { noticeTime: 15m, updateCadence: 30m }
    objectives:
      - id: budget-events-ratio
        sli: ok
        budget: { objective: 99.9, period: 30d }
        earlyWarning: { burnRates: default }
      - id: budget-events-latency
        sli: lat
        budget: { objective: 99, period: 30d, goodWhen: { comparator: '<=', value: 1000 } }
        earlyWarning: { burnRates: default }
      - id: budget-calendar-month
        sli: ok
        budget: { objective: 99.9, period: calendar-month }
        earlyWarning: { burnRates: default }
      - id: budget-slices-ratio
        sli: ok
        budget: { objective: 99, period: 30d, timeSlice: { statistic: good-ratio, comparator: '>=', value: 0.95 } }
        earlyWarning: { burnRates: default }
      - id: budget-slices-latency
        sli: lat
        budget: { objective: 99, period: 30d, timeSlice: { statistic: p95, comparator: '<=', value: 800 } }
        earlyWarning: { burnRates: default }
      - id: threshold-p95
        sli: lat
        threshold: { statistic: p95, comparator: '<=', value: 800, window: 5m }
        earlyWarning:
          fractionOfThreshold: { enterAt: 0.8 }
          trendProjection: { horizon: 30m, lookback: 10m }
      - id: threshold-good-ratio
        sli: ok
        threshold: { statistic: good-ratio, comparator: '>=', value: 0.99, window: 5m }
        earlyWarning:
          fractionOfThreshold: { enterAt: 0.8 }
`;

const kinds = parseConfig(KINDS_YAML, 'kinds.yaml', {});
if (!kinds.ok) throw new Error(`kinds config invalid: ${JSON.stringify(kinds.errors)}`);
const kindObjectives = fleetObjectives(kinds.config.definitions);
log('filling one window of each kind with 30 days of minute data');
const perKind = {};
{
  const { live } = buildTemplates(kindObjectives, { variants: 1 });
  for (const [id, windows] of live) perKind[id] = windows[0].memoryBytes();
}
const perKindValues = Object.values(perKind);
const perObjectiveMedian = median(perKindValues);

log('building 10,000 objectives (70 % budget, 30 % threshold) with 30 days of data');
const definitions = fleetDefinitions({ slas: 1000 });
const objectives = fleetObjectives(definitions);
let templates = buildTemplates(objectives.slice(0, OBJECTIVES_PER_SLA));
const snapshots = templates.snapshots;
templates = null;
const before = settle();
let windows = restoreFleet(objectives, snapshots);
const after = settle();
const estimatedBytes = windows.reduce((sum, w) => sum + w.memoryBytes(), 0);
const count = windows.length;
const heapDelta = after.heapUsed - before.heapUsed;
const buffersDelta = after.arrayBuffers - before.arrayBuffers;
const rssDelta = after.rss - before.rss;
windows = null;

emit({
  target: 'P6',
  name: 'memory per objective with 30 days of windows; 10,000 objectives',
  unit: 'bytes/objective',
  median: perObjectiveMedian,
  runs: perKindValues,
  goal: GOAL_PER_OBJECTIVE_BYTES,
  met: perObjectiveMedian <= GOAL_PER_OBJECTIVE_BYTES && after.rss <= GOAL_FLEET_RSS_BYTES,
  perKindMemoryBytes: perKind,
  perObjectiveMaxBytes: Math.max(...perKindValues),
  fleet: {
    objectives: count,
    rssTotalMB: round(after.rss / MB, 1),
    rssGoalMB: GOAL_FLEET_RSS_BYTES / MB,
    rssMet: after.rss <= GOAL_FLEET_RSS_BYTES,
    rssDeltaMB: round(rssDelta / MB, 1),
    heapUsedDeltaMB: round(heapDelta / MB, 1),
    arrayBuffersDeltaMB: round(buffersDelta / MB, 1),
    measuredBytesPerObjective: Math.round((heapDelta + buffersDelta) / count),
    memoryBytesPerObjective: Math.round(estimatedBytes / count),
    rssBeforeWindowsMB: round(before.rss / MB, 1),
  },
  method:
    'node --expose-gc, pinned to one core (taskset -c 0). Per kind: one window of each of the 7 ' +
    'window kinds fed 30 days of minute data (threshold windows: the last 2 h), memoryBytes() read; ' +
    'median over kinds. Fleet: 1,000 SLAs x 10 objectives (7 budget 30 d, 3 p95 threshold), windows ' +
    'restored from 30-day template snapshots; process.memoryUsage() after 3 gc() calls, before and ' +
    'after creating the 10,000 windows (definitions already loaded). rssTotalMB is the whole ' +
    'process with definitions and windows.',
});
