// Every protocol write goes through here: one transaction, versions checked, events out after.

import type { Incident, Watch } from '../domain/protocol/case-files.js';
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
  announce(ctx, commit);
  return outcome.creditsWritten;
}

function announce(ctx: AppContext, commit: ProtocolCommit): void {
  const timeline = commit.timeline ?? [];
  if (timeline.length === 0) return;
  const clientsOf = new Map<string, readonly string[]>();
  for (const i of commit.incidents ?? []) {
    clientsOf.set(
      `incident:${i.id}`,
      i.clients.map((c) => c.clientId),
    );
  }
  for (const w of commit.watches ?? []) clientsOf.set(`watch:${w.id}`, [w.clientId]);
  for (const e of timeline) {
    const [subject, ...rest] = e.subject.split(':');
    if (subject !== 'incident' && subject !== 'watch') continue;
    const clientIds = clientsOf.get(e.subject);
    ctx.events.emit('protocol', {
      subject,
      id: rest.join(':'),
      kind: e.kind,
      atMs: e.atMs,
      ...(clientIds !== undefined ? { clientIds } : {}),
    });
  }
}
