// The tick: advance each objective's windows to now, decide its state, and record transitions
// durably before anyone is told of them.

import { evaluateObjective } from '../domain/evaluation/evaluate-objective.js';
import { mayChangeWithoutData } from '../domain/evaluation/may-change-without-data.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import type { AppContext } from './context.js';
import type { ObjectiveStateRecord } from './ports.js';
import type { Runtime } from './runtime.js';
import { outboxEntriesFor, withEpisode } from './transition-effects.js';

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
  const startedAt = performance.now();
  const nowMs = ctx.clock.nowMs();
  const transitions: Transition[] = [];
  const changed: ObjectiveStateRecord[] = [];
  const next = new Map<string, ObjectiveState>();

  const selected =
    keys === undefined
      ? runtime.objectives.values()
      : [...new Set(keys)].map((k) => runtime.objectives.get(k)).filter((o) => o !== undefined);
  const everyone = keys === undefined;
  for (const o of selected) {
    o.window.advance(nowMs);
    // Held by an external alert (Alertmanager): its resolution, not the windows, moves it on.
    if (o.state.reason.kind === 'external-alert') continue;
    // Same numbers and nothing that time alone can move: the state is a fixed point (P3).
    if (
      everyone &&
      o.window.version === o.evaluatedVersion &&
      !mayChangeWithoutData(o.def, o.state)
    ) {
      continue;
    }
    o.evaluatedVersion = o.window.version;
    const evaluated = evaluateObjective(o.def, o.window.observe(nowMs), o.state, nowMs);
    const { transition } = evaluated;
    const state = withEpisode(o.state, evaluated.state, nowMs);
    if (transition !== undefined) transitions.push(transition);
    if (transition !== undefined || durablePartChanged(o.state, state)) {
      changed.push({ objectiveKey: o.def.key, state });
      next.set(o.def.key, state);
    } else {
      // Fresh numbers, same decision: memory only, nothing to persist.
      o.state = state;
    }
  }
  const notifications = outboxEntriesFor(
    runtime,
    transitions,
    (t) => episodeStartOf(runtime, t, next),
    nowMs,
  );
  if (changed.length > 0) {
    if (transitions.length > 0) {
      const recorded = transitions.map((t) => ({
        ...t,
        episodeStartMs: episodeStartOf(runtime, t, next),
      }));
      await ctx.store.recordTransitions(recorded, changed, notifications);
    } else {
      await ctx.store.saveObjectiveStates(changed);
    }
    for (const [key, state] of next) {
      const o = runtime.objectives.get(key);
      if (o !== undefined) o.state = state;
    }
  }
  if (notifications.length > 0) ctx.engine.notificationsQueued();
  if (transitions.length > 0) ctx.engine.transitionsRecorded();
  const metrics = ctx.engine.metrics;
  for (const t of transitions) metrics.transitions[t.to]++;
  if (keys === undefined) metrics.observeTick((performance.now() - startedAt) / 1000);
  for (const t of transitions) ctx.events.emit('transition', t);
  return transitions;
}

/** The episode a transition belongs to; one back to ok closes the one the previous state carried. */
function episodeStartOf(
  runtime: Runtime,
  transition: Transition,
  states: Map<string, ObjectiveState>,
): number {
  const before = runtime.objectives.get(transition.objectiveKey)?.state;
  const after = states.get(transition.objectiveKey);
  return after?.episodeStartMs ?? before?.episodeStartMs ?? before?.sinceMs ?? transition.atMs;
}

/** What a restart needs to avoid repeating or missing a transition. */
function durablePartChanged(a: ObjectiveState, b: ObjectiveState): boolean {
  return (
    a.status !== b.status ||
    a.sinceMs !== b.sinceMs ||
    a.withinSinceMs !== b.withinSinceMs ||
    a.clearSinceMs !== b.clearSinceMs ||
    a.episodeStartMs !== b.episodeStartMs
  );
}
