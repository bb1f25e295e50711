// The tick: advance each objective's windows to now, decide its state, and record transitions
// durably before anyone is told of them.

import { randomUUID } from 'node:crypto';
import { evaluateObjective } from '../domain/evaluation/evaluate-objective.js';
import { mayChangeWithoutData } from '../domain/evaluation/may-change-without-data.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import { planNotifications } from '../domain/routing/plan-notifications.js';
import type { AppContext } from './context.js';
import type { ObjectiveStateRecord, OutboxEntry } from './ports.js';
import type { Runtime } from './runtime.js';

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
  const notifications = planOutbox(runtime, transitions, next, nowMs);
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

/** Carries the episode start through every state of an episode; an episode ends back in ok. */
function withEpisode(prev: ObjectiveState, next: ObjectiveState, nowMs: number): ObjectiveState {
  if (next.status === 'ok') {
    if (next.episodeStartMs === undefined) return next;
    const { episodeStartMs: _ended, ...rest } = next;
    return rest;
  }
  const episodeStartMs = prev.status === 'ok' ? nowMs : (prev.episodeStartMs ?? prev.sinceMs);
  return next.episodeStartMs === episodeStartMs ? next : { ...next, episodeStartMs };
}

/** The notifications the transitions cause, written in the same transaction as they are. */
function planOutbox(
  runtime: Runtime,
  transitions: Transition[],
  states: Map<string, ObjectiveState>,
  nowMs: number,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const transition of transitions) {
    const episodeStartMs = episodeStartOf(runtime, transition, states);
    for (const p of planNotifications({
      transition,
      episodeStartMs,
      defs: runtime.definitions,
      nowMs,
    })) {
      entries.push({
        id: randomUUID(),
        dedupKey: p.dedupKey,
        incidentKey: p.message.incidentKey,
        endpointId: p.endpointId,
        ...(p.address !== undefined ? { address: p.address } : {}),
        audience: p.audience,
        priority: p.priority,
        ...(p.role !== undefined ? { role: p.role } : {}),
        ...(p.personId !== undefined ? { personId: p.personId } : {}),
        ...(p.contactName !== undefined ? { contactName: p.contactName } : {}),
        message: p.message,
        createdAtMs: nowMs,
      });
    }
  }
  return entries;
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
