// Confirmed subscribers get every notice their client receives: the very message the client's
// contacts were sent (copied from the outbox), addressed to each subscriber through the email
// endpoint. The dedup key (notice × address) makes a repeated fan-out a no-op, so it runs after
// each notice step and once at start for the last day, which covers a crash in between.

import { randomUUID } from 'node:crypto';
import type { NoticeRecord } from '../../domain/protocol/case-files.js';
import type { AppContext } from '../context.js';
import type { ProtocolEvent } from '../events.js';
import type { OutboxEntry } from '../ports.js';
import { emailEndpointFor } from './status-subscriptions.js';

const NOTICE_STEPS = new Set(['notice', 'heads-up-sent']);
export const CATCH_UP_MS = 86_400_000;
const CASES_READ = 50;

export const isNoticeStep = (e: ProtocolEvent): boolean => NOTICE_STEPS.has(e.kind);

/** Queues the subscriber copies of these notices of one client; returns how many were new. */
async function fanOut(
  ctx: AppContext,
  clientId: string,
  notices: readonly NoticeRecord[],
): Promise<number> {
  const mine = notices.filter((n) => n.clientId === clientId);
  if (mine.length === 0) return 0;
  const subscribers = await ctx.store.listStatusSubscribers(clientId);
  const endpointId = emailEndpointFor(ctx, clientId);
  if (subscribers.length === 0 || endpointId === undefined) return 0;
  const entries: OutboxEntry[] = [];
  for (const notice of mine) {
    const original = notice.notificationIds[0];
    const sent = original === undefined ? undefined : await ctx.store.getNotification(original);
    if (sent === undefined) continue;
    for (const s of subscribers) {
      entries.push({
        id: randomUUID(),
        dedupKey: `status-subscriber:${notice.id}:${s.email.toLowerCase()}`,
        incidentKey: sent.record.incidentKey,
        endpointId,
        address: s.email,
        audience: 'client',
        priority: 0,
        message: sent.record.message,
        createdAtMs: ctx.clock.nowMs(),
      });
    }
  }
  const queued = entries.length === 0 ? 0 : await ctx.store.enqueueNotifications(entries);
  if (queued > 0) ctx.engine.notificationsQueued();
  return queued;
}

/** After a notice step: the notices of that incident or watch. */
export async function notifySubscribersOf(ctx: AppContext, e: ProtocolEvent): Promise<number> {
  if (e.clientIds !== undefined && !(await anySubscribers(ctx, e.clientIds))) return 0;
  if (e.subject === 'watch') {
    const watch = await ctx.store.getWatch(e.id);
    return watch === undefined ? 0 : fanOut(ctx, watch.clientId, watch.notices);
  }
  const incident = await ctx.store.getIncident(e.id);
  if (incident === undefined) return 0;
  let queued = 0;
  for (const c of incident.clients) queued += await fanOut(ctx, c.clientId, incident.notices);
  return queued;
}

async function anySubscribers(ctx: AppContext, clientIds: readonly string[]): Promise<boolean> {
  for (const clientId of clientIds) {
    if ((await ctx.store.listStatusSubscribers(clientId)).length > 0) return true;
  }
  return false;
}

/** At start: every client's notices of the last CATCH_UP_MS, for a fan-out a crash cut short. */
export async function catchUpSubscribers(ctx: AppContext): Promise<number> {
  const sinceMs = ctx.clock.nowMs() - CATCH_UP_MS;
  let queued = 0;
  for (const client of ctx.engine.runtime?.definitions.clients ?? []) {
    if ((await ctx.store.listStatusSubscribers(client.id)).length === 0) continue;
    const [incidents, watches] = await Promise.all([
      ctx.store.listIncidents({ clientId: client.id, limit: CASES_READ }),
      ctx.store.listWatches({ clientId: client.id, limit: CASES_READ }),
    ]);
    const recent = [...incidents, ...watches]
      .flatMap((c) => c.notices)
      .filter((n) => n.sentAtMs >= sinceMs);
    queued += await fanOut(ctx, client.id, recent);
  }
  return queued;
}
