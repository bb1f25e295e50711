// The containment ladder on an incident: each lever recorded as tried, skipped (with a reason),
// worked or failed, by whom and when; a lever bound to an action runs its signed webhook and
// the result goes on the timeline. A lever that worked completes the contain stage.

import {
  incidentSubject,
  type Incident,
  type LeverActionResult,
  type LeverName,
  type LeverOutcome,
  type TimelineEntry,
} from '../domain/protocol/case-files.js';
import { checkLeverRecord } from '../domain/protocol/lever-ladder.js';
import type { AppContext } from './context.js';
import { definitionsOf } from './incident-subjects.js';
import { loadIncident, refuse, updateIncident } from './update-incident.js';

export interface LeverInput {
  lever: LeverName;
  outcome: LeverOutcome;
  by: string;
  note?: string;
  /** Run the action bound to this lever in the service's definition. */
  runAction?: boolean;
}

export async function recordLever(
  ctx: AppContext,
  id: string,
  input: LeverInput,
): Promise<Incident> {
  const before = await loadIncident(ctx, id);
  const check = checkLeverRecord(before.levers, input.lever, input.outcome, input.note);
  if (!check.ok) refuse(`Cannot record lever "${input.lever}": ${check.problem}.`, [check.problem]);
  const action = input.runAction === true ? await runAction(ctx, before, input) : undefined;
  return updateIncident(ctx, id, (incident, nowMs) => {
    if (incident.status === 'closed') refuse(`Incident ${id} is closed.`);
    const recheck = checkLeverRecord(incident.levers, input.lever, input.outcome, input.note);
    if (!recheck.ok)
      refuse(`Cannot record lever "${input.lever}": ${recheck.problem}.`, [recheck.problem]);
    const record = {
      lever: input.lever,
      outcome: input.outcome,
      by: input.by,
      atMs: nowMs,
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(action !== undefined ? { action } : {}),
    };
    const contained = input.outcome === 'worked' && incident.stages.contain.doneAtMs === undefined;
    const timeline: TimelineEntry[] = [
      {
        subject: incidentSubject(id),
        atMs: nowMs,
        kind: 'lever',
        actor: input.by,
        text: `Lever ${input.lever}: ${input.outcome}${input.note ? ` — ${input.note}` : ''}.`,
        data: { lever: input.lever, outcome: input.outcome },
      },
    ];
    if (action !== undefined) {
      timeline.push({
        subject: incidentSubject(id),
        atMs: nowMs,
        kind: 'lever-action',
        actor: 'forewarn',
        text: action.ok
          ? `Action of ${input.lever} accepted (HTTP ${action.status ?? '-'}, ${action.durationMs} ms).`
          : `Action of ${input.lever} failed: ${action.reason ?? 'no reason given'}.`,
        data: { lever: input.lever, ok: action.ok, status: action.status },
      });
    }
    return {
      record: {
        ...incident,
        levers: [...incident.levers, record],
        ...(contained
          ? { stages: { ...incident.stages, contain: { doneAtMs: nowMs, doneBy: input.by } } }
          : {}),
      },
      timeline,
    };
  });
}

async function runAction(
  ctx: AppContext,
  incident: Incident,
  input: LeverInput,
): Promise<LeverActionResult> {
  const defs = definitionsOf(ctx.engine.runtime);
  const service = defs.services.find((s) => s.id === incident.serviceId);
  const bound = service?.leverActions?.[input.lever];
  if (bound === undefined) {
    refuse(
      `Lever "${input.lever}" of service "${incident.serviceId}" has no action bound in its definition (services[].levers).`,
    );
  }
  const endpoint = defs.endpoints.find((e) => e.id === bound.endpointId);
  if (endpoint === undefined || ctx.leverActions === undefined) {
    refuse(`The action endpoint "${bound.endpointId}" of lever "${input.lever}" is not available.`);
  }
  return ctx.leverActions.run({
    endpoint,
    idempotencyKey: `${incident.id}:${input.lever}:${incident.levers.length}`,
    payload: {
      type: 'forewarn.lever',
      lever: input.lever,
      incident: {
        id: incident.id,
        service: incident.serviceId,
        detectedAt: new Date(incident.detectedAtMs).toISOString(),
      },
      requestedBy: input.by,
      note: input.note ?? null,
    },
  });
}
