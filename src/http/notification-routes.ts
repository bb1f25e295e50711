import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import {
  acknowledgePage,
  getNotification,
  listNotifications,
  MAX_NOTIFICATIONS_PAGE,
  retryNotification,
  sendTestNotification,
} from '../app/manage-notifications.js';
import type { OutboxStatus } from '../app/ports.js';
import { optionalInt } from './query-params.js';

type Id = { Params: { id: string } };
const STATUSES: OutboxStatus[] = ['pending', 'delivered', 'dead'];

export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/notifications', async (request) => {
    const { incident, status } = request.query;
    if (status !== undefined && !STATUSES.includes(status as OutboxStatus)) {
      throw new AppError('E_VALIDATION', 'Query parameter "status" is not valid.', {
        problems: [{ field: 'status', value: status, expected: STATUSES.join(', ') }],
      });
    }
    const limit = optionalInt(request.query, 'limit', { min: 1, max: MAX_NOTIFICATIONS_PAGE });
    return {
      notifications: await listNotifications(ctx, {
        ...(typeof incident === 'string' ? { incidentKey: incident } : {}),
        ...(status !== undefined ? { status: status as OutboxStatus } : {}),
        ...(limit !== undefined ? { limit } : {}),
      }),
    };
  });

  app.get('/api/v1/notifications/dead-letters', async () => ({
    notifications: await listNotifications(ctx, { status: 'dead' }),
  }));

  app.get<Id>('/api/v1/notifications/:id', async (request) =>
    getNotification(ctx, request.params.id),
  );

  app.post<Id>('/api/v1/notifications/:id/retry', async (request) => ({
    notification: await retryNotification(ctx, request.params.id),
  }));

  app.post<Id & { Body: unknown }>('/api/v1/notifications/:id/ack', async (request) => {
    const by = (request.body as { by?: unknown } | undefined)?.by;
    if (typeof by !== 'string' || by.length === 0 || by.length > 200) {
      throw new AppError('E_VALIDATION', 'Say who acknowledges.', {
        problems: [
          { field: 'by', value: by, expected: 'a name or person id (1 to 200 characters)' },
        ],
      });
    }
    return acknowledgePage(ctx, request.params.id, by);
  });

  app.post<Id & { Body: unknown }>('/api/v1/endpoints/:id/test', async (request) => {
    const address = (request.body as { address?: unknown } | undefined)?.address;
    if (address !== undefined && typeof address !== 'string') {
      throw new AppError('E_VALIDATION', '"address" must be a string.', {
        problems: [{ field: 'address', value: typeof address, expected: 'an e-mail address' }],
      });
    }
    return { notification: await sendTestNotification(ctx, request.params.id, address) };
  });
}
