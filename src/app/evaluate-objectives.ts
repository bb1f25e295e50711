// The tick: advance each objective's windows to now, decide its state, and record transitions
// durably before anyone is told of them.

import { evaluateObjective } from '../domain/evaluation/evaluate-objective.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import type { AppContext } from './context.js';
import type { ObjectiveStateRecord } from './ports.js';

/** Evaluates the given objectives (all when omitted) on the serial lane. */
export function evaluateObjectives(
  ctx: AppContext,
  keys?: Iterable<string>,
): Promise<Transition[]> {
  return ctx.engine.serial(() => evaluateNow(ctx, keys));
}

/** Coalesces evaluation requests from ingest so a crossing is decided without waiting for a tick. */
export function scheduleEvaluation(ctx: AppContext, keys: Iterable<string>): void {
  for (const k of keys) ctx.engine.dirty.add(k);
  if (ctx.engine.evaluationScheduled) return;
  ctx.engine.evaluationScheduled = true;
  setImmediate(() => {
    ctx.engine.evaluationScheduled = false;
    const batch = [...ctx.engine.dirty];
    ctx.engine.dirty.clear();
    evaluateObjectives(ctx, batch).catch((err: unknown) =>
      ctx.logger.error({ err }, 'evaluation after ingest failed'),
    );
  });
}

async function evaluateNow(ctx: AppContext, keys?: Iterable<string>): Promise<Transition[]> {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) return [];
  const nowMs = ctx.clock.nowMs();
  const transitions: Transition[] = [];
  const changed: ObjectiveStateRecord[] = [];
  const next = new Map<string, ObjectiveState>();

  const selected =
    keys === undefined
      ? runtime.objectives.values()
      : [...new Set(keys)].map((k) => runtime.objectives.get(k)).filter((o) => o !== undefined);
  for (const o of selected) {
    o.window.advance(nowMs);
    const { state, transition } = evaluateObjective(o.def, o.window.observe(nowMs), o.state, nowMs);
    if (transition !== undefined) transitions.push(transition);
    if (transition !== undefined || durablePartChanged(o.state, state)) {
      changed.push({ objectiveKey: o.def.key, state });
      next.set(o.def.key, state);
    } else {
      // Fresh numbers, same decision: memory only, nothing to persist.
      o.state = state;
    }
  }
  if (changed.length > 0) {
    if (transitions.length > 0) await ctx.store.recordTransitions(transitions, changed);
    else await ctx.store.saveObjectiveStates(changed);
    for (const [key, state] of next) {
      const o = runtime.objectives.get(key);
      if (o !== undefined) o.state = state;
    }
  }
  for (const t of transitions) ctx.events.emit('transition', t);
  return transitions;
}

/** What a restart needs to avoid repeating or missing a transition. */
function durablePartChanged(a: ObjectiveState, b: ObjectiveState): boolean {
  return (
    a.status !== b.status ||
    a.sinceMs !== b.sinceMs ||
    a.withinSinceMs !== b.withinSinceMs ||
    a.clearSinceMs !== b.clearSinceMs
  );
}
