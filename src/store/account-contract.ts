// The accounts part of the store contract (AccountStore), run on every database by the
// *-store.test.ts files: setup that closes once, users and the last admin, sessions, API tokens.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import type { StoredUser } from '../domain/accounts/account.js';
import type { ApiTokenRecord } from '../domain/accounts/api-token.js';
import type { SessionRecord } from '../domain/accounts/session-lifetime.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0);
const HOUR_MS = 3_600_000;

const anAdmin = (o: Partial<StoredUser> = {}): StoredUser =>
  ({
    id: 'u_admin',
    email: 'erin@example.com',
    name: 'Erin',
    kind: 'team',
    role: 'admin',
    passwordHash: 'scrypt$16$1$1$c2FsdA$a2V5',
    createdAtMs: T0,
    ...o,
  }) as StoredUser;

const aClientUser = (o: Partial<StoredUser> = {}): StoredUser =>
  ({
    id: 'u_client',
    email: 'carl@acme.example',
    name: 'Carl at Acme',
    kind: 'client',
    clientId: 'acme',
    passwordHash: 'scrypt$16$1$1$c2FsdA$a2V5',
    createdAtMs: T0 + 1,
    ...o,
  }) as StoredUser;

const aSession = (o: Partial<SessionRecord> = {}): SessionRecord => ({
  idHash: 'a'.repeat(64),
  userId: 'u_admin',
  createdAtMs: T0,
  lastSeenAtMs: T0,
  expiresAtMs: T0 + 168 * HOUR_MS,
  ...o,
});

const aToken = (o: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: 't_1',
  name: 'CI reader',
  scope: 'read',
  clientId: null,
  tokenHash: 'b'.repeat(64),
  hint: 'fw_AbCd',
  createdAtMs: T0,
  createdBy: 'u_admin',
  revokedAtMs: null,
  ...o,
});

/** `open` returns a new, empty, not yet migrated store; each test opens its own and closes it. */
export function describeAccountContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: accounts`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });
    afterEach(async () => store.close());

    describe('first-run setup', () => {
      it('is open on a new store and closed once the first admin is created', async () => {
        expect(await store.isSetUp()).toBe(false);
        expect(await store.createFirstAdmin(anAdmin(), T0)).toBe(true);
        expect(await store.isSetUp()).toBe(true);
        expect(await store.getUser('u_admin')).toEqual(anAdmin());
      });

      it('cannot be run a second time, even for another address', async () => {
        await store.createFirstAdmin(anAdmin(), T0);
        const again = anAdmin({ id: 'u_other', email: 'mallory@example.com' });
        expect(await store.createFirstAdmin(again, T0 + 1)).toBe(false);
        expect((await store.listUsers()).map((u) => u.id)).toEqual(['u_admin']);
      });

      it('lets exactly one of several concurrent setups win', async () => {
        const attempts = [1, 2, 3, 4].map((n) =>
          store.createFirstAdmin(anAdmin({ id: `u_${n}`, email: `admin${n}@example.com` }), T0),
        );
        const won = (await Promise.all(attempts)).filter((w) => w);
        expect(won).toHaveLength(1);
        expect(await store.listUsers()).toHaveLength(1);
      });

      it('is closed for good once any user was created another way', async () => {
        expect(await store.insertUser(aClientUser())).toBe(true);
        expect(await store.isSetUp()).toBe(true);
        await store.deleteUser('u_client');
        expect(await store.createFirstAdmin(anAdmin(), T0)).toBe(false);
      });
    });

    describe('users', () => {
      it('are found by id and e-mail address and listed oldest first', async () => {
        await store.insertUser(anAdmin());
        await store.insertUser(aClientUser());
        expect(await store.findUserByEmail('carl@acme.example')).toEqual(aClientUser());
        expect(await store.findUserByEmail('nobody@example.com')).toBeUndefined();
        expect((await store.listUsers()).map((u) => u.id)).toEqual(['u_admin', 'u_client']);
      });

      it('refuse a second user with a taken e-mail address', async () => {
        await store.insertUser(anAdmin());
        expect(await store.insertUser(anAdmin({ id: 'u_twin' }))).toBe(false);
        expect(await store.getUser('u_twin')).toBeUndefined();
      });

      it('change role, but never so that no team admin is left', async () => {
        await store.insertUser(anAdmin());
        await store.insertUser(anAdmin({ id: 'u_bob', email: 'bob@example.com', role: 'member' }));
        expect(await store.setUserRole('u_admin', 'viewer')).toBe('last-admin');
        expect(await store.setUserRole('u_bob', 'admin')).toBe('updated');
        expect(await store.setUserRole('u_admin', 'viewer')).toBe('updated');
        expect(await store.getUser('u_admin')).toMatchObject({ role: 'viewer' });
        expect(await store.setUserRole('u_nobody', 'admin')).toBe('not-found');
      });

      it('keep one admin when two admins are demoted at the same time', async () => {
        await store.insertUser(anAdmin());
        await store.insertUser(anAdmin({ id: 'u_bob', email: 'bob@example.com' }));
        const outcomes = await Promise.all([
          store.setUserRole('u_admin', 'member'),
          store.setUserRole('u_bob', 'member'),
        ]);
        expect(outcomes.sort()).toEqual(['last-admin', 'updated']);
        const admins = (await store.listUsers()).filter(
          (u) => u.kind === 'team' && u.role === 'admin',
        );
        expect(admins).toHaveLength(1);
      });

      it('are deleted with their sessions, except the last admin', async () => {
        await store.insertUser(anAdmin());
        await store.insertUser(aClientUser());
        await store.createSession(aSession({ userId: 'u_client' }));
        expect(await store.deleteUser('u_admin')).toBe('last-admin');
        expect(await store.deleteUser('u_client')).toBe('deleted');
        expect(await store.findSession(aSession().idHash)).toBeUndefined();
        expect(await store.deleteUser('u_client')).toBe('not-found');
      });
    });

    describe('passwords', () => {
      it('are replaced, keeping sessions or ending them', async () => {
        await store.insertUser(anAdmin());
        await store.createSession(aSession());
        expect(await store.setPasswordHash('u_admin', 'scrypt$new', false)).toBe(true);
        expect(await store.findSession(aSession().idHash)).toMatchObject({
          user: { passwordHash: 'scrypt$new' },
        });
        expect(await store.setPasswordHash('u_admin', 'scrypt$newer', true)).toBe(true);
        expect(await store.findSession(aSession().idHash)).toBeUndefined();
        expect(await store.setPasswordHash('u_nobody', 'scrypt$x', true)).toBe(false);
      });
    });

    describe('sessions', () => {
      beforeEach(async () => {
        await store.insertUser(anAdmin());
      });

      it('are found by the hash of their id, with their user', async () => {
        await store.createSession(aSession());
        expect(await store.findSession(aSession().idHash)).toEqual({
          session: aSession(),
          user: anAdmin(),
        });
        expect(await store.findSession('c'.repeat(64))).toBeUndefined();
      });

      it('are touched forward only and deleted on sign-out', async () => {
        await store.createSession(aSession());
        await store.touchSession(aSession().idHash, T0 + HOUR_MS);
        await store.touchSession(aSession().idHash, T0 + 1);
        expect((await store.findSession(aSession().idHash))?.session.lastSeenAtMs).toBe(
          T0 + HOUR_MS,
        );
        await store.deleteSession(aSession().idHash);
        expect(await store.findSession(aSession().idHash)).toBeUndefined();
      });

      it('are pruned when past their end or idle too long', async () => {
        await store.createSession(aSession({ idHash: '1'.repeat(64), expiresAtMs: T0 + HOUR_MS }));
        await store.createSession(aSession({ idHash: '2'.repeat(64), lastSeenAtMs: T0 }));
        await store.createSession(
          aSession({ idHash: '3'.repeat(64), lastSeenAtMs: T0 + 5 * HOUR_MS }),
        );
        expect(await store.pruneSessions(T0 + 2 * HOUR_MS, T0 + HOUR_MS)).toBe(2);
        expect(await store.findSession('3'.repeat(64))).toBeDefined();
      });
    });

    describe('API tokens', () => {
      it('are found by hash until revoked, and listed newest first with revoked ones', async () => {
        await store.insertApiToken(aToken());
        const push = aToken({
          id: 't_2',
          scope: 'push',
          clientId: 'acme',
          tokenHash: 'd'.repeat(64),
          createdAtMs: T0 + 1,
        });
        await store.insertApiToken(push);
        expect(await store.findApiToken('b'.repeat(64))).toEqual(aToken());
        expect(await store.revokeApiToken('t_1', T0 + 2)).toEqual(aToken({ revokedAtMs: T0 + 2 }));
        expect(await store.findApiToken('b'.repeat(64))).toBeUndefined();
        expect(await store.listApiTokens()).toEqual([push, aToken({ revokedAtMs: T0 + 2 })]);
      });

      it('keep the first revocation time and answer nothing for an unknown id', async () => {
        await store.insertApiToken(aToken());
        await store.revokeApiToken('t_1', T0 + 2);
        expect((await store.revokeApiToken('t_1', T0 + 9))?.revokedAtMs).toBe(T0 + 2);
        expect(await store.revokeApiToken('t_nope', T0)).toBeUndefined();
      });
    });
  });
}
