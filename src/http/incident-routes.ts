// The breach protocol over HTTP: incidents (view, notices, acknowledgement, levers, resolution,
// postmortem, commitments, make right), watches (heads-up), client reports, figures.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { recordLever } from '../app/incident-containment.js';
import {
  addRecoveryCommitment,
  completeMakeRight,
  scheduleReview,
} from '../app/incident-make-right.js';
import {
  acknowledgeIncident,
  incidentNoticeDraft,
  recordClientReport,
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
  clientFirstSummary,
  incidentView,
  listIncidents,
  listWatches,
  MAX_PROTOCOL_PAGE,
  postmortemDocument,
  watchView,
} from '../app/incident-views.js';
import { decideHeadsUp, headsUpDraft } from '../app/watch-heads-up.js';
import { LEVER_OUTCOMES, LEVERS } from '../domain/protocol/case-files.js';
import { BodyFields } from './body-fields.js';
import { optionalEnum, optionalInt, optionalString } from './query-params.js';

type Id = { Params: { id: string } };
type Q = { Querystring: Record<string, unknown> };
type B = { Body: unknown };

const INCIDENT_STATUSES = ['open', 'resolved', 'closed'] as const;
const WATCH_STATUSES = ['open', 'breach-avoided', 'became-incident'] as const;

export function registerIncidentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<Q>('/api/v1/incidents', async (request) => {
    const q = request.query;
    const status = optionalEnum(q, 'status', INCIDENT_STATUSES);
    const clientId = optionalString(q, 'client');
    const serviceId = optionalString(q, 'service');
    const limit = optionalInt(q, 'limit', { min: 1, max: MAX_PROTOCOL_PAGE });
    return {
      incidents: await listIncidents(ctx, {
        ...(status ? { status } : {}),
        ...(clientId ? { clientId } : {}),
        ...(serviceId ? { serviceId } : {}),
        ...(limit ? { limit } : {}),
      }),
    };
  });

  app.get<Id>('/api/v1/incidents/:id', async (request) => incidentView(ctx, request.params.id));

  app.get<Id & Q>('/api/v1/incidents/:id/notice-draft', async (request) => ({
    draft: await incidentNoticeDraft(
      ctx,
      request.params.id,
      optionalString(request.query, 'client'),
    ),
  }));

  app.post<Id & B>('/api/v1/incidents/:id/notices', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const clientId = f.optionalText('clientId', { max: 200 });
    const seeing = f.optionalText('seeing', { max: 1000 });
    const doing = f.optionalText('doing', { max: 1000 });
    const next = f.optionalText('next', { max: 1000 });
    const nextUpdateAtMs = f.optionalInstant('nextUpdateAt');
    f.done('notice');
    return {
      incident: await sendIncidentNotice(ctx, request.params.id, {
        by,
        ...(clientId !== undefined ? { clientId } : {}),
        ...(seeing !== undefined ? { seeing } : {}),
        ...(doing !== undefined ? { doing } : {}),
        ...(next !== undefined ? { next } : {}),
        ...(nextUpdateAtMs !== undefined ? { nextUpdateAtMs } : {}),
      }),
    };
  });

  app.post<Id & B>('/api/v1/incidents/:id/ack', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    f.done('acknowledgement');
    return { incident: await acknowledgeIncident(ctx, request.params.id, by) };
  });

  app.post<Id & B>('/api/v1/incidents/:id/levers', async (request) => {
    const f = new BodyFields(request.body);
    const lever = f.oneOf('lever', LEVERS);
    const outcome = f.oneOf('outcome', LEVER_OUTCOMES);
    const by = f.text('by', { max: 200 });
    const note = f.optionalText('note', { max: 2000 });
    const runAction = f.optionalBoolean('runAction');
    f.done('lever record');
    return {
      incident: await recordLever(ctx, request.params.id, {
        lever,
        outcome,
        by,
        ...(note !== undefined ? { note } : {}),
        ...(runAction !== undefined ? { runAction } : {}),
      }),
    };
  });

  app.post<Id & B>('/api/v1/incidents/:id/resolve', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const rootCause = f.text('rootCause');
    const fix = f.text('fix');
    const overrideReason = f.optionalText('overrideReason', { max: 2000 });
    f.done('resolution');
    return {
      incident: await resolveIncident(ctx, request.params.id, {
        by,
        rootCause,
        fix,
        ...(overrideReason !== undefined ? { overrideReason } : {}),
      }),
    };
  });

  app.patch<Id & B>('/api/v1/incidents/:id/postmortem', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const edit = {
      summary: f.optionalText('summary', { max: 20_000 }),
      rootCause: f.optionalText('rootCause', { max: 20_000 }),
      whatHappened: f.optionalText('whatHappened', { max: 50_000 }),
      lessons: f.optionalText('lessons', { max: 20_000 }),
    };
    f.done('postmortem edit');
    return {
      incident: await editPostmortem(ctx, request.params.id, {
        by,
        ...Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined)),
      }),
    };
  });

  app.post<Id & B>('/api/v1/incidents/:id/postmortem/complete', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    f.done('postmortem completion');
    return { incident: await completePostmortem(ctx, request.params.id, by) };
  });

  app.get<Id>('/api/v1/incidents/:id/postmortem.md', async (request, reply) => {
    const markdown = await postmortemDocument(ctx, request.params.id);
    return reply
      .header('content-type', 'text/markdown; charset=utf-8')
      .header('content-disposition', `inline; filename="postmortem-${request.params.id}.md"`)
      .send(markdown);
  });

  app.post<Id & B>('/api/v1/incidents/:id/commitments', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const title = f.text('title', { max: 500 });
    const owner = f.text('owner', { max: 200 });
    const dueAtMs = f.instant('dueAt');
    f.done('commitment');
    return { incident: await addCommitment(ctx, request.params.id, { by, title, owner, dueAtMs }) };
  });

  app.post<{ Params: { id: string; commitmentId: string }; Body: unknown }>(
    '/api/v1/incidents/:id/commitments/:commitmentId/done',
    async (request) => {
      const f = new BodyFields(request.body);
      const by = f.text('by', { max: 200 });
      f.done('commitment completion');
      return {
        incident: await completeCommitment(ctx, request.params.id, request.params.commitmentId, by),
      };
    },
  );

  app.post<Id & B>('/api/v1/incidents/:id/client-commitments', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const text = f.text('text', { max: 1000 });
    const owner = f.text('owner', { max: 200 });
    const dueAtMs = f.instant('dueAt');
    f.done('commitment to the client');
    return {
      incident: await addRecoveryCommitment(ctx, request.params.id, { by, text, owner, dueAtMs }),
    };
  });

  app.post<Id & B>('/api/v1/incidents/:id/review', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const atMs = f.instant('at');
    const withWhom = f.text('with', { max: 500 });
    f.done('review');
    return { incident: await scheduleReview(ctx, request.params.id, { by, atMs, with: withWhom }) };
  });

  app.post<Id & B>('/api/v1/incidents/:id/make-right/complete', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    f.done('make-right completion');
    return { incident: await completeMakeRight(ctx, request.params.id, by) };
  });

  app.get<Q>('/api/v1/watches', async (request) => {
    const status = optionalEnum(request.query, 'status', WATCH_STATUSES);
    const clientId = optionalString(request.query, 'client');
    const limit = optionalInt(request.query, 'limit', { min: 1, max: MAX_PROTOCOL_PAGE });
    return {
      watches: await listWatches(ctx, {
        ...(status ? { status } : {}),
        ...(clientId ? { clientId } : {}),
        ...(limit ? { limit } : {}),
      }),
    };
  });

  app.get<Id>('/api/v1/watches/:id', async (request) => ({
    ...(await watchView(ctx, request.params.id)),
    headsUpDraft: await headsUpDraft(ctx, request.params.id),
  }));

  app.post<Id & B>('/api/v1/watches/:id/heads-up', async (request) => {
    const f = new BodyFields(request.body);
    const by = f.text('by', { max: 200 });
    const send = f.boolean('send');
    const reason = f.optionalText('reason', { max: 2000 });
    const seeing = f.optionalText('seeing', { max: 1000 });
    const doing = f.optionalText('doing', { max: 1000 });
    const next = f.optionalText('next', { max: 1000 });
    const nextUpdateAtMs = f.optionalInstant('nextUpdateAt');
    f.done('heads-up decision');
    return {
      watch: await decideHeadsUp(ctx, request.params.id, {
        by,
        send,
        ...(reason !== undefined ? { reason } : {}),
        ...(seeing !== undefined ? { seeing } : {}),
        ...(doing !== undefined ? { doing } : {}),
        ...(next !== undefined ? { next } : {}),
        ...(nextUpdateAtMs !== undefined ? { nextUpdateAtMs } : {}),
      }),
    };
  });

  app.post<Id & B>('/api/v1/clients/:id/reports', async (request) => {
    if (ctx.engine.runtime?.clientById.get(request.params.id) === undefined) {
      throw new AppError('E_CLIENT_NOT_FOUND', `No client "${request.params.id}".`);
    }
    const f = new BodyFields(request.body);
    const text = f.text('text', { max: 5000 });
    const atMs = f.optionalInstant('at');
    f.done('client report');
    return {
      report: await recordClientReport(ctx, {
        clientId: request.params.id,
        text,
        source: 'api',
        ...(atMs !== undefined ? { atMs } : {}),
      }),
    };
  });

  app.get<Q>('/api/v1/figures/client-first', async (request) =>
    clientFirstSummary(ctx, optionalString(request.query, 'client')),
  );
}
