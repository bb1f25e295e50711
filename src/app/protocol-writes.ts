// Every protocol write goes through here: one transaction, versions checked, events out after.

import type { Incident, TimelineEntry, Watch } from '../domain/protocol/case-files.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { ProtocolCommit } from './ports.js';

/** The next version of a record, as written by this commit. */
export const bumped = <T extends Incident | Watch>(record: T): T => ({
  ...record,
  version: record.version + 1,
});

/** Commits; a record someone else changed first is an E_CONFLICT (nothing written). */
export async function commitProtocolChange(
  ctx: AppContext,
  commit: ProtocolCommit,
): Promise<string[]> {
  const outcome = await ctx.store.commitProtocol(commit);
  if (!outcome.ok) {
    throw new AppError('E_CONFLICT', `The ${outcome.conflict} changed meanwhile; try again.`);
  }
  if ((commit.notifications?.length ?? 0) > 0) ctx.engine.notificationsQueued();
  announce(ctx, commit.timeline ?? []);
  return outcome.creditsWritten;
}

function announce(ctx: AppContext, timeline: TimelineEntry[]): void {
  for (const e of timeline) {
    const [subject, ...rest] = e.subject.split(':');
    if (subject !== 'incident' && subject !== 'watch') continue;
    ctx.events.emit('protocol', { subject, id: rest.join(':'), kind: e.kind, atMs: e.atMs });
  }
}
