// The shape of every command on an incident or watch: load it, let the step decide (or refuse
// with what is missing), write the result with its timeline and notifications in one
// transaction, on the protocol lane so steps never interleave.

import type { Incident, TimelineEntry, Watch } from '../domain/protocol/case-files.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { CreditLedgerEntry, OutboxEntry } from './ports.js';
import { bumped, commitProtocolChange } from './protocol-writes.js';

export interface StepResult<T> {
  record: T;
  timeline: TimelineEntry[];
  notifications?: OutboxEntry[];
  credits?: CreditLedgerEntry[];
}

export async function loadIncident(ctx: AppContext, id: string): Promise<Incident> {
  const incident = await ctx.store.getIncident(id);
  if (incident === undefined) throw new AppError('E_INCIDENT_NOT_FOUND', `No incident "${id}".`);
  return incident;
}

export async function loadWatch(ctx: AppContext, id: string): Promise<Watch> {
  const watch = await ctx.store.getWatch(id);
  if (watch === undefined) throw new AppError('E_WATCH_NOT_FOUND', `No watch "${id}".`);
  return watch;
}

export function updateIncident(
  ctx: AppContext,
  id: string,
  step: (incident: Incident, nowMs: number) => StepResult<Incident> | Promise<StepResult<Incident>>,
): Promise<Incident> {
  return ctx.engine.protocol.run(async () => {
    const incident = await loadIncident(ctx, id);
    const result = await step(incident, ctx.clock.nowMs());
    const record = bumped(result.record);
    await commitProtocolChange(ctx, {
      incidents: [record],
      timeline: result.timeline,
      ...(result.notifications ? { notifications: result.notifications } : {}),
      ...(result.credits ? { credits: result.credits } : {}),
    });
    return record;
  });
}

export function updateWatch(
  ctx: AppContext,
  id: string,
  step: (watch: Watch, nowMs: number) => StepResult<Watch> | Promise<StepResult<Watch>>,
): Promise<Watch> {
  return ctx.engine.protocol.run(async () => {
    const watch = await loadWatch(ctx, id);
    const result = await step(watch, ctx.clock.nowMs());
    const record = bumped(result.record);
    await commitProtocolChange(ctx, {
      watches: [record],
      timeline: result.timeline,
      ...(result.notifications ? { notifications: result.notifications } : {}),
    });
    return record;
  });
}

/** A refusal that says what is missing. */
export function refuse(message: string, missing: string[] = []): never {
  throw new AppError('E_PROTOCOL_STEP', message, { details: { missing } });
}
