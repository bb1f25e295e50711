// Who is looking at a status page, decided per request before anything is read: a team member,
// one of the client's users, the holder of a live secret link (resolved here, since the URL
// carries the secret), or anyone when the page is public. Null answers exactly like a missing page.

import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import {
  isStatusPagePublic,
  statusLinkOpens,
  statusLinkPath,
} from '../../app/status-page/status-links.js';
import type { Viewer } from '../viewer.js';
import '../access.js';

export type StatusViewerKind = 'team' | 'client' | 'status-link' | 'public';

export interface StatusAccess {
  kind: StatusViewerKind;
  /** The page's own path: links on it keep the secret when it was opened with one. */
  basePath: string;
  /** The form field the accounts layer checks, for signed-in viewers. */
  csrfToken?: string;
  /** A signed-in viewer's name, shown in the bar with their password link and sign-out. */
  viewerName?: string;
}

const viewerOf = (request: FastifyRequest): Viewer | null => request.viewer ?? null;

export async function statusAccess(
  ctx: AppContext,
  request: FastifyRequest,
  clientId: string,
  secret: string | undefined,
): Promise<StatusAccess | null> {
  if (ctx.engine.runtime?.clientById.get(clientId) === undefined) return null;
  const plainPath = `/status/${encodeURIComponent(clientId)}`;
  if (secret !== undefined) {
    // A revoked or foreign secret is refused even on a public page: the link itself is dead.
    return (await statusLinkOpens(ctx, clientId, secret))
      ? { kind: 'status-link', basePath: statusLinkPath(clientId, secret) }
      : null;
  }
  const viewer = viewerOf(request);
  if (viewer?.kind === 'team') {
    return {
      kind: 'team',
      basePath: plainPath,
      csrfToken: viewer.csrfToken,
      viewerName: viewer.name,
    };
  }
  if (viewer?.kind === 'client' && viewer.clientId === clientId) {
    return {
      kind: 'client',
      basePath: plainPath,
      csrfToken: viewer.csrfToken,
      viewerName: viewer.name,
    };
  }
  if (viewer?.kind === 'status-link' && viewer.clientId === clientId) {
    return { kind: 'status-link', basePath: plainPath };
  }
  if (await isStatusPagePublic(ctx, clientId)) return { kind: 'public', basePath: plainPath };
  return null;
}
