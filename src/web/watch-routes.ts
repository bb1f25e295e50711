// The watch page and the heads-up decision, through the same use case as the JSON API.

import { watchView } from '../app/incident-views.js';
import { decideHeadsUp, headsUpDraft } from '../app/watch-heads-up.js';
import { requireTeam, type TeamViewer } from './access.js';
import { flashOf, type FormError } from './layout.js';
import type { PageKit, Params, Query } from './page-kit.js';
import { watchPage } from './watch-page.js';

export function registerWatchPages(kit: PageKit): void {
  const { web, ctx, assets, sendHtml, action, at } = kit;
  const by = (v: TeamViewer) => v.name;
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
}
