// The management API's guard: the instance admin token as before (src/http/admin-auth.ts), an
// API token within its scope, or a signed-in team member (reads; admins also change things).

import type { FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.js';
import { isReadMethod, scopeAllows } from '../../domain/accounts/api-token.js';
import { adminGuard } from '../../http/admin-auth.js';
import '../access.js';
import './credential.js';

export function apiGuard(adminToken: { reveal(): string }) {
  const adminOnly = adminGuard(adminToken);
  return async (request: FastifyRequest): Promise<void> => {
    const credential = request.credential ?? null;
    if (credential === null) return adminOnly(request);
    switch (credential.via) {
      case 'admin-token':
        return;
      case 'api-token': {
        const decision = scopeAllows(credential.token.scope, request.method);
        if (!decision.allowed) throw new AppError('E_FORBIDDEN', decision.why);
        return;
      }
      case 'session': {
        const viewer = request.viewer;
        if (viewer?.kind !== 'team') {
          throw new AppError(
            'E_FORBIDDEN',
            'The API is for the team; client users see their status page.',
          );
        }
        if (!isReadMethod(request.method) && viewer.role !== 'admin') {
          throw new AppError(
            'E_FORBIDDEN',
            `Changes through the API need the admin role; you are ${viewer.role}. Use the dashboard's pages.`,
          );
        }
        return;
      }
    }
  };
}
