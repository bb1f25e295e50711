// Tests only: who the request is, from an `x-test-viewer` header (admin, member, viewer, client),
// until the accounts layer's sessions are used in these tests. Never wired outside tests.

import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { registerDashboard } from '../register-dashboard.js';
import type { Viewer } from '../viewer.js';
import '../access.js';

export const TEST_CSRF = 'test-csrf-token';

export function testViewer(name: string | undefined): Viewer | null {
  switch (name) {
    case 'admin':
    case 'member':
    case 'viewer':
      return {
        kind: 'team',
        userId: `u-${name}`,
        name: `Test ${name}`,
        role: name,
        csrfToken: TEST_CSRF,
      };
    case 'client':
      return {
        kind: 'client',
        userId: 'u-client',
        name: 'Client user',
        clientId: 'acme',
        csrfToken: TEST_CSRF,
      };
    default:
      return null;
  }
}

export function installTestViewer(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('viewer')) app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers['x-test-viewer'];
    request.viewer = testViewer(typeof header === 'string' ? header : undefined);
  });
}

/** The dashboard alone on a fresh Fastify instance, with the test viewer hook. */
export async function dashboardApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installTestViewer(app);
  await registerDashboard(app, ctx);
  await app.ready();
  return app;
}
