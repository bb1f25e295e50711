// Reading the protocol: an incident with its timeline, recovery gate, figures and ladder; a
// watch with its timeline; the postmortem as Markdown; the client-first figures.

import {
  incidentSubject,
  watchSubject,
  type Incident,
  type Watch,
} from '../domain/protocol/case-files.js';
import {
  clientFirstFigures,
  incidentFigures,
  type ClientFirstSummary,
  type IncidentFigures,
} from '../domain/protocol/incident-figures.js';
import { ladderState } from '../domain/protocol/lever-ladder.js';
import { postmortemMarkdown } from '../domain/protocol/postmortem-markdown.js';
import { recoveryGate, type RecoveryGate } from '../domain/protocol/recovery-gate.js';
import type { AppContext } from './context.js';
import type { IncidentQuery, StoredTimelineEntry, WatchQuery } from './ports.js';
import { loadIncident, loadWatch } from './update-incident.js';

export const MAX_PROTOCOL_PAGE = 500;
const TIMELINE_LIMIT = 5000;

export interface IncidentView {
  incident: Incident;
  recoveryGate: RecoveryGate;
  figures: IncidentFigures;
  ladder: ReturnType<typeof ladderState>;
  timeline: StoredTimelineEntry[];
}

function subjectsOf(incident: Incident): string[] {
  return [
    incidentSubject(incident.id),
    ...(incident.watchId !== undefined ? [watchSubject(incident.watchId)] : []),
  ];
}

export async function incidentView(ctx: AppContext, id: string): Promise<IncidentView> {
  const incident = await loadIncident(ctx, id);
  const nowMs = ctx.clock.nowMs();
  return {
    incident,
    recoveryGate: recoveryGate(incident, nowMs),
    figures: incidentFigures(incident, nowMs),
    ladder: ladderState(incident.levers),
    timeline: await ctx.store.listTimeline(subjectsOf(incident), TIMELINE_LIMIT),
  };
}

export function listIncidents(
  ctx: AppContext,
  query: Omit<IncidentQuery, 'limit'> & { limit?: number },
): Promise<Incident[]> {
  return ctx.store.listIncidents({
    ...query,
    limit: Math.min(query.limit ?? 100, MAX_PROTOCOL_PAGE),
  });
}

export async function watchView(
  ctx: AppContext,
  id: string,
): Promise<{ watch: Watch; timeline: StoredTimelineEntry[] }> {
  const watch = await loadWatch(ctx, id);
  return { watch, timeline: await ctx.store.listTimeline([watchSubject(id)], TIMELINE_LIMIT) };
}

export function listWatches(
  ctx: AppContext,
  query: Omit<WatchQuery, 'limit'> & { limit?: number },
): Promise<Watch[]> {
  return ctx.store.listWatches({
    ...query,
    limit: Math.min(query.limit ?? 100, MAX_PROTOCOL_PAGE),
  });
}

export async function postmortemDocument(ctx: AppContext, id: string): Promise<string> {
  const incident = await loadIncident(ctx, id);
  const defs = ctx.engine.runtime?.definitions;
  const timeline = await ctx.store.listTimeline(subjectsOf(incident), TIMELINE_LIMIT);
  const objectives: Record<string, { name: string; unit?: string }> = {};
  for (const sla of defs?.slas ?? []) {
    for (const o of sla.objectives) {
      const unit = defs?.slis.find((s) => s.id === o.sliId)?.unit;
      objectives[o.key] = { name: o.name, ...(unit !== undefined ? { unit } : {}) };
    }
  }
  return postmortemMarkdown({
    incident,
    timeline,
    nowMs: ctx.clock.nowMs(),
    names: {
      clients: Object.fromEntries((defs?.clients ?? []).map((c) => [c.id, c.name])),
      service: defs?.services.find((s) => s.id === incident.serviceId)?.name ?? incident.serviceId,
      people: Object.fromEntries((defs?.people ?? []).map((p) => [p.id, p.name])),
      objectives,
    },
  });
}

/** Time to first notice and "the client told us first", per client and overall. */
export async function clientFirstSummary(
  ctx: AppContext,
  clientId?: string,
): Promise<ClientFirstSummary> {
  const incidents = await ctx.store.listIncidents({
    ...(clientId !== undefined ? { clientId } : {}),
    limit: 10_000,
  });
  return clientFirstFigures(incidents, ctx.clock.nowMs());
}
