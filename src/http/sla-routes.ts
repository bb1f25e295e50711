import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { getSlaStatus, listSlaStatuses } from '../app/get-sla-status.js';
import { listTransitions, MAX_TRANSITIONS_PAGE } from '../app/list-transitions.js';
import { optionalInt, optionalTime } from './query-params.js';

type Params = { id: string };
type Query = Record<string, unknown>;

export function registerSlaRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/clients', async () => ({
    clients: ctx.engine.runtime?.definitions.clients ?? [],
  }));

  app.get<{ Params: Params }>('/api/v1/clients/:id', async (request) => {
    const client = ctx.engine.runtime?.clientById.get(request.params.id);
    if (client === undefined) {
      throw new AppError('E_CLIENT_NOT_FOUND', `No client "${request.params.id}".`);
    }
    return { client, slas: listSlaStatuses(ctx, { clientId: client.id }) };
  });

  app.get<{ Querystring: Query }>('/api/v1/slas', async (request) => {
    const clientId = request.query.client;
    return {
      slas: listSlaStatuses(ctx, typeof clientId === 'string' ? { clientId } : {}),
    };
  });

  app.get<{ Params: Params }>('/api/v1/slas/:id', async (request) => {
    const sla = ctx.engine.runtime?.slaById.get(request.params.id);
    if (sla === undefined) throw new AppError('E_SLA_NOT_FOUND', `No SLA "${request.params.id}".`);
    return { sla, status: getSlaStatus(ctx, sla.id) };
  });

  app.get<{ Params: Params }>('/api/v1/slas/:id/budget', async (request) => {
    const status = getSlaStatus(ctx, request.params.id);
    return {
      slaId: status.id,
      objectives: status.objectives
        .filter((o) => o.kind === 'budget')
        .map((o) => ({
          key: o.key,
          name: o.name,
          objectivePercent: o.objectivePercent,
          attainmentPercent: o.attainmentPercent,
          budgetRemainingRatio: o.budgetRemainingRatio,
          periodStartMs: o.periodStartMs,
          burnRates: o.burnRates,
        })),
    };
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/v1/slas/:id/history', async (request) => {
    const sinceMs = optionalTime(request.query, 'since');
    const untilMs = optionalTime(request.query, 'until');
    const limit = optionalInt(request.query, 'limit', { min: 1, max: MAX_TRANSITIONS_PAGE });
    const transitions = await listTransitions(ctx, {
      slaId: request.params.id,
      ...(sinceMs !== undefined ? { sinceMs } : {}),
      ...(untilMs !== undefined ? { untilMs } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    return { transitions };
  });
}
