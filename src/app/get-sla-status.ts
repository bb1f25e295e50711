// Current state of SLAs and their objectives, for the API and the CLI.

import type { ObjectiveStatus } from '../domain/objective-state.js';
import {
  summarizeObjective,
  worstStatus,
  type ObjectiveSummary,
} from '../domain/objective-summary.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';

export interface SlaStatus {
  id: string;
  name: string;
  clientId: string;
  serviceId: string;
  status: ObjectiveStatus;
  objectives: ObjectiveSummary[];
}

export function listSlaStatuses(ctx: AppContext, filter: { clientId?: string } = {}): SlaStatus[] {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) return [];
  return runtime.definitions.slas
    .filter((s) => filter.clientId === undefined || s.clientId === filter.clientId)
    .map((s) => getSlaStatus(ctx, s.id));
}

export function getSlaStatus(ctx: AppContext, slaId: string): SlaStatus {
  const runtime = ctx.engine.runtime;
  const sla = runtime?.slaById.get(slaId);
  if (runtime === undefined || sla === undefined) {
    throw new AppError('E_SLA_NOT_FOUND', `No SLA "${slaId}".`, { details: { slaId } });
  }
  const nowMs = ctx.clock.nowMs();
  const objectives: ObjectiveSummary[] = [];
  for (const def of sla.objectives) {
    const o = runtime.objectives.get(def.key);
    if (o === undefined) continue;
    o.window.advance(nowMs);
    objectives.push(summarizeObjective(def, o.window.observe(nowMs), o.state));
  }
  return {
    id: sla.id,
    name: sla.name,
    clientId: sla.clientId,
    serviceId: sla.serviceId,
    status: worstStatus(objectives.map((o) => o.status)),
    objectives,
  };
}
