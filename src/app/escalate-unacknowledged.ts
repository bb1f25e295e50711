// Pages the next role in a service's escalation chain when no one has acknowledged a breach page
// within the policy's time. Each step is queued once (its dedup key names the level).

import { randomUUID } from 'node:crypto';
import { escalationLevelsDue } from '../domain/routing/escalation-levels-due.js';
import { incidentKeyOf } from '../domain/routing/plan-notifications.js';
import { peopleForRoles } from '../domain/routing/role-holders.js';
import type { AppContext } from './context.js';
import type { OutboxEntry } from './ports.js';

const INCIDENT_PAGE = 200;

export async function escalateUnacknowledged(ctx: AppContext): Promise<number> {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) return 0;
  const nowMs = ctx.clock.nowMs();
  const services = new Map(runtime.definitions.services.map((s) => [s.id, s]));
  const entries: OutboxEntry[] = [];
  for (const o of runtime.objectives.values()) {
    if (o.state.status !== 'breach' || o.state.episodeStartMs === undefined) continue;
    const service = services.get(o.sla.serviceId);
    const policy = service?.escalation;
    if (service === undefined || policy === undefined) continue;
    const incidentKey = incidentKeyOf(o.def.key, o.state.episodeStartMs);
    const sent = await ctx.store.listNotifications({ incidentKey, limit: INCIDENT_PAGE });
    if (sent.some((n) => n.ackedAtMs !== null)) continue;
    const pages = sent.filter((n) => n.audience === 'team' && n.message.event === 'breach');
    const firstPage = pages.reduce<number | undefined>(
      (min, n) => (min === undefined || n.createdAtMs < min ? n.createdAtMs : min),
      undefined,
    );
    const template = pages[0];
    if (firstPage === undefined || template === undefined) continue;
    const due = escalationLevelsDue(policy, firstPage, nowMs);
    for (let level = 1; level <= due; level++) {
      const role = policy.chain[level - 1];
      if (role === undefined) continue;
      for (const person of peopleForRoles(service, [role], runtime.definitions, nowMs)) {
        for (const point of person.contactPoints) {
          entries.push({
            id: randomUUID(),
            dedupKey: `escalation:${incidentKey}:${level}:${person.id}:${point.endpointId}:${point.address ?? ''}`,
            incidentKey,
            endpointId: point.endpointId,
            ...(point.address !== undefined ? { address: point.address } : {}),
            audience: 'team',
            priority: 1,
            role,
            personId: person.id,
            message: template.message,
            createdAtMs: nowMs,
          });
        }
      }
    }
  }
  const queued = entries.length > 0 ? await ctx.store.enqueueNotifications(entries) : 0;
  if (queued > 0) {
    ctx.logger.warn({ queued }, 'breach page unacknowledged: escalated');
    ctx.engine.notificationsQueued();
  }
  return queued;
}
