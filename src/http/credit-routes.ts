// Service credits over HTTP: a month's statement for an SLA (preview while the month runs),
// issuing a closed month to the ledger (once), and the ledger itself.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { creditStatement, issueCredit } from '../app/issue-credits.js';
import { describeCredit } from '../domain/credits/describe-credit.js';
import { optionalInt, optionalString } from './query-params.js';

export function registerCreditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
    '/api/v1/slas/:id/credits',
    async (request) => {
      const period = optionalString(request.query, 'period');
      const { statement, closed } = await creditStatement(ctx, request.params.id, period);
      const issued = (await ctx.store.listCredits({ slaId: request.params.id, limit: 1000 })).find(
        (c) => c.period === statement.period.label,
      );
      return {
        statement,
        explanation: describeCredit(statement),
        closed,
        ...(issued !== undefined ? { issued } : {}),
      };
    },
  );

  app.post<{ Params: { id: string; period: string } }>(
    '/api/v1/slas/:id/credits/:period',
    async (request, reply) => {
      const { entry, written } = await issueCredit(ctx, request.params.id, request.params.period);
      return reply.code(written ? 201 : 200).send({ credit: entry, written });
    },
  );

  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/credits', async (request) => {
    const clientId = optionalString(request.query, 'client');
    const slaId = optionalString(request.query, 'sla');
    const limit = optionalInt(request.query, 'limit', { min: 1, max: 1000 }) ?? 100;
    return {
      credits: await ctx.store.listCredits({
        ...(clientId ? { clientId } : {}),
        ...(slaId ? { slaId } : {}),
        limit,
      }),
    };
  });
}
