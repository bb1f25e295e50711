// Alerts from an existing Prometheus/Alertmanager setup, as pure rules: which objective and layer
// an alert names (labels `forewarn_objective="<slaId>/<localId>"` and `forewarn_layer`, else
// `severity` ticket/warning → early-warning, anything else → breach), and the state it moves
// the objective to. A firing alert raises the objective to its layer (ok → early-warning/breach,
// early-warning or recovered → breach); a resolved alert lowers its own layer only (breach →
// recovered, early-warning → ok); anything else changes nothing, so a repeat moves nothing.

import type { ObjectiveState, Reason, Transition } from './objective-state.js';

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

export interface MappedAlert {
  objectiveKey: string;
  layer: AlertLayer;
  status: 'firing' | 'resolved';
  alertname: string;
  fingerprint: string;
  startsAtMs: number;
  endsAtMs?: number;
}

export type AlertMapping =
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
export function mapAlert(
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

export interface AlertStep {
  state: ObjectiveState;
  transition: Transition;
}

const RAISES: Record<MappedAlert['layer'], ReadonlyArray<ObjectiveState['status']>> = {
  breach: ['ok', 'early-warning', 'recovered'],
  'early-warning': ['ok'],
};

/** The next state and its transition, or undefined when the alert changes nothing. */
export function alertStep(
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
