// Alerts from an existing Prometheus/Alertmanager setup move mapped objectives: recorded as
// transitions through the same store path as the evaluator (with their notifications), on the
// serial lane so they never interleave with an evaluation. The breach protocol then reacts.
// The mapping and state rules are in src/domain/external-alert.ts.

import { alertStep, mapAlert, type AlertmanagerPayload } from '../domain/external-alert.js';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { ObjectiveStateRecord } from './ports.js';
import { outboxEntriesFor, withEpisode } from './transition-effects.js';

export interface AlertOutcome {
  fingerprint: string;
  alertname: string;
  objectiveKey?: string;
  outcome: 'applied' | 'unchanged' | 'refused';
  reason?: string;
  transition?: { from: string; to: string };
}

export function receiveAlertmanager(
  ctx: AppContext,
  payload: AlertmanagerPayload,
): Promise<AlertOutcome[]> {
  return ctx.engine.serial(() => applyNow(ctx, payload));
}

async function applyNow(ctx: AppContext, payload: AlertmanagerPayload): Promise<AlertOutcome[]> {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) {
    throw new AppError('E_NOT_CONFIGURED', 'No definitions have been applied yet.');
  }
  const nowMs = ctx.clock.nowMs();
  const outcomes: AlertOutcome[] = [];
  const transitions: Transition[] = [];
  const before = new Map<string, ObjectiveState>();
  const next = new Map<string, ObjectiveState>();
  for (const raw of payload.alerts) {
    const mapped = mapAlert(raw, (key) => runtime.objectives.has(key));
    if (!mapped.ok) {
      const { fingerprint, alertname, reason } = mapped;
      outcomes.push({ fingerprint, alertname, outcome: 'refused', reason });
      continue;
    }
    const alert = mapped.alert;
    const o = runtime.objectives.get(alert.objectiveKey);
    if (o === undefined) continue;
    const prev = next.get(o.def.key) ?? o.state;
    const step = alertStep(alert, prev, o.def.recoveryPeriodMs, nowMs);
    const base = {
      fingerprint: alert.fingerprint,
      alertname: alert.alertname,
      objectiveKey: o.def.key,
    };
    if (step === undefined) {
      outcomes.push({ ...base, outcome: 'unchanged', reason: `objective is ${prev.status}` });
      continue;
    }
    if (!before.has(o.def.key)) before.set(o.def.key, o.state);
    next.set(o.def.key, withEpisode(prev, step.state, nowMs));
    transitions.push(step.transition);
    outcomes.push({
      ...base,
      outcome: 'applied',
      transition: { from: step.transition.from, to: step.transition.to },
    });
  }
  if (transitions.length === 0) return outcomes;

  const episodeOf = (t: Transition): number => {
    const prev = before.get(t.objectiveKey);
    const after = next.get(t.objectiveKey);
    return after?.episodeStartMs ?? prev?.episodeStartMs ?? prev?.sinceMs ?? t.atMs;
  };
  const notifications = outboxEntriesFor(runtime, transitions, episodeOf, nowMs);
  const changed: ObjectiveStateRecord[] = [...next].map(([objectiveKey, state]) => ({
    objectiveKey,
    state,
  }));
  await ctx.store.recordTransitions(
    transitions.map((t) => ({ ...t, episodeStartMs: episodeOf(t) })),
    changed,
    notifications,
  );
  for (const [key, state] of next) {
    const o = runtime.objectives.get(key);
    if (o !== undefined) o.state = state;
  }
  if (notifications.length > 0) ctx.engine.notificationsQueued();
  ctx.engine.transitionsRecorded();
  for (const t of transitions) ctx.engine.metrics.transitions[t.to]++;
  for (const t of transitions) ctx.events.emit('transition', t);
  return outcomes;
}
