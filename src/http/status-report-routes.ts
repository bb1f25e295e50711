// Managing client status pages over the API (the management guard decides who: writes need the
// admin token, an admin-scoped API token or an admin's session): the public switch, secret links
// (the secret is in the creation answer only) and a month's report figures as JSON.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { monthlyReport } from '../app/reports/monthly-report.js';
import {
  createStatusLink,
  listStatusLinks,
  revokeStatusLink,
  setStatusPagePublic,
} from '../app/status-page/status-links.js';
import { visibleClient } from '../app/status-page/status-page-view.js';
import '../web/access.js';

type ClientParams = { Params: { id: string } };

function actor(request: FastifyRequest): string {
  const viewer = request.viewer ?? null;
  return viewer !== null && viewer.kind === 'team' ? viewer.userId : 'admin-token';
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

export function registerStatusReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<ClientParams>('/api/v1/clients/:id/status-page', async (request) => {
    const clientId = request.params.id;
    visibleClient(ctx, clientId);
    return {
      clientId,
      public: await ctx.store.isStatusPagePublic(clientId),
      path: `/status/${encodeURIComponent(clientId)}`,
      links: await listStatusLinks(ctx, clientId),
      subscribers: (await ctx.store.listStatusSubscribers(clientId)).length,
    };
  });

  app.put<ClientParams & { Body: unknown }>('/api/v1/clients/:id/status-page', async (request) => {
    await setStatusPagePublic(ctx, request.params.id, field(request.body, 'public'));
    return { clientId: request.params.id, public: field(request.body, 'public') };
  });

  app.post<ClientParams & { Body: unknown }>(
    '/api/v1/clients/:id/status-links',
    async (request, reply) => {
      const created = await createStatusLink(ctx, request.params.id, {
        label: field(request.body, 'label'),
        by: actor(request),
      });
      return reply.code(201).send(created);
    },
  );

  app.delete<{ Params: { id: string; linkId: string } }>(
    '/api/v1/clients/:id/status-links/:linkId',
    async (request, reply) => {
      await revokeStatusLink(ctx, request.params.id, request.params.linkId);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string; month: string } }>(
    '/api/v1/clients/:id/reports/:month',
    async (request) => {
      const stored = await ctx.store.getFrozenReport(request.params.id, request.params.month);
      if (stored !== undefined) {
        visibleClient(ctx, request.params.id);
        return { frozen: true, frozenAtMs: stored.frozenAtMs, report: stored.figures };
      }
      return {
        frozen: false,
        report: await monthlyReport(ctx, request.params.id, request.params.month),
      };
    },
  );
}
