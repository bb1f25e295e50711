// The incident pages: the list of incidents and watches, one incident walked through the protocol,
// its postmortem as Markdown, and every protocol action as a POST form calling the same use case
// as the JSON API (src/http/incident-routes.ts).

import type { FastifyRequest } from 'fastify';
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
} from '../app/incident-views.js';
import { LEVER_OUTCOMES, LEVERS } from '../domain/protocol/case-files.js';
import { requireTeam, type TeamViewer } from './access.js';
import { incidentPage } from './incident-page.js';
import { incidentsPage } from './incidents-page.js';
import { flashOf, type FormError } from './layout.js';
import { queryString, type PageKit, type Params, type Query, type Rerender } from './page-kit.js';

export function registerIncidentPages(kit: PageKit): void {
  const { web, ctx, assets, sendHtml, action, at, clientNames } = kit;
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
      // Each credit reads a month of rollups: computed once there is something to make right.
      credits:
        view.incident.status === 'open'
          ? []
          : await incidentCredits(ctx, view.incident).catch(() => []),
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
}
