// The team dashboard: server-rendered pages over the same use cases as the JSON API, in one
// encapsulated Fastify plugin with its own HTML error pages, form parsing and security headers.
// Actions are POST forms: on success a 303 back to the page with a flash message; on a refused
// step the page again with the error at the form and the values that were sent.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { applyDefinitions } from '../app/apply-definitions.js';
import type { AppContext } from '../app/context.js';
import { parseConfig } from '../config/load-config.js';
import { AppError } from '../app/errors.js';
import { getSlaStatus } from '../app/get-sla-status.js';
import { listTransitions } from '../app/list-transitions.js';
import { sendTestNotification } from '../app/manage-notifications.js';
import { rankObjectivesByRisk } from '../app/rank-objectives-by-risk.js';
import { CHART_RANGES, readObjectiveChart, type ChartRange } from '../app/read-objective-chart.js';
import { requireTeam, type TeamViewer } from './access.js';
import { Assets } from './assets.js';
import { installFormParser } from './form-body.js';
import { FormFields } from './form-fields.js';
import { html } from './html.js';
import { flashOf, page } from './layout.js';
import { LIVE_PATH, LiveFeed } from './live-feed.js';
import { registerIncidentPages } from './incident-routes.js';
import { overviewPage } from './overview-page.js';
import { pageKit, queryString, type Params, type Query } from './page-kit.js';
import { CSP_REPORT_PATH, SECURITY_HEADERS } from './security-headers.js';
import { definitionsPage } from './definitions-page.js';
import { settingsPage } from './settings-page.js';
import { slaPage } from './sla-page.js';
import { registerWatchPages } from './watch-routes.js';

/** The overview shows the most at-risk objectives first and this many unless asked for all. */
export const OVERVIEW_ROWS = 500;
const CSP_REPORT_LIMIT_BYTES = 16 * 1024;

export async function registerDashboard(
  app: FastifyInstance,
  ctx: AppContext,
  options: { env?: Record<string, string | undefined> } = {},
): Promise<void> {
  await app.register(async (web) => dashboard(web, ctx, options.env ?? {}));
}

async function dashboard(
  web: FastifyInstance,
  ctx: AppContext,
  env: Record<string, string | undefined>,
): Promise<void> {
  const assets = new Assets();
  const live = new LiveFeed(ctx);

  web.addHook('onRequest', async (request) => {
    // Before the accounts layer is installed nobody is signed in.
    if ((request as { viewer?: unknown }).viewer === undefined) request.viewer = null;
  });
  web.addHook('onSend', async (_request, reply, payload) => {
    void reply.headers(SECURITY_HEADERS);
    return payload;
  });
  installFormParser(web);
  web.addContentTypeParser(
    ['application/csp-report', 'application/reports+json'],
    { parseAs: 'string', bodyLimit: CSP_REPORT_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );
  web.setErrorHandler((err, request, reply) => {
    const e = err instanceof AppError ? err : toAppError(err);
    if (e.status >= 500) ctx.logger.error({ err, url: request.url }, 'dashboard request failed');
    if (request.url.split('?')[0]?.endsWith('.json')) {
      return reply.status(e.status).send({ error: { code: e.code, message: e.message } });
    }
    // Nobody signed in opening a page: the sign-in form, which comes back here afterwards.
    const isPage = request.routeOptions.url !== LIVE_PATH;
    if (e.status === 401 && isPage && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    return reply
      .status(e.status)
      .type('text/html; charset=utf-8')
      .send(errorPage(e, viewerOrNull(request)));
  });

  const errorPage = (e: AppError, viewer: TeamViewer | null): string =>
    page({
      title: e.status === 401 ? 'Sign in' : 'Error',
      viewer,
      assets,
      page: 'error',
      body: html`<h1>
          ${e.status === 401 ? 'Sign in' : e.status === 403 ? 'Not allowed' : e.status === 404 ? 'Not found' : 'Something went wrong'}
        </h1>
        <p class="error" role="alert" data-testid="error-message" data-code="${e.code}">
          ${e.message}
        </p>
        ${e.status === 401 ? html`<p><a href="/login" data-testid="sign-in">Sign in</a></p>` : ''}
        ${
          e.problems.length > 0
            ? html`<ul>
                ${e.problems.map((p) => html`<li><code>${p.field}</code>: expected ${p.expected}</li>`)}
              </ul>`
            : ''
        }`,
    });

  const kit = pageKit(web, ctx, assets);
  const { sendHtml, action, at } = kit;
  assets.register(web);
  live.register(web);

  web.post(CSP_REPORT_PATH, async (request, reply) => {
    const text = typeof request.body === 'string' ? request.body : '';
    let report: unknown = text.slice(0, 2000);
    try {
      report = JSON.parse(text);
    } catch {
      // Kept as text.
    }
    ctx.logger.warn(
      { cspReport: report, userAgent: request.headers['user-agent'] },
      'CSP violation',
    );
    return reply.code(204).send();
  });

  // Overview -------------------------------------------------------------------------------------
  web.get<{ Querystring: Query }>('/', async (request, reply) => {
    const viewer = requireTeam(request, 'viewer');
    const clientId = queryString(request.query, 'client');
    const runtime = ctx.engine.runtime;
    if (clientId !== undefined && runtime?.clientById.get(clientId) === undefined) {
      throw new AppError('E_CLIENT_NOT_FOUND', `No client "${clientId}".`);
    }
    const rows = await rankObjectivesByRisk(ctx, clientId !== undefined ? { clientId } : {});
    const all = request.query.all === '1';
    return sendHtml(
      reply,
      overviewPage({
        viewer,
        assets,
        rows,
        shown: all ? rows.length : OVERVIEW_ROWS,
        clients: runtime?.definitions.clients ?? [],
        clientId,
        nowMs: ctx.clock.nowMs(),
        flash: flashOf(request.query),
      }),
    );
  });

  // SLA ------------------------------------------------------------------------------------------
  web.get<{ Params: Params; Querystring: Query }>('/slas/:id', async (request, reply) => {
    const viewer = requireTeam(request, 'viewer');
    const status = getSlaStatus(ctx, request.params.id ?? '');
    const runtime = ctx.engine.runtime;
    const sla = runtime?.slaById.get(status.id);
    if (runtime === undefined || sla === undefined) {
      throw new AppError('E_SLA_NOT_FOUND', `No SLA "${request.params.id}".`);
    }
    const units: Record<string, string> = {};
    for (const o of sla.objectives) units[o.sliId] = runtime.sliById.get(o.sliId)?.unit ?? '';
    return sendHtml(
      reply,
      slaPage({
        viewer,
        assets,
        sla,
        client: runtime.clientById.get(sla.clientId),
        serviceName:
          runtime.definitions.services.find((s) => s.id === sla.serviceId)?.name ?? sla.serviceId,
        status,
        units,
        transitions: await listTransitions(ctx, { slaId: sla.id, limit: 200 }),
        range: chartRange(request.query),
      }),
    );
  });

  web.get<{ Params: Params; Querystring: Query }>(
    '/slas/:id/chart.json',
    async (request, reply) => {
      requireTeam(request, 'viewer');
      const sla = ctx.engine.runtime?.slaById.get(request.params.id ?? '');
      if (sla === undefined)
        throw new AppError('E_SLA_NOT_FOUND', `No SLA "${request.params.id}".`);
      const key = queryString(request.query, 'objective');
      const objective = sla.objectives.find((o) => o.key === key || o.localId === key);
      if (objective === undefined) {
        throw new AppError(
          'E_OBJECTIVE_NOT_FOUND',
          `SLA "${sla.id}" has no objective "${key ?? ''}".`,
        );
      }
      const chart = await readObjectiveChart(ctx, objective.key, chartRange(request.query));
      return reply.header('cache-control', 'no-store').send(chart);
    },
  );

  registerIncidentPages(kit);

  registerWatchPages(kit);

  // Settings -------------------------------------------------------------------------------------
  web.get<{ Querystring: Query }>('/settings', async (request, reply) => {
    const viewer = requireTeam(request, 'admin');
    return sendHtml(
      reply,
      settingsPage({
        viewer,
        assets,
        defs: ctx.engine.runtime?.definitions,
        flash: flashOf(request.query),
      }),
    );
  });

  web.get<{ Querystring: Query }>('/settings/definitions', async (request, reply) => {
    const viewer = requireTeam(request, 'admin');
    return sendHtml(
      reply,
      definitionsPage({ viewer, assets, yaml: '', flash: flashOf(request.query) }),
    );
  });

  web.post('/settings/definitions', async (request, reply) => {
    const viewer = requireTeam(request, 'admin');
    const f = new FormFields(request.body);
    const yaml = f.values.yaml ?? '';
    const result = parseConfig(yaml, 'definitions', env);
    if (!result.ok) {
      const outcome = { kind: 'errors' as const, errors: result.errors };
      return sendHtml(reply, definitionsPage({ viewer, assets, yaml, outcome }), 422);
    }
    const defs = result.config.definitions;
    const summary = {
      clients: defs.clients.length,
      slas: defs.slas.length,
      objectives: defs.slas.reduce((n, s) => n + s.objectives.length, 0),
    };
    const apply = f.values.intent === 'apply';
    if (apply) await applyDefinitions(ctx, defs, result.config.pushTokens);
    const outcome = { kind: 'valid' as const, ...summary, applied: apply };
    return sendHtml(reply, definitionsPage({ viewer, assets, yaml, outcome }));
  });

  action(
    '/settings/channels/:id/test',
    async (f, p) =>
      at('test-form', async () => {
        f.values.endpoint = p.id ?? '';
        const address = f.optionalText('address', { max: 320 });
        f.done('test');
        await sendTestNotification(ctx, p.id ?? '', address);
        return { flash: 'test-sent', to: '/settings#channels' };
      }),
    (_request, viewer) => async (formError) =>
      settingsPage({ viewer, assets, defs: ctx.engine.runtime?.definitions, formError }),
    'admin',
  );
}

function viewerOrNull(request: FastifyRequest): TeamViewer | null {
  const v = (request as { viewer?: unknown }).viewer as TeamViewer | null | undefined;
  return v !== null && v !== undefined && v.kind === 'team' ? v : null;
}

function chartRange(query: Query): ChartRange {
  const raw = query.range;
  if (raw === undefined || raw === '') return '24h';
  if (typeof raw === 'string' && raw in CHART_RANGES) return raw as ChartRange;
  throw new AppError('E_VALIDATION', 'Query parameter "range" is not valid.', {
    problems: [
      { field: 'range', value: raw, expected: `one of ${Object.keys(CHART_RANGES).join(', ')}` },
    ],
  });
}

function toAppError(err: unknown): AppError {
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('E_PAYLOAD_TOO_LARGE', 'The form is larger than the limit.', {
      cause: err,
    });
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('E_UNSUPPORTED_MEDIA_TYPE', 'Send the form as a web form.', { cause: err });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(
      'E_VALIDATION',
      typeof e.message === 'string' ? e.message : 'Bad request.',
      {
        cause: err,
      },
    );
  }
  return new AppError('E_INTERNAL', 'An unexpected error; details are in the server log.', {
    cause: err,
  });
}
