import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { DEFAULT_ACCOUNTS_TUNING } from '../app/accounts/accounts-options.js';
import { createApiToken } from '../app/accounts/manage-api-tokens.js';
import { startSession } from '../app/accounts/sessions.js';
import { Secret } from '../config/secret.js';
import { buildServer } from './build-server.js';

const ADMIN = 'account-routes-admin-token-0123';
const PASSWORD = 'correct horse battery';

let h: Harness;
let app: FastifyInstance;
beforeEach(async () => {
  h = await startHarness(someDefinitions());
  app = await buildServer(h.ctx, {
    adminToken: new Secret(ADMIN),
    env: {},
    accountsTuning: { scrypt: { N: 1024, r: 8, p: 1 } },
  });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  token = ADMIN,
) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload !== undefined ? { payload } : {}),
  });
const newUser = (o: Record<string, unknown> = {}) =>
  call('POST', '/api/v1/users', {
    email: 'erin@example.com',
    name: 'Erin',
    password: PASSWORD,
    role: 'admin',
    ...o,
  });

describe('the users API', () => {
  it('creates team and client users and lists them without password hashes', async () => {
    const created = await newUser();
    expect(created.statusCode).toBe(201);
    expect(created.json().user).toMatchObject({
      email: 'erin@example.com',
      kind: 'team',
      role: 'admin',
    });
    h.clock.advance(1000);
    await newUser({ email: 'carl@acme.example', role: 'client', clientId: 'acme' });
    const list = await call('GET', '/api/v1/users');
    expect(list.json().users.map((u: { email: string }) => u.email)).toEqual([
      'erin@example.com',
      'carl@acme.example',
    ]);
    expect(list.body).not.toContain('scrypt');
    expect(list.body).not.toContain('passwordHash');
  });

  it('closes first-run setup once a user exists', async () => {
    await newUser();
    expect((await app.inject({ method: 'GET', url: '/setup' })).statusCode).toBe(404);
  });

  it('names every bad field of a new user', async () => {
    const res = await newUser({
      email: 'erin',
      password: 'too short',
      role: 'client',
      clientId: 'globex',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([
      expect.objectContaining({ field: 'email', value: 'erin' }),
      {
        field: 'password',
        value: '(9 characters)',
        expected: 'a password of 12 to 1024 characters',
      },
      { field: 'clientId', value: 'globex', expected: 'the id of a defined client' },
    ]);
  });

  it('refuses a second user with the same address in any case', async () => {
    await newUser();
    const res = await newUser({ email: 'ERIN@example.com' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('E_USER_EXISTS');
  });

  it('changes a role, but never demotes or deletes the last admin', async () => {
    const erin = (await newUser()).json().user.id as string;
    const bob = (await newUser({ email: 'bob@example.com', role: 'member' })).json().user
      .id as string;
    const demote = await call('PATCH', `/api/v1/users/${erin}`, { role: 'viewer' });
    expect([demote.statusCode, demote.json().error.code]).toEqual([409, 'E_LAST_ADMIN']);
    expect((await call('DELETE', `/api/v1/users/${erin}`)).statusCode).toBe(409);
    const promote = await call('PATCH', `/api/v1/users/${bob}`, { role: 'admin' });
    expect(promote.json().user.role).toBe('admin');
    expect((await call('DELETE', `/api/v1/users/${erin}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/users/${erin}`)).json().error.code).toBe('E_USER_NOT_FOUND');
  });

  it('refuses a role that does not exist, naming the roles that do', async () => {
    const erin = (await newUser()).json().user.id as string;
    const res = await call('PATCH', `/api/v1/users/${erin}`, { role: 'owner' });
    expect(res.json().error.problems).toEqual([
      { field: 'role', value: 'owner', expected: 'one of admin, member, viewer' },
    ]);
  });

  it('sets a new password, signing the user out everywhere', async () => {
    const erin = (await newUser()).json().user.id as string;
    const user = (await h.store.getUser(erin))!;
    const { session } = await startSession(h.ctx, DEFAULT_ACCOUNTS_TUNING, user);
    const res = await call('PATCH', `/api/v1/users/${erin}`, {
      password: 'a brand new passphrase',
    });
    expect(res.statusCode).toBe(200);
    expect(await h.store.findSession(session.idHash)).toBeUndefined();
    expect((await h.store.getUser(erin))!.passwordHash).not.toBe(user.passwordHash);
  });

  it('changes nothing when one of the fields is bad', async () => {
    const erin = (await newUser()).json().user.id as string;
    const bob = (await newUser({ email: 'bob@example.com', role: 'member' })).json().user
      .id as string;
    const before = (await h.store.getUser(bob))!;
    const res = await call('PATCH', `/api/v1/users/${bob}`, { role: 'admin', password: 'short' });
    expect(res.json().error.problems).toEqual([
      {
        field: 'password',
        value: '(5 characters)',
        expected: 'a password of 12 to 1024 characters',
      },
    ]);
    expect(await h.store.getUser(bob)).toEqual(before);
    expect((await call('PATCH', `/api/v1/users/${erin}`, {})).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const { secret } = await createApiToken(h.ctx, { name: 'reader', scope: 'read' }, 'u');
    const res = await call('GET', '/api/v1/users', undefined, secret);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('This needs the admin role; you are viewer.');
  });
});

describe('the API tokens API', () => {
  it('shows a new token once, lists it without its secret, and revokes it', async () => {
    const created = await call('POST', '/api/v1/tokens', {
      name: 'collector',
      scope: 'push',
      clientId: 'acme',
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^fw_/);
    expect(token).toMatchObject({
      name: 'collector',
      scope: 'push',
      clientId: 'acme',
      createdBy: 'admin-token',
      revokedAtMs: null,
    });
    expect(token.hint).toBe(secret.slice(0, 7));

    const list = await call('GET', '/api/v1/tokens');
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain('tokenHash');

    const revoked = await call('DELETE', `/api/v1/tokens/${token.id}`);
    expect(revoked.json().token.revokedAtMs).toBe(h.clock.nowMs());
    expect((await call('DELETE', '/api/v1/tokens/t_missing')).json().error.code).toBe(
      'E_TOKEN_NOT_FOUND',
    );
  });

  it('records which admin token created a token', async () => {
    const { token: adminToken, secret } = await createApiToken(
      h.ctx,
      { name: 'ops', scope: 'admin' },
      'u',
    );
    const res = await call('POST', '/api/v1/tokens', { name: 'CI', scope: 'read' }, secret);
    expect(res.json().token.createdBy).toBe(`token:${adminToken.id}`);
  });

  it('names a bad scope and a client id where none belongs', async () => {
    const res = await call('POST', '/api/v1/tokens', { name: '', scope: 'root', clientId: 'acme' });
    expect(res.json().error.problems.map((p: { field: string }) => p.field)).toEqual([
      'name',
      'scope',
      'clientId',
    ]);
  });
});
