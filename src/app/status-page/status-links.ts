// Who may open a client's status page besides signed-in users: anyone, once the page is public,
// or whoever holds one of its secret links. A link's secret is shown once, at creation; only its
// SHA-256 is stored, so the store never holds a usable link. Revoking takes effect on the next
// request.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { StatusLink } from '../ports.js';
import { visibleClient } from './status-page-view.js';

const SECRET_BYTES = 24;
const SECRET_SHAPE = /^[A-Za-z0-9_-]{32}$/;
const MAX_LABEL = 200;

export const hashStatusSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

export function statusLinkPath(clientId: string, secret: string): string {
  return `/status/${encodeURIComponent(clientId)}/s/${secret}`;
}

export async function createStatusLink(
  ctx: AppContext,
  clientId: string,
  input: { label?: unknown; by: string },
): Promise<{ link: StatusLink; secret: string; path: string }> {
  visibleClient(ctx, clientId);
  const label = input.label ?? '';
  if (typeof label !== 'string' || label.length > MAX_LABEL) {
    throw new AppError('E_VALIDATION', 'The label is not valid.', {
      problems: [
        { field: 'label', value: label, expected: `text of at most ${MAX_LABEL} characters` },
      ],
    });
  }
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const link: StatusLink = {
    id: randomUUID(),
    clientId,
    label,
    createdAtMs: ctx.clock.nowMs(),
    createdBy: input.by,
  };
  await ctx.store.createStatusLink({ ...link, secretHash: hashStatusSecret(secret) });
  return { link, secret, path: statusLinkPath(clientId, secret) };
}

export async function revokeStatusLink(
  ctx: AppContext,
  clientId: string,
  id: string,
): Promise<void> {
  visibleClient(ctx, clientId);
  if (!(await ctx.store.revokeStatusLink(clientId, id, ctx.clock.nowMs()))) {
    throw new AppError('E_STATUS_LINK_NOT_FOUND', `No live status link "${id}" for this client.`);
  }
}

export async function listStatusLinks(ctx: AppContext, clientId: string): Promise<StatusLink[]> {
  visibleClient(ctx, clientId);
  return ctx.store.listStatusLinks(clientId);
}

export async function setStatusPagePublic(
  ctx: AppContext,
  clientId: string,
  isPublic: unknown,
): Promise<void> {
  visibleClient(ctx, clientId);
  if (typeof isPublic !== 'boolean') {
    throw new AppError('E_VALIDATION', 'Say whether the page is public.', {
      problems: [{ field: 'public', value: isPublic, expected: 'true or false' }],
    });
  }
  await ctx.store.setStatusPagePublic(clientId, isPublic, ctx.clock.nowMs());
  publicFlags.get(ctx)?.delete(clientId);
}

// Read on every anonymous request; kept briefly so a busy page costs no query. This process's
// changes apply at once; another instance's (same PostgreSQL) within PUBLIC_FLAG_TTL_MS.
const PUBLIC_FLAG_TTL_MS = 5_000;
const publicFlags = new WeakMap<AppContext, Map<string, { isPublic: boolean; untilMs: number }>>();

export async function isStatusPagePublic(ctx: AppContext, clientId: string): Promise<boolean> {
  const nowMs = ctx.clock.nowMs();
  let flags = publicFlags.get(ctx);
  if (flags === undefined) publicFlags.set(ctx, (flags = new Map()));
  const known = flags.get(clientId);
  if (known !== undefined && known.untilMs > nowMs) return known.isPublic;
  const isPublic = await ctx.store.isStatusPagePublic(clientId);
  flags.set(clientId, { isPublic, untilMs: nowMs + PUBLIC_FLAG_TTL_MS });
  return isPublic;
}

/** Whether `secret` opens this client's page: a live link of this very client. */
export async function statusLinkOpens(
  ctx: AppContext,
  clientId: string,
  secret: string,
): Promise<boolean> {
  if (!SECRET_SHAPE.test(secret)) return false;
  const link = await ctx.store.findStatusLink(hashStatusSecret(secret));
  return link !== undefined && link.clientId === clientId && link.revokedAtMs === undefined;
}
