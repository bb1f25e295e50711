// Builds the in-memory runtime for the stored definitions: windows from snapshots plus the
// ingest log written after them, or from the stored per-minute rollups when no snapshot fits.

import type { Definitions, ObjectiveDef } from '../domain/definitions.js';
import { initialObjectiveState } from '../domain/evaluation/evaluate-objective.js';
import {
  createObjectiveWindow,
  restoreObjectiveWindow,
  type MinuteData,
} from '../domain/windows/objective-window.js';
import { Sketch } from '../domain/windows/sketch.js';
import type { AppContext } from './context.js';
import type { ObjectiveStateRecord, Rollup } from './ports.js';
import { objectiveContexts, Runtime, type ObjectiveRuntime } from './runtime.js';

const LOG_PAGE = 5_000;
const DAY_MS = 86_400_000;

/**
 * `rebuildSlis`: objectives of these SLIs ignore their snapshots and are rebuilt from the stored
 * rollups (a back-fill wrote history older than the snapshots hold).
 */
export async function buildRuntime(
  ctx: AppContext,
  defs: Definitions,
  rebuildSlis: ReadonlySet<string> = new Set(),
): Promise<Runtime> {
  const nowMs = ctx.clock.nowMs();
  const runtime = new Runtime(defs);
  const states = new Map(
    (await ctx.store.loadObjectiveStates()).map((r) => [r.objectiveKey, r.state]),
  );
  const snapshots = new Map((await ctx.store.loadSnapshots()).map((s) => [s.objectiveKey, s]));

  const fromSnapshot: Array<{ o: ObjectiveRuntime; seq: number }> = [];
  const fromRollups: ObjectiveRuntime[] = [];
  let maxSeq = 0;
  const fresh: ObjectiveStateRecord[] = [];
  for (const c of objectiveContexts(defs)) {
    const snap = snapshots.get(c.def.key);
    let window;
    if (snap !== undefined && snap.definitionHash === c.hash && !rebuildSlis.has(c.sli.id)) {
      try {
        window = restoreObjectiveWindow(c.def, c.sli, c.client, snap.data);
      } catch (err) {
        ctx.logger.warn({ err, objective: c.def.key }, 'snapshot unreadable; rebuilding');
      }
    }
    const o: ObjectiveRuntime = {
      def: c.def,
      sla: c.sla,
      sli: c.sli,
      client: c.client,
      definitionHash: c.hash,
      window: window ?? createObjectiveWindow(c.def, c.sli, c.client, nowMs),
      state: states.get(c.def.key) ?? initialObjectiveState(nowMs),
      evaluatedVersion: -1,
    };
    if (!states.has(c.def.key)) fresh.push({ objectiveKey: c.def.key, state: o.state });
    runtime.add(o);
    if (window !== undefined && snap !== undefined) {
      fromSnapshot.push({ o, seq: snap.seq });
      maxSeq = Math.max(maxSeq, snap.seq);
    } else {
      fromRollups.push(o);
    }
  }

  // Replay the log once, giving each objective only what its snapshot lacks.
  const minSeq = fromSnapshot.reduce((m, s) => Math.min(m, s.seq), Number.POSITIVE_INFINITY);
  let after = Number.isFinite(minSeq) ? minSeq : Number.MAX_SAFE_INTEGER;
  const snapSeq = new Map(fromSnapshot.map((s) => [s.o.def.key, s.seq]));
  for (;;) {
    const page = await ctx.store.readIngestLog(after, LOG_PAGE);
    if (page.length === 0) break;
    for (const entry of page) {
      for (const r of entry.rollups) {
        for (const o of runtime.objectivesBySli.get(r.sliId) ?? []) {
          const s = snapSeq.get(o.def.key);
          if (s !== undefined && entry.seq > s) o.window.apply(toMinuteData(r));
        }
      }
      after = entry.seq;
      maxSeq = Math.max(maxSeq, entry.seq);
    }
  }

  const bySli = new Map<string, ObjectiveRuntime[]>();
  for (const o of fromRollups) bySli.set(o.sli.id, [...(bySli.get(o.sli.id) ?? []), o]);
  for (const [sliId, objectives] of bySli) {
    const fromMs = nowMs - Math.max(...objectives.map((o) => historyNeededMs(o.def)));
    for (const r of await ctx.store.readRollups(sliId, fromMs, nowMs + ctx.settings.maxFutureMs)) {
      const m = toMinuteData(r);
      for (const o of objectives) o.window.apply(m);
    }
  }
  if (fromRollups.length > 0) maxSeq = Math.max(maxSeq, await lastLogSeq(ctx, maxSeq));
  runtime.appliedSeq = maxSeq;
  // A new objective's "ok since" is when it was first defined, also after a restart.
  if (fresh.length > 0) await ctx.store.saveObjectiveStates(fresh);
  for (const o of runtime.objectives.values()) o.window.advance(nowMs);
  return runtime;
}

async function lastLogSeq(ctx: AppContext, from: number): Promise<number> {
  let last = from;
  for (;;) {
    const page = await ctx.store.readIngestLog(last, LOG_PAGE);
    const tail = page.at(-1);
    if (tail === undefined) return last;
    last = tail.seq;
  }
}

function historyNeededMs(def: ObjectiveDef): number {
  if (def.kind === 'budget') {
    return def.period.kind === 'rolling' ? def.period.durationMs + DAY_MS : 32 * DAY_MS;
  }
  const lookback = def.earlyWarning.trendProjection?.lookbackMs ?? 0;
  return Math.max(def.measurementWindowMs, lookback) + 2 * 60_000;
}

export function toMinuteData(r: Rollup): MinuteData {
  return {
    minuteMs: r.minuteMs,
    good: r.good,
    total: r.total,
    sketch: r.sketch === null ? null : Sketch.decode(r.sketch),
  };
}
