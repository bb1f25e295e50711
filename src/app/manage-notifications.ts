// The notification use cases people call: look at deliveries, retry dead letters, acknowledge a
// page, send a test through an endpoint.

import { randomUUID } from 'node:crypto';
import type { NotificationMessage } from '../domain/notification.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { acknowledgeIncident } from './incident-notices.js';
import type { DeliveryAttempt, OutboxRecord, OutboxStatus } from './ports.js';

export const MAX_NOTIFICATIONS_PAGE = 500;

export function listNotifications(
  ctx: AppContext,
  query: { incidentKey?: string; status?: OutboxStatus; limit?: number },
): Promise<OutboxRecord[]> {
  return ctx.store.listNotifications({
    ...query,
    limit: Math.min(query.limit ?? 100, MAX_NOTIFICATIONS_PAGE),
  });
}

export async function getNotification(
  ctx: AppContext,
  id: string,
): Promise<{ record: OutboxRecord; attempts: DeliveryAttempt[] }> {
  const found = await ctx.store.getNotification(id);
  if (found === undefined) {
    throw new AppError('E_NOTIFICATION_NOT_FOUND', `No notification "${id}".`);
  }
  return found;
}

export async function retryNotification(ctx: AppContext, id: string): Promise<OutboxRecord> {
  const { record } = await getNotification(ctx, id);
  if (!(await ctx.store.requeueNotification(id, ctx.clock.nowMs()))) {
    throw new AppError('E_NOT_DEAD_LETTER', `Notification "${id}" is ${record.status}, not dead.`, {
      details: { status: record.status },
    });
  }
  ctx.engine.notificationsQueued();
  return (await getNotification(ctx, id)).record;
}

/** Acknowledging any notification of an incident acknowledges the incident: escalation stops. */
export async function acknowledgePage(
  ctx: AppContext,
  id: string,
  by: string,
): Promise<{ incidentKey: string; acknowledged: number }> {
  const { record } = await getNotification(ctx, id);
  const acknowledged = await ctx.store.acknowledgeIncident(
    record.incidentKey,
    by,
    ctx.clock.nowMs(),
  );
  // The page belongs to an incident: the incident is acknowledged too (and says so on its timeline).
  const incidentId = await ctx.store.incidentIdForKey(record.incidentKey);
  if (incidentId !== undefined) await acknowledgeIncident(ctx, incidentId, by);
  return { incidentKey: record.incidentKey, acknowledged };
}

export async function sendTestNotification(
  ctx: AppContext,
  endpointId: string,
  address: string | undefined,
): Promise<OutboxRecord> {
  const endpoint = ctx.engine.runtime?.definitions.endpoints.find((e) => e.id === endpointId);
  if (endpoint === undefined) {
    throw new AppError('E_ENDPOINT_NOT_FOUND', `No endpoint "${endpointId}".`);
  }
  if (endpoint.kind === 'email' && (address === undefined || !/^[^@\s]+@[^@\s]+$/.test(address))) {
    throw new AppError('E_VALIDATION', 'An email endpoint needs an address to test.', {
      problems: [{ field: 'address', value: address, expected: 'an e-mail address' }],
    });
  }
  const nowMs = ctx.clock.nowMs();
  const id = randomUUID();
  const message: NotificationMessage = {
    event: 'test',
    audience: 'team',
    incidentKey: `test@${id}`,
    occurredAtMs: nowMs,
    client: { id: '-', name: 'Forewarn' },
    service: { id: '-', name: 'Forewarn' },
    sla: { id: '-', name: 'Test notification' },
    objective: { key: '-', name: 'Test notification' },
    reason: { kind: 'within-objective' },
    reasonText: `a test of endpoint "${endpointId}"`,
    seeing: 'a test notification',
    doing: 'checking that this endpoint delivers',
    next: 'nothing: no action is needed',
  };
  await ctx.store.enqueueNotifications([
    {
      id,
      dedupKey: `test:${id}`,
      incidentKey: message.incidentKey,
      endpointId,
      ...(address !== undefined ? { address } : {}),
      audience: 'team',
      priority: 1,
      message,
      createdAtMs: nowMs,
    },
  ]);
  ctx.engine.notificationsQueued();
  return (await getNotification(ctx, id)).record;
}
