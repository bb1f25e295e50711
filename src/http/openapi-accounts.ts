// OpenAPI paths of users and API tokens (account-routes.ts), and the credentials next to the
// admin token: API tokens and the session cookie.

const error = { $ref: '#/components/responses/Error' };
const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what} id.`,
  schema: { type: 'string' },
});
const adminOnly = [{ adminToken: [] }, { apiToken: ['admin'] }, { sessionCookie: [] }];
const body = (properties: Record<string, object>, required: string[]) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', required, properties } } },
});
const errors = (...codes: string[]) => Object.fromEntries(codes.map((c) => [c, error]));

export const accountSecuritySchemes = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (fw_…) with scope push (samples only, for its client), read (GET) or admin (everything).',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'forewarn_session',
    description:
      'A signed-in team member: reads; admins may change. Changes send the header x-csrf-token.',
  },
} as const;

export function accountPaths(): Record<string, Record<string, unknown>> {
  return {
    '/api/v1/users': {
      get: {
        summary: 'Users (team and client), oldest first; never their password hashes.',
        security: adminOnly,
        responses: { '200': json('{ users }'), ...errors('401', '403') },
      },
      post: {
        summary:
          'Create a user: a team member (admin, member, viewer) or a client user (client + clientId).',
        security: adminOnly,
        requestBody: body(
          {
            email: { type: 'string', format: 'email' },
            name: { type: 'string' },
            password: { type: 'string', minLength: 12 },
            role: { type: 'string', enum: ['admin', 'member', 'viewer', 'client'] },
            clientId: { type: 'string', description: 'The client of a client user.' },
          },
          ['email', 'name', 'password', 'role'],
        ),
        responses: { '201': json('{ user }'), ...errors('400', '401', '403', '409') },
      },
    },
    '/api/v1/users/{id}': {
      get: {
        summary: 'One user.',
        security: adminOnly,
        parameters: [idParam('user')],
        responses: { '200': json('{ user }'), ...errors('401', '403', '404') },
      },
      patch: {
        summary:
          "Change a team user's role and/or set a new password (which signs them out everywhere); the last admin cannot be demoted.",
        security: adminOnly,
        parameters: [idParam('user')],
        requestBody: body(
          {
            role: { type: 'string', enum: ['admin', 'member', 'viewer'] },
            password: { type: 'string', minLength: 12 },
          },
          [],
        ),
        responses: { '200': json('{ user }'), ...errors('400', '401', '403', '404', '409') },
      },
      delete: {
        summary: 'Delete a user and end their sessions; the last admin cannot be deleted.',
        security: adminOnly,
        parameters: [idParam('user')],
        responses: { '204': { description: 'Deleted.' }, ...errors('401', '403', '404', '409') },
      },
    },
    '/api/v1/tokens': {
      get: {
        summary: 'API tokens, newest first, revoked ones included; never their secrets.',
        security: adminOnly,
        responses: { '200': json('{ tokens }'), ...errors('401', '403') },
      },
      post: {
        summary: 'Create an API token; the answer is the only time its secret is shown.',
        security: adminOnly,
        requestBody: body(
          {
            name: { type: 'string', description: 'What uses the token.' },
            scope: { type: 'string', enum: ['push', 'read', 'admin'] },
            clientId: { type: 'string', description: 'push tokens: the client they push for.' },
          },
          ['name', 'scope'],
        ),
        responses: { '201': json('{ token, secret }'), ...errors('400', '401', '403') },
      },
    },
    '/api/v1/tokens/{id}': {
      delete: {
        summary: 'Revoke an API token: refused from the next request on.',
        security: adminOnly,
        parameters: [idParam('API token')],
        responses: { '200': json('{ token }'), ...errors('401', '403', '404') },
      },
    },
  };
}
