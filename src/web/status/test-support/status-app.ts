// A Fastify instance with the status pages and reports on a harness's context. Until the accounts
// layer sets `request.viewer`, tests name the viewer in an `x-test-viewer` header (JSON).

import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app/context.js';
import { registerReports, type ReportOptions } from '../../reports/report-pages.js';
import type { Viewer } from '../../viewer.js';
import { registerStatusPages, type StatusPageOptions } from '../status-pages.js';
import '../../access.js';

export const VIEWER_HEADER = 'x-test-viewer';

export const teamViewer: Viewer = {
  kind: 'team',
  userId: 'u-team',
  name: 'Tess',
  role: 'member',
  csrfToken: 'csrf-team',
};

export const clientViewer = (clientId: string): Viewer => ({
  kind: 'client',
  userId: `u-${clientId}`,
  name: `${clientId} user`,
  clientId,
  csrfToken: `csrf-${clientId}`,
});

export const as = (viewer: Viewer | null): Record<string, string> =>
  viewer === null ? {} : { [VIEWER_HEADER]: JSON.stringify(viewer) };

export async function statusApp(
  ctx: AppContext,
  options: StatusPageOptions & ReportOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers[VIEWER_HEADER];
    request.viewer = typeof header === 'string' ? (JSON.parse(header) as Viewer) : null;
  });
  registerStatusPages(app, ctx, options);
  registerReports(app, ctx, options);
  await app.ready();
  return app;
}
