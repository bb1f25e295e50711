// Assembles the HTTP server from its route files. No listening here: callers (main, tests) decide.

import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { AccountsTuning } from '../app/accounts/accounts-options.js';
import { apiGuard } from '../web/auth/api-guard.js';
import { registerAccounts } from '../web/auth/register-accounts.js';
import { registerAccountRoutes } from './account-routes.js';
import { registerAlertmanagerRoutes } from './alertmanager-routes.js';
import { registerBacktestRoutes } from './backtest-routes.js';
import { registerCreditRoutes } from './credit-routes.js';
import { installBodyParsers } from './body-parsers.js';
import { registerDefinitionRoutes } from './definition-routes.js';
import { installErrorHandler } from './error-handler.js';
import { registerEventRoutes } from './event-routes.js';
import { registerInboundRoutes } from './inbound-routes.js';
import { registerMetricsRoutes } from './metrics-routes.js';
import { registerIncidentRoutes } from './incident-routes.js';
import { registerNotificationRoutes } from './notification-routes.js';
import { openApiDocument } from './openapi.js';
import { registerProbeRoutes } from './probe-routes.js';
import { registerRemoteWriteRoutes, type RemoteWriteReceiver } from './remote-write-routes.js';
import { registerSampleRoutes } from './sample-routes.js';
import { registerSlaRoutes } from './sla-routes.js';
import { registerDashboard } from '../web/register-dashboard.js';
import { registerReports } from '../web/reports/report-pages.js';
import { registerStatusPages } from '../web/status/status-pages.js';
import { registerStatusReportRoutes } from './status-report-routes.js';

export interface ServerOptions {
  adminToken: { reveal(): string };
  /** Environment for `env:` references in posted definitions. */
  env: Record<string, string | undefined>;
  /** Largest body accepted, in bytes; larger ones get 413 before they are buffered. */
  bodyLimitBytes?: number;
  /** Secure attribute on cookies; default on (main.ts turns it off for http on loopback). */
  secureCookies?: boolean;
  /** Cheaper password hashing or other lifetimes, for tests (docs/accounts.md). */
  accountsTuning?: Partial<AccountsTuning>;
  /** Prometheus remote write (src/sources/remote-write), wired by main; absent: no route. */
  remoteWrite?: RemoteWriteReceiver;
}

export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export async function buildServer(
  ctx: AppContext,
  options: ServerOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    // Prototype-pollution keys are refused outright rather than silently stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  });
  installErrorHandler(app, ctx.logger);
  installBodyParsers(app);
  const accounts = await registerAccounts(app, ctx, {
    adminToken: options.adminToken,
    secureCookies: options.secureCookies ?? true,
    ...(options.accountsTuning !== undefined ? { tuning: options.accountsTuning } : {}),
  });

  app.get('/healthz', async () => ({
    status: 'ok',
    configured: ctx.engine.runtime !== undefined,
    objectives: ctx.engine.runtime?.objectives.size ?? 0,
  }));
  app.get('/openapi.json', async () => openApiDocument);
  registerSampleRoutes(app, ctx);
  await registerDashboard(app, ctx, { env: options.env });
  registerStatusPages(app, ctx, { publicUrl: options.env.FOREWARN_PUBLIC_URL });
  registerReports(app, ctx);

  await app.register(async (managed) => {
    managed.addHook('onRequest', apiGuard(options.adminToken));
    registerAccountRoutes(managed, ctx, accounts.tuning.scrypt);
    registerDefinitionRoutes(managed, ctx, options.env);
    registerSlaRoutes(managed, ctx);
    registerBacktestRoutes(managed, ctx);
    registerEventRoutes(managed, ctx);
    registerNotificationRoutes(managed, ctx);
    registerIncidentRoutes(managed, ctx);
    registerCreditRoutes(managed, ctx);
    registerInboundRoutes(managed, ctx);
    registerMetricsRoutes(managed, ctx);
    registerAlertmanagerRoutes(managed, ctx);
    registerStatusReportRoutes(managed, ctx);
    registerProbeRoutes(managed, ctx);
    registerRemoteWriteRoutes(managed, ctx, options.remoteWrite);
  });
  return app;
}
