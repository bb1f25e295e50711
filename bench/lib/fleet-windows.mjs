// Builds the in-memory windows of a whole fleet with 30 days of minute data, the way a restart does:
// a few template windows per objective shape are fed minute by minute (43,200 minutes each), then
// every objective restores its window from one template's snapshot. Feeding all 10,000 windows
// minute by minute would take minutes of set-up and end in the same state.

import { Sketch } from '../../dist/domain/windows/sketch.js';
import {
  createObjectiveWindow,
  restoreObjectiveWindow,
} from '../../dist/domain/windows/objective-window.js';
import { objectiveContexts } from '../../dist/app/runtime.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** A fixed "now", 30 s into a minute, so runs are comparable. */
export const BASE_NOW_MS = Date.UTC(2026, 2, 10, 12, 0, 30);
const PERIOD_MINUTES = 30 * 24 * 60;
/** Threshold windows keep minutes only: feed them the last two hours. */
const THRESHOLD_FILL_MINUTES = 120;
/** Distinct data histories; objectives of SLA n restore template n mod VARIANTS. */
export const VARIANTS = 8;

/** Deterministic pseudo-random numbers (mulberry32), so every run sees the same data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Per variant: an error ratio and a typical latency. Variant 6 burns budget (1.2 % errors over
 * the last 2 h), variant 7 has latency close to the p95 thresholds, so the fleet holds objectives
 * in ok, early warning and breach, not only the quiet path.
 */
function variantShape(v) {
  return {
    // Mostly within even the 99.99 % objectives; a few SLAs spend more.
    errorRatio: [0.00001, 0.00003, 0.00005, 0.00002, 0.0002, 0.00004, 0.00003, 0.0006][v],
    recentErrorRatio: v === 6 ? 0.012 : undefined,
    latencyMs: variantLatencyMs(v),
  };
}

export function variantLatencyMs(v) {
  return [120, 180, 240, 300, 150, 210, 260, 330][v];
}

/** One minute of latency values: ~60 requests spread over a lognormal-ish shape. */
export function latencySketch(random, typicalMs) {
  const s = new Sketch();
  for (let i = 0; i < 12; i++) {
    const spread = Math.exp((random() - 0.5) * 1.6) * (1 + (i === 11 ? random() * 1.2 : 0));
    s.add(Math.round(typicalMs * spread), 5);
  }
  return s;
}

/** Minute data for a variant's two SLIs, oldest first, ending at the minute holding nowMs. */
function variantHistory(v, nowMs) {
  const random = rng(1000 + v);
  const shape = variantShape(v);
  const lastMinuteMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  const success = [];
  const latency = [];
  for (let m = PERIOD_MINUTES - 1; m >= 0; m--) {
    const minuteMs = lastMinuteMs - m * MINUTE_MS;
    const total = 800 + Math.floor(random() * 400);
    const ratio =
      m < 120 && shape.recentErrorRatio !== undefined ? shape.recentErrorRatio : shape.errorRatio;
    const bad = Math.round(total * ratio * 2 * random());
    success.push({ minuteMs, good: total - bad, total, sketch: null });
    latency.push({ minuteMs, good: 0, total: 0, sketch: latencySketch(random, shape.latencyMs) });
  }
  return { success, latency };
}

/** Each objective's context (def, sli, client) in definition order. */
export function fleetObjectives(definitions) {
  return objectiveContexts(definitions).map(({ def, sli, client, sla }) => ({
    def,
    sli,
    client,
    slaIndex: Number(sla.id.replace(/^\D+/, '')) || 0,
  }));
}

/**
 * Template snapshots: Map<localId, Uint8Array[VARIANTS]>, each fed with 30 days (budget) or the
 * last 2 hours (threshold) of its variant's minute data, and live windows per template kept for
 * memoryBytes(). `objectives` must hold every localId of one SLA.
 */
export function buildTemplates(objectives, { nowMs = BASE_NOW_MS, variants = VARIANTS } = {}) {
  const shapes = new Map();
  for (const o of objectives) if (!shapes.has(o.def.localId)) shapes.set(o.def.localId, o);
  const snapshots = new Map();
  const live = new Map();
  for (const id of shapes.keys()) {
    snapshots.set(id, []);
    live.set(id, []);
  }
  for (let v = 0; v < variants; v++) {
    const history = variantHistory(v, nowMs);
    for (const [id, o] of shapes) {
      const data = o.sli.kind === 'ratio' ? history.success : history.latency;
      const first = o.def.kind === 'budget' ? 0 : data.length - THRESHOLD_FILL_MINUTES;
      const window = createObjectiveWindow(o.def, o.sli, o.client, data[first].minuteMs);
      for (let i = first; i < data.length; i++) window.apply(data[i]);
      window.advance(nowMs);
      snapshots.get(id).push(window.serialize());
      live.get(id).push(window);
    }
  }
  return { snapshots, live };
}

/** One restored window per objective. */
export function restoreFleet(objectives, snapshots) {
  return objectives.map((o) => {
    const list = snapshots.get(o.def.localId);
    const bytes = list[o.slaIndex % list.length];
    return restoreObjectiveWindow(o.def, o.sli, o.client, bytes);
  });
}
