// The checks pages and routes make on the request's viewer. The accounts layer sets
// `request.viewer` once per request (session cookie, API token or status link); nothing else does.

import type { FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';
import { teamRoleAllows, type TeamRole, type Viewer } from './viewer.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Null when nobody is signed in. */
    viewer: Viewer | null;
  }
}

export type TeamViewer = Extract<Viewer, { kind: 'team' }>;

/** A team member with at least `needs`; otherwise 401 (nobody) or 403 (too small a role). */
export function requireTeam(request: FastifyRequest, needs: TeamRole): TeamViewer {
  const viewer = request.viewer;
  if (viewer === null) throw new AppError('E_UNAUTHENTICATED', 'Sign in first.');
  if (viewer.kind !== 'team') {
    throw new AppError('E_FORBIDDEN', 'This page is for the team.');
  }
  if (!teamRoleAllows(viewer.role, needs)) {
    throw new AppError('E_FORBIDDEN', `This needs the ${needs} role; you are ${viewer.role}.`);
  }
  return viewer;
}

/**
 * May this viewer see client `clientId`? Team members see every client; a client user or status
 * link only their own. Another client's id must answer exactly like a missing one, so callers
 * throw their not-found error when this is false.
 */
export function canSeeClient(viewer: Viewer | null, clientId: string): boolean {
  if (viewer === null) return false;
  return viewer.kind === 'team' || viewer.clientId === clientId;
}
