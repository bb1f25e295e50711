// Follows the recorded transitions with the breach protocol: opens and closes watches, opens,
// joins and tracks incidents. A cursor in the same transaction as each step makes it exactly
// once, across restarts: a transition recorded just before a crash is handled on start.
//
// Transitions are handled a batch at a time: each one sees the watches and incidents as the ones
// before it in the batch left them (kept in memory), and the batch is written in one transaction
// with the cursor. A mass breach of thousands of objectives of one service therefore rewrites its
// incident once per batch, not once per objective (the incident grows with every objective, so
// writing it per transition was quadratic and starved delivery of the event loop).

import { objectiveContext } from '../domain/routing/objective-context.js';
import { incidentKeyOf } from '../domain/routing/plan-notifications.js';
import type {
  Incident,
  NoticeRecord,
  TimelineEntry,
  Watch,
} from '../domain/protocol/case-files.js';
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
      await handleBatch(ctx, batch);
      handled += batch.length;
    }
  });
}

/**
 * The records a batch has read or changed, as the transitions so far left them. Versions stay
 * those read from the store (or 0 for new records) until the commit bumps each once.
 */
class BatchState {
  /** Open watches by objective key, read once per batch. */
  private openWatches: Map<string, Watch> | undefined;
  readonly watches = new Map<string, Watch>();
  readonly incidents = new Map<string, Incident>();
  /** Per service, its most recently detected open incident in the store (read once). */
  private readonly storedOpen = new Map<string, Incident | undefined>();
  /** Incident keys that joined an incident in this batch. */
  private readonly keys = new Map<string, string>();
  readonly timeline: TimelineEntry[] = [];

  constructor(private readonly ctx: AppContext) {}

  async openWatch(objectiveKey: string): Promise<Watch | undefined> {
    if (this.openWatches === undefined) {
      const open = await this.ctx.store.listWatches({ status: 'open', limit: OPEN_PAGE });
      this.openWatches = new Map();
      // The first listed wins, as a search of the list would find it.
      for (const w of open)
        if (!this.openWatches.has(w.objectiveKey)) this.openWatches.set(w.objectiveKey, w);
    }
    return this.openWatches.get(objectiveKey);
  }

  /** The incident this episode is part of; for a new breach, else the service's open incident. */
  async incidentFor(
    incidentKey: string,
    breachOfService: string | undefined,
  ): Promise<Incident | undefined> {
    const id = this.keys.get(incidentKey) ?? (await this.ctx.store.incidentIdForKey(incidentKey));
    if (id !== undefined) return this.incidents.get(id) ?? this.ctx.store.getIncident(id);
    if (breachOfService === undefined) return undefined;
    if (!this.storedOpen.has(breachOfService)) {
      const [open] = await this.ctx.store.listIncidents({
        status: 'open',
        serviceId: breachOfService,
        limit: 1,
      });
      this.storedOpen.set(breachOfService, open);
    }
    const stored = this.storedOpen.get(breachOfService);
    // The most recently detected open incident of the service (the store's order), this batch's
    // changes included.
    let found = stored === undefined ? undefined : (this.incidents.get(stored.id) ?? stored);
    if (found !== undefined && found.status !== 'open') found = undefined;
    for (const i of this.incidents.values()) {
      if (i.status !== 'open' || i.serviceId !== breachOfService) continue;
      if (found === undefined || laterDetected(i, found)) found = i;
    }
    return found;
  }

  record(watch: Watch | undefined, incident: Incident | undefined, timeline: TimelineEntry[]) {
    if (watch !== undefined) {
      this.watches.set(watch.id, watch);
      if (watch.status === 'open') this.openWatches?.set(watch.objectiveKey, watch);
      else if (this.openWatches?.get(watch.objectiveKey)?.id === watch.id) {
        this.openWatches.delete(watch.objectiveKey);
      }
    }
    if (incident !== undefined) {
      this.incidents.set(incident.id, incident);
      for (const o of incident.objectives) this.keys.set(o.incidentKey, incident.id);
    }
    this.timeline.push(...timeline);
  }
}

function laterDetected(a: Incident, b: Incident): boolean {
  return a.detectedAtMs > b.detectedAtMs || (a.detectedAtMs === b.detectedAtMs && a.id > b.id);
}

async function handleBatch(ctx: AppContext, batch: RecordedStoredTransition[]): Promise<void> {
  const state = new BatchState(ctx);
  for (const t of batch) await handle(ctx, state, t);
  await commitProtocolChange(ctx, {
    watches: [...state.watches.values()].map((w) => bumped(w)),
    incidents: [...state.incidents.values()].map((i) => bumped(i)),
    timeline: state.timeline,
    transitionCursor: (batch.at(-1) as RecordedStoredTransition).id,
  });
}

async function handle(
  ctx: AppContext,
  state: BatchState,
  t: RecordedStoredTransition,
): Promise<void> {
  const defs = ctx.engine.runtime?.definitions;
  const context = defs === undefined ? undefined : objectiveContext(defs, t.objectiveKey);
  const episodeStartMs = t.episodeStartMs ?? (t.from === 'ok' ? t.atMs : undefined);
  if (defs === undefined || context === undefined || episodeStartMs === undefined) return;
  const incidentKey = incidentKeyOf(t.objectiveKey, episodeStartMs);
  const watch = await state.openWatch(t.objectiveKey);
  const incident = await state.incidentFor(
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
  state.record(reaction.watch, reaction.incident, reaction.timeline);
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
