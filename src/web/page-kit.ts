// What every dashboard page route shares: sending a page, and running a POST form's action — the
// role check, the use case, then a 303 back with a flash message, or the page again with the
// refusal shown at its form and the values that were sent.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { requireTeam, type TeamViewer } from './access.js';
import type { Assets } from './assets.js';
import { FormFields } from './form-fields.js';
import type { FlashCode, FormError } from './layout.js';

/** Refused steps shown at their form; anything else is an error page. */
const SHOWN_AT_FORM = new Set(['E_VALIDATION', 'E_PROTOCOL_STEP', 'E_CONFLICT']);

export type Params = Record<string, string>;
export type Query = Record<string, unknown>;
export type Rerender = (formError: FormError) => Promise<string>;

export interface PageKit {
  web: FastifyInstance;
  ctx: AppContext;
  assets: Assets;
  sendHtml(reply: FastifyReply, body: string, status?: number): FastifyReply;
  action(
    path: string,
    run: (
      f: FormFields,
      params: Params,
      viewer: TeamViewer,
    ) => Promise<{ flash: FlashCode; to: string }>,
    rerender: (request: FastifyRequest<{ Params: Params }>, viewer: TeamViewer) => Rerender,
    role?: 'member' | 'admin',
  ): void;
  /** Runs a step; a refusal from it is shown at `form`. */
  at<T>(form: string, step: () => Promise<T>): Promise<T>;
  clientNames(): Record<string, string>;
}

export function pageKit(web: FastifyInstance, ctx: AppContext, assets: Assets): PageKit {
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

  const clientNames = () =>
    Object.fromEntries((ctx.engine.runtime?.definitions.clients ?? []).map((c) => [c.id, c.name]));

  return { web, ctx, assets, sendHtml, action, at, clientNames };
}

export function queryString(query: Query, name: string): string | undefined {
  const v = query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
