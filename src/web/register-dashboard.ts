// The team dashboard: server-rendered pages over the same use cases as the JSON API, in one
// encapsulated Fastify plugin with its own HTML error pages, form parsing and security headers.
// Actions are POST forms: on success a 303 back to the page with a flash message; on a refused
// step the page again with the error at the form and the values that were sent.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { getSlaStatus } from '../app/get-sla-status.js';
import { recordLever } from '../app/incident-containment.js';
import { incidentCredits } from '../app/incident-credits.js';
import {
  addRecoveryCommitment,
  completeMakeRight,
  scheduleReview,
} from '../app/incident-make-right.js';
import {
  acknowledgeIncident,
  incidentNoticeDraft,
  sendIncidentNotice,
} from '../app/incident-notices.js';
import {
  addCommitment,
  completeCommitment,
  completePostmortem,
  editPostmortem,
  resolveIncident,
} from '../app/incident-resolution.js';
import {
  incidentView,
  listIncidents,
  listWatches,
  postmortemDocument,
  watchView,
} from '../app/incident-views.js';
import { listTransitions } from '../app/list-transitions.js';
import { sendTestNotification } from '../app/manage-notifications.js';
import { rankObjectivesByRisk } from '../app/rank-objectives-by-risk.js';
import { CHART_RANGES, readObjectiveChart, type ChartRange } from '../app/read-objective-chart.js';
import { decideHeadsUp, headsUpDraft } from '../app/watch-heads-up.js';
import { LEVER_OUTCOMES, LEVERS } from '../domain/protocol/case-files.js';
import { requireTeam, type TeamViewer } from './access.js';
import { Assets } from './assets.js';
import { FormFields, parseForm } from './form-fields.js';
import { html } from './html.js';
import { incidentPage } from './incident-page.js';
import { incidentsPage } from './incidents-page.js';
import { flashOf, page, type FlashCode, type FormError } from './layout.js';
import { LiveFeed } from './live-feed.js';
import { overviewPage } from './overview-page.js';
import { CSP_REPORT_PATH, SECURITY_HEADERS } from './security-headers.js';
import { settingsPage } from './settings-page.js';
import { slaPage } from './sla-page.js';
import { watchPage } from './watch-page.js';

const FORM_BODY_LIMIT_BYTES = 256 * 1024;
/** The overview shows the most at-risk objectives first and this many unless asked for all. */
export const OVERVIEW_ROWS = 500;
const CSP_REPORT_LIMIT_BYTES = 16 * 1024;
/** Refused steps shown at their form; anything else is an error page. */
const SHOWN_AT_FORM = new Set(['E_VALIDATION', 'E_PROTOCOL_STEP', 'E_CONFLICT']);

type Params = Record<string, string>;
type Query = Record<string, unknown>;
type Rerender = (formError: FormError) => Promise<string>;

export async function registerDashboard(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (web) => dashboard(web, ctx));
}

async function dashboard(web: FastifyInstance, ctx: AppContext): Promise<void> {
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
  if (!web.hasContentTypeParser('application/x-www-form-urlencoded')) {
    web.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, parseForm(body as string)),
    );
  }
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

  const sendHtml = (reply: FastifyReply, body: string, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(body);

  /** A POST form: member role, the use case, then 303 back with a flash, or the page with the error. */
  function action(
    path: string,
    run: (
      f: FormFields,
      params: Params,
      viewer: TeamViewer,
    ) => Promise<{ flash: FlashCode; to: string }>,
    rerender: (request: FastifyRequest<{ Params: Params }>, viewer: TeamViewer) => Rerender,
    role: 'member' | 'admin' = 'member',
  ): void {
    web.post<{ Params: Params }>(path, async (request, reply) => {
      const viewer = requireTeam(request, role);
      const f = new FormFields(request.body);
      try {
        const done = await run(f, request.params, viewer);
        const [path = '', hash] = done.to.split('#');
        return reply.redirect(`${path}?flash=${done.flash}${hash ? `#${hash}` : ''}`, 303);
      } catch (e) {
        if (!(e instanceof AppError) || !SHOWN_AT_FORM.has(e.code)) throw e;
        const failed = formOf(e) ?? '';
        const body = await rerender(request, viewer)({ form: failed, error: e, values: f.values });
        return sendHtml(reply, body, e.status);
      }
    });
  }

  // Which form a refusal belongs to, noted by `at` as the step fails.
  const formOfError = new WeakMap<AppError, string>();
  const formOf = (e: AppError): string | undefined => formOfError.get(e);
  async function at<T>(form: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (e instanceof AppError) formOfError.set(e, form);
      throw e;
    }
  }

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

  // Incidents ------------------------------------------------------------------------------------
  const clientNames = () =>
    Object.fromEntries((ctx.engine.runtime?.definitions.clients ?? []).map((c) => [c.id, c.name]));

  web.get('/incidents', async (request, reply) => {
    const viewer = requireTeam(request, 'viewer');
    const [incidents, watches] = await Promise.all([
      listIncidents(ctx, { limit: 200 }),
      listWatches(ctx, { limit: 200 }),
    ]);
    const openFirst = <T extends { status: string }>(xs: T[]) =>
      [...xs].sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
    return sendHtml(
      reply,
      incidentsPage({
        viewer,
        assets,
        incidents: openFirst(incidents),
        watches: openFirst(watches),
        clientNames: clientNames(),
      }),
    );
  });

  async function renderIncident(
    viewer: TeamViewer,
    id: string,
    o: { clientId?: string | undefined; flash?: string | undefined; formError?: FormError },
  ): Promise<string> {
    const view = await incidentView(ctx, id);
    const defs = ctx.engine.runtime?.definitions;
    const draft =
      view.incident.status === 'closed'
        ? undefined
        : await incidentNoticeDraft(
            ctx,
            id,
            o.clientId ?? o.formError?.values.clientId ?? view.incident.clients[0]?.clientId,
          ).catch(() => undefined);
    return incidentPage({
      viewer,
      assets,
      view,
      draft,
      credits: await incidentCredits(ctx, view.incident).catch(() => []),
      names: {
        clients: clientNames(),
        service:
          defs?.services.find((s) => s.id === view.incident.serviceId)?.name ??
          view.incident.serviceId,
        people: Object.fromEntries((defs?.people ?? []).map((p) => [p.id, p.name])),
      },
      nowMs: ctx.clock.nowMs(),
      flash: o.flash,
      formError: o.formError,
    });
  }

  web.get<{ Params: Params; Querystring: Query }>('/incidents/:id', async (request, reply) => {
    const viewer = requireTeam(request, 'viewer');
    return sendHtml(
      reply,
      await renderIncident(viewer, request.params.id ?? '', {
        clientId: queryString(request.query, 'client'),
        flash: flashOf(request.query),
      }),
    );
  });

  web.get<{ Params: Params }>('/incidents/:id/postmortem.md', async (request, reply) => {
    requireTeam(request, 'viewer');
    const markdown = await postmortemDocument(ctx, request.params.id ?? '');
    return reply.type('text/markdown; charset=utf-8').send(markdown);
  });

  const incidentRerender =
    (request: FastifyRequest<{ Params: Params }>, viewer: TeamViewer): Rerender =>
    (formError) =>
      renderIncident(viewer, request.params.id ?? '', { formError });
  const back = (params: Params) => `/incidents/${encodeURIComponent(params.id ?? '')}`;
  const by = (v: TeamViewer) => v.name;

  action(
    '/incidents/:id/notices',
    async (f, p, v) =>
      at('notice-form', async () => {
        const clientId = f.optionalText('clientId', { max: 200 });
        const seeing = f.optionalText('seeing', { max: 1000 });
        const doing = f.optionalText('doing', { max: 1000 });
        const next = f.optionalText('next', { max: 1000 });
        const nextUpdateAtMs = f.optionalInstant('nextUpdateAt');
        f.done('notice');
        await sendIncidentNotice(ctx, p.id ?? '', {
          by: by(v),
          ...(clientId !== undefined ? { clientId } : {}),
          ...(seeing !== undefined ? { seeing } : {}),
          ...(doing !== undefined ? { doing } : {}),
          ...(next !== undefined ? { next } : {}),
          ...(nextUpdateAtMs !== undefined ? { nextUpdateAtMs } : {}),
        });
        return { flash: 'notice-sent', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/ack',
    async (_f, p, v) =>
      at('ack-form', async () => {
        await acknowledgeIncident(ctx, p.id ?? '', by(v));
        return { flash: 'acknowledged', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/levers',
    async (f, p, v) => {
      const lever = f.oneOf('lever', LEVERS);
      return at(`lever-form-${lever}`, async () => {
        const outcome = f.oneOf('outcome', LEVER_OUTCOMES);
        const note = f.optionalText('note', { max: 2000 });
        const runAction = f.checked('runAction');
        f.done('lever record');
        await recordLever(ctx, p.id ?? '', {
          lever,
          outcome,
          by: by(v),
          ...(note !== undefined ? { note } : {}),
          ...(runAction ? { runAction } : {}),
        });
        return { flash: 'lever-recorded', to: back(p) };
      });
    },
    incidentRerender,
  );

  action(
    '/incidents/:id/resolve',
    async (f, p, v) =>
      at('resolve-form', async () => {
        const rootCause = f.text('rootCause');
        const fix = f.text('fix');
        const overrideReason = f.optionalText('overrideReason', { max: 2000 });
        f.done('resolution');
        await resolveIncident(ctx, p.id ?? '', {
          by: by(v),
          rootCause,
          fix,
          ...(overrideReason !== undefined ? { overrideReason } : {}),
        });
        return { flash: 'resolved', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/postmortem',
    async (f, p, v) =>
      at('postmortem-form', async () => {
        const edit = {
          summary: f.optionalText('summary', { max: 20_000 }),
          rootCause: f.optionalText('rootCause', { max: 20_000 }),
          whatHappened: f.optionalText('whatHappened', { max: 50_000 }),
          lessons: f.optionalText('lessons', { max: 20_000 }),
        };
        f.done('postmortem edit');
        await editPostmortem(ctx, p.id ?? '', {
          by: by(v),
          ...Object.fromEntries(Object.entries(edit).filter(([, x]) => x !== undefined)),
        });
        return { flash: 'postmortem-saved', to: `${back(p)}#postmortem` };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/postmortem/complete',
    async (_f, p, v) =>
      at('postmortem-complete-form', async () => {
        await completePostmortem(ctx, p.id ?? '', by(v));
        return { flash: 'postmortem-done', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/commitments',
    async (f, p, v) =>
      at('commitment-form', async () => {
        const title = f.text('title', { max: 500 });
        const owner = f.text('owner', { max: 200 });
        const dueAtMs = f.instant('dueAt');
        f.done('commitment');
        await addCommitment(ctx, p.id ?? '', { by: by(v), title, owner, dueAtMs });
        return { flash: 'commitment-added', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/commitments/:commitmentId/done',
    async (_f, p, v) =>
      at('commitment-done', async () => {
        await completeCommitment(ctx, p.id ?? '', p.commitmentId ?? '', by(v));
        return { flash: 'commitment-done', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/client-commitments',
    async (f, p, v) =>
      at('client-commitment-form', async () => {
        const text = f.text('text', { max: 1000 });
        const owner = f.text('owner', { max: 200 });
        const dueAtMs = f.instant('dueAt');
        f.done('commitment to the client');
        await addRecoveryCommitment(ctx, p.id ?? '', { by: by(v), text, owner, dueAtMs });
        return { flash: 'client-commitment-added', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/review',
    async (f, p, v) =>
      at('review-form', async () => {
        const atMs = f.instant('at');
        const withWhom = f.text('with', { max: 500 });
        f.done('review');
        await scheduleReview(ctx, p.id ?? '', { by: by(v), atMs, with: withWhom });
        return { flash: 'review-scheduled', to: back(p) };
      }),
    incidentRerender,
  );

  action(
    '/incidents/:id/make-right/complete',
    async (_f, p, v) =>
      at('make-right-form', async () => {
        await completeMakeRight(ctx, p.id ?? '', by(v));
        return { flash: 'make-right-done', to: back(p) };
      }),
    incidentRerender,
  );

  // Watches --------------------------------------------------------------------------------------
  async function renderWatch(
    viewer: TeamViewer,
    id: string,
    o: { flash?: string | undefined; formError?: FormError },
  ): Promise<string> {
    const { watch, timeline } = await watchView(ctx, id);
    const runtime = ctx.engine.runtime;
    const sliId = runtime?.objectives.get(watch.objectiveKey)?.sli.id;
    return watchPage({
      viewer,
      assets,
      watch,
      timeline,
      draft:
        watch.status === 'open' ? await headsUpDraft(ctx, id).catch(() => undefined) : undefined,
      unit: (sliId !== undefined ? runtime?.sliById.get(sliId)?.unit : undefined) ?? '',
      clientName: runtime?.clientById.get(watch.clientId)?.name ?? watch.clientId,
      flash: o.flash,
      formError: o.formError,
    });
  }

  web.get<{ Params: Params; Querystring: Query }>('/watches/:id', async (request, reply) => {
    const viewer = requireTeam(request, 'viewer');
    return sendHtml(
      reply,
      await renderWatch(viewer, request.params.id ?? '', { flash: flashOf(request.query) }),
    );
  });

  action(
    '/watches/:id/heads-up',
    async (f, p, v) =>
      at('heads-up-form', async () => {
        const send = f.oneOf('send', ['yes', 'no'] as const) === 'yes';
        const reason = f.optionalText('reason', { max: 2000 });
        const seeing = f.optionalText('seeing', { max: 1000 });
        const doing = f.optionalText('doing', { max: 1000 });
        const next = f.optionalText('next', { max: 1000 });
        const nextUpdateAtMs = f.optionalInstant('nextUpdateAt');
        f.done('heads-up decision');
        await decideHeadsUp(ctx, p.id ?? '', {
          by: by(v),
          send,
          ...(reason !== undefined ? { reason } : {}),
          ...(send && seeing !== undefined ? { seeing } : {}),
          ...(send && doing !== undefined ? { doing } : {}),
          ...(send && next !== undefined ? { next } : {}),
          ...(send && nextUpdateAtMs !== undefined ? { nextUpdateAtMs } : {}),
        });
        return {
          flash: send ? 'heads-up-sent' : 'heads-up-declined',
          to: `/watches/${encodeURIComponent(p.id ?? '')}`,
        };
      }),
    (request, viewer) => (formError) => renderWatch(viewer, request.params.id ?? '', { formError }),
  );

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

function queryString(query: Query, name: string): string | undefined {
  const v = query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
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
