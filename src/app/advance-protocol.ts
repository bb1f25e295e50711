// Follows the recorded transitions with the breach protocol: opens and closes watches, opens,
// joins and tracks incidents. A cursor in the same transaction as each step makes it exactly
// once, across restarts: a transition recorded just before a crash is handled on start.

import { objectiveContext } from '../domain/routing/objective-context.js';
import { incidentKeyOf } from '../domain/routing/plan-notifications.js';
import type { Incident, NoticeRecord, Watch } from '../domain/protocol/case-files.js';
import { FOREWARN, reactToTransition } from '../domain/protocol/react-to-transition.js';
import type { AppContext } from './context.js';
import type { RecordedStoredTransition } from './ports.js';
import { bumped, commitProtocolChange } from './protocol-writes.js';

const BATCH = 200;
const OPEN_PAGE = 1000;

/** Handles every transition recorded since the last call; returns how many. */
export function advanceProtocol(ctx: AppContext): Promise<number> {
  return ctx.engine.protocol.run(async () => {
    let handled = 0;
    for (;;) {
      const cursor = await ctx.store.protocolCursor();
      const batch = await ctx.store.readTransitionsAfter(cursor, BATCH);
      if (batch.length === 0) return handled;
      for (const t of batch) {
        await handle(ctx, t);
        handled++;
      }
    }
  });
}

async function handle(ctx: AppContext, t: RecordedStoredTransition): Promise<void> {
  const defs = ctx.engine.runtime?.definitions;
  const context = defs === undefined ? undefined : objectiveContext(defs, t.objectiveKey);
  const episodeStartMs = t.episodeStartMs ?? (t.from === 'ok' ? t.atMs : undefined);
  if (defs === undefined || context === undefined || episodeStartMs === undefined) {
    await commitProtocolChange(ctx, { transitionCursor: t.id });
    return;
  }
  const incidentKey = incidentKeyOf(t.objectiveKey, episodeStartMs);
  const watch = (await ctx.store.listWatches({ status: 'open', limit: OPEN_PAGE })).find(
    (w) => w.objectiveKey === t.objectiveKey,
  );
  const incident = await incidentFor(
    ctx,
    incidentKey,
    t.to === 'breach' ? context.service.id : undefined,
  );
  const autoNotice =
    t.to === 'breach' && t.from !== 'recovered' && context.sla.contract.autoNotice
      ? await autoNoticeOf(ctx, incidentKey, t.atMs, context.client.id)
      : undefined;
  const reaction = reactToTransition({
    transition: t,
    incidentKey,
    context,
    defs,
    watch,
    incident,
    ...(autoNotice !== undefined ? { autoNotice } : {}),
  });
  await commitProtocolChange(ctx, {
    ...(reaction.watch ? { watches: [bumped<Watch>(reaction.watch)] } : {}),
    ...(reaction.incident ? { incidents: [bumped<Incident>(reaction.incident)] } : {}),
    timeline: reaction.timeline,
    transitionCursor: t.id,
  });
}

/** The incident this episode is part of; for a new breach, else the service's open incident. */
async function incidentFor(
  ctx: AppContext,
  incidentKey: string,
  breachOfService: string | undefined,
): Promise<Incident | undefined> {
  const id = await ctx.store.incidentIdForKey(incidentKey);
  if (id !== undefined) return ctx.store.getIncident(id);
  if (breachOfService === undefined) return undefined;
  const [open] = await ctx.store.listIncidents({
    status: 'open',
    serviceId: breachOfService,
    limit: 1,
  });
  return open;
}

/** The client notice evaluate-objectives queued with the breach (same transaction). */
async function autoNoticeOf(
  ctx: AppContext,
  incidentKey: string,
  atMs: number,
  clientId: string,
): Promise<NoticeRecord | undefined> {
  const queued = (await ctx.store.listNotifications({ incidentKey, limit: 500 })).filter(
    (n) =>
      n.audience === 'client' && n.message.event === 'breach' && n.message.occurredAtMs === atMs,
  );
  const first = queued[0];
  if (first === undefined) return undefined;
  const m = first.message;
  return {
    id: `auto-${first.id}`,
    clientId,
    kind: 'breach',
    sentAtMs: first.createdAtMs,
    sentBy: FOREWARN,
    automatic: true,
    seeing: m.seeing,
    doing: m.doing,
    next: m.next,
    ...(m.nextUpdateAtMs !== undefined ? { nextUpdateAtMs: m.nextUpdateAtMs } : {}),
    notificationIds: queued.map((n) => n.id),
  };
}
