// Users and API tokens over HTTP, for admins: the instance admin token, an admin-scoped API token
// or a signed-in team admin (whose changes carry the CSRF token).

import type { FastifyInstance } from 'fastify';
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '../app/accounts/manage-api-tokens.js';
import {
  changeUserRole,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  resetPassword,
} from '../app/accounts/manage-users.js';
import type { ScryptParams } from '../app/accounts/password-hash.js';
import { DEFAULT_SCRYPT_PARAMS } from '../app/accounts/password-hash.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { isTeamRole, passwordProblem, TEAM_ROLES } from '../domain/accounts/account.js';
import { requireTeam } from '../web/access.js';

type Id = { Params: { id: string } };
type B = { Body: unknown };

function fields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

export function registerAccountRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  scrypt: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): void {
  app.get('/api/v1/users', async (request) => {
    requireTeam(request, 'admin');
    return { users: await listUsers(ctx) };
  });

  app.post<B>('/api/v1/users', async (request, reply) => {
    requireTeam(request, 'admin');
    const f = fields(request.body);
    const user = await createUser(
      ctx,
      { email: f.email, name: f.name, password: f.password, role: f.role, clientId: f.clientId },
      scrypt,
    );
    return reply.status(201).send({ user });
  });

  app.get<Id>('/api/v1/users/:id', async (request) => {
    requireTeam(request, 'admin');
    return { user: await getUser(ctx, request.params.id) };
  });

  app.patch<Id & B>('/api/v1/users/:id', async (request) => {
    requireTeam(request, 'admin');
    const f = fields(request.body);
    if (f.role === undefined && f.password === undefined) {
      throw new AppError('E_VALIDATION', 'Send what to change.', {
        problems: [{ field: 'role', expected: 'a new role and/or a new password' }],
      });
    }
    // Both are checked before either is applied, so a bad field changes nothing.
    const problems = [
      ...(f.role !== undefined && !isTeamRole(f.role)
        ? [{ field: 'role', value: f.role, expected: `one of ${TEAM_ROLES.join(', ')}` }]
        : []),
      ...(f.password !== undefined
        ? [passwordProblem(f.password)].filter((p) => p !== undefined)
        : []),
    ];
    if (problems.length > 0) {
      throw new AppError('E_VALIDATION', 'The user cannot be changed as sent.', { problems });
    }
    if (f.role !== undefined) await changeUserRole(ctx, request.params.id, f.role);
    if (f.password !== undefined) await resetPassword(ctx, request.params.id, f.password, scrypt);
    return { user: await getUser(ctx, request.params.id) };
  });

  app.delete<Id>('/api/v1/users/:id', async (request, reply) => {
    requireTeam(request, 'admin');
    await deleteUser(ctx, request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/v1/tokens', async (request) => {
    requireTeam(request, 'admin');
    return { tokens: await listApiTokens(ctx) };
  });

  app.post<B>('/api/v1/tokens', async (request, reply) => {
    const viewer = requireTeam(request, 'admin');
    const f = fields(request.body);
    const created = await createApiToken(
      ctx,
      {
        name: f.name,
        scope: f.scope,
        ...(f.clientId !== undefined ? { clientId: f.clientId } : {}),
      },
      viewer.userId,
    );
    return reply.status(201).send(created);
  });

  app.delete<Id>('/api/v1/tokens/:id', async (request) => {
    requireTeam(request, 'admin');
    return { token: await revokeApiToken(ctx, request.params.id) };
  });
}
