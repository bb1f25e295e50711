// Alerts from an existing Prometheus/Alertmanager setup move mapped objectives: recorded as
// transitions through the same store path as the evaluator (with their notifications), on the
// serial lane so they never interleave with an evaluation. The breach protocol then reacts.
// Mapping, from labels alone: `forewarn_objective="<slaId>/<localId>"` and
// `forewarn_layer="breach"|"early-warning"` (otherwise `severity` page/critical → breach,
// ticket/warning → early-warning, else breach). A firing alert raises the objective to its layer
// (ok → early-warning/breach, early-warning or recovered → breach); a resolved alert lowers its own
// layer only (breach → recovered, early-warning → ok); anything else changes nothing, so the same
// alert sent twice moves the objective once.

import type { ObjectiveState, Reason, Transition } from '../domain/objective-state.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { ObjectiveStateRecord } from './ports.js';
import { outboxEntriesFor, withEpisode } from './transition-effects.js';

export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAtMs: number;
  /** Absent while firing (Alertmanager sends the zero time "0001-01-01T00:00:00Z"). */
  endsAtMs?: number;
  generatorURL: string;
  fingerprint: string;
}

export interface AlertmanagerPayload {
  version: '4';
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  alerts: AlertmanagerAlert[];
}

export type AlertLayer = 'breach' | 'early-warning';

interface MappedAlert {
  objectiveKey: string;
  layer: AlertLayer;
  status: 'firing' | 'resolved';
  alertname: string;
  fingerprint: string;
  startsAtMs: number;
  endsAtMs?: number;
}

type AlertMapping =
  | { ok: true; alert: MappedAlert }
  | { ok: false; fingerprint: string; alertname: string; reason: string };

const OBJECTIVE_LABEL = 'forewarn_objective';
const LAYER_LABEL = 'forewarn_layer';

const EARLY_WARNING_SEVERITIES = new Set(['ticket', 'warning']);

function layerOf(labels: Record<string, string>): AlertLayer | undefined {
  const explicit = labels[LAYER_LABEL];
  if (explicit !== undefined) {
    return explicit === 'breach' || explicit === 'early-warning' ? explicit : undefined;
  }
  const severity = labels.severity?.toLowerCase();
  return severity !== undefined && EARLY_WARNING_SEVERITIES.has(severity)
    ? 'early-warning'
    : 'breach';
}

/** Maps one alert; `knownObjective` says whether an objective key exists. */
function mapAlert(
  alert: AlertmanagerAlert,
  knownObjective: (key: string) => boolean,
): AlertMapping {
  const alertname = alert.labels.alertname ?? '(unnamed)';
  const refuse = (reason: string): AlertMapping => ({
    ok: false,
    fingerprint: alert.fingerprint,
    alertname,
    reason,
  });
  const objectiveKey = alert.labels[OBJECTIVE_LABEL];
  if (objectiveKey === undefined || objectiveKey === '') {
    return refuse(`no "${OBJECTIVE_LABEL}" label naming an objective as "<slaId>/<localId>"`);
  }
  if (!knownObjective(objectiveKey)) return refuse(`no objective "${objectiveKey}"`);
  const layer = layerOf(alert.labels);
  if (layer === undefined) {
    return refuse(
      `label "${LAYER_LABEL}" is "${alert.labels[LAYER_LABEL]}"; expected breach or early-warning`,
    );
  }
  return {
    ok: true,
    alert: {
      objectiveKey,
      layer,
      status: alert.status,
      alertname,
      fingerprint: alert.fingerprint,
      startsAtMs: alert.startsAtMs,
      ...(alert.endsAtMs !== undefined ? { endsAtMs: alert.endsAtMs } : {}),
    },
  };
}

interface AlertStep {
  state: ObjectiveState;
  transition: Transition;
}

const RAISES: Record<MappedAlert['layer'], ReadonlyArray<ObjectiveState['status']>> = {
  breach: ['ok', 'early-warning', 'recovered'],
  'early-warning': ['ok'],
};

/** The next state and its transition, or undefined when the alert changes nothing. */
function alertStep(
  alert: MappedAlert,
  prev: ObjectiveState,
  recoveryPeriodMs: number,
  nowMs: number,
): AlertStep | undefined {
  if (alert.status === 'firing') {
    if (!RAISES[alert.layer].includes(prev.status)) return undefined;
    return move(alert.objectiveKey, prev, alert.layer, nowMs, {
      kind: 'external-alert',
      source: 'alertmanager',
      alertname: alert.alertname,
      fingerprint: alert.fingerprint,
      startsAtMs: alert.startsAtMs,
    });
  }
  const endedMs = Math.min(alert.endsAtMs ?? nowMs, nowMs);
  if (alert.layer === 'breach' && prev.status === 'breach') {
    const reason: Reason = { kind: 'recovering', withinSinceMs: endedMs, recoveryPeriodMs };
    return move(alert.objectiveKey, prev, 'recovered', nowMs, reason, { withinSinceMs: endedMs });
  }
  if (alert.layer === 'early-warning' && prev.status === 'early-warning') {
    return move(alert.objectiveKey, prev, 'ok', nowMs, {
      kind: 'warning-cleared',
      clearSinceMs: endedMs,
      clearAfterMs: 0,
    });
  }
  return undefined;
}

function move(
  objectiveKey: string,
  prev: ObjectiveState,
  to: ObjectiveState['status'],
  nowMs: number,
  reason: Reason,
  extra: { withinSinceMs?: number } = {},
): AlertStep {
  return {
    state: { status: to, sinceMs: nowMs, reason, ...extra },
    transition: { objectiveKey, atMs: nowMs, from: prev.status, to, reason },
  };
}

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
