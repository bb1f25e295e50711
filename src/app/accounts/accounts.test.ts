// The accounts use cases on a real store with a fake clock: setup once, sign-in with throttling,
// sessions that expire, API tokens and their scopes on the push path.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { someDefinitions } from '../../../test/support/builders.js';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import { authenticatePushToken } from '../authenticate-push-token.js';
import { AppError } from '../errors.js';
import { DEFAULT_ACCOUNTS_TUNING, type AccountsTuning } from './accounts-options.js';
import { LoginThrottle } from './login-throttle.js';
import { authenticateApiToken, createApiToken, revokeApiToken } from './manage-api-tokens.js';
import { changeUserRole, createUser, deleteUser, setUpFirstAdmin } from './manage-users.js';
import { resolveSession, signIn, signOut } from './sessions.js';

const HOUR_MS = 3_600_000;
const tuning: AccountsTuning = { ...DEFAULT_ACCOUNTS_TUNING, scrypt: { N: 1024, r: 8, p: 1 } };
const PASSWORD = 'correct horse battery';
const admin = { email: 'erin@example.com', name: 'Erin', password: PASSWORD };

let h: Harness;
let throttle: LoginThrottle;
beforeEach(async () => {
  h = await startHarness(someDefinitions());
  throttle = new LoginThrottle();
});
afterEach(() => h.close());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );
const signInAs = (email: string, password: string, ip = '192.0.2.1') =>
  signIn(h.ctx, { throttle, tuning }, { email, password, ip });

describe('first-run setup', () => {
  it('creates the first admin, who can then sign in', async () => {
    const created = await setUpFirstAdmin(h.ctx, admin, tuning.scrypt);
    expect(created).toMatchObject({ kind: 'team', role: 'admin', email: 'erin@example.com' });
    const signedIn = await signInAs('ERIN@example.com', PASSWORD);
    expect(signedIn.user.id).toBe(created.id);
  });

  it('can never be run again', async () => {
    await setUpFirstAdmin(h.ctx, admin, tuning.scrypt);
    const again = { ...admin, email: 'mallory@example.com' };
    expect(await codeOf(setUpFirstAdmin(h.ctx, again, tuning.scrypt))).toBe('E_SETUP_DONE');
  });

  it('lets one of two concurrent setups win and refuses the other', async () => {
    const outcomes = await Promise.all([
      codeOf(setUpFirstAdmin(h.ctx, admin, tuning.scrypt)),
      codeOf(setUpFirstAdmin(h.ctx, { ...admin, email: 'mallory@example.com' }, tuning.scrypt)),
    ]);
    expect(outcomes.sort()).toEqual(['E_SETUP_DONE', 'resolved']);
    expect(await h.store.listUsers()).toHaveLength(1);
  });

  it('names each field at fault, including a mistyped confirmation', async () => {
    const refused = setUpFirstAdmin(
      h.ctx,
      { email: 'erin', name: 'Erin', password: 'short', passwordAgain: 'other' },
      tuning.scrypt,
    );
    await expect(refused).rejects.toMatchObject({
      code: 'E_VALIDATION',
      problems: [
        expect.objectContaining({ field: 'email' }),
        expect.objectContaining({ field: 'password', value: '(5 characters)' }),
        expect.objectContaining({ field: 'passwordAgain' }),
      ],
    });
    expect(await h.store.isSetUp()).toBe(false);
  });
});

describe('sign-in', () => {
  beforeEach(async () => {
    await setUpFirstAdmin(h.ctx, admin, tuning.scrypt);
  });

  it('re-hashes a password made with other parameters at the next sign-in', async () => {
    const old = (await h.store.findUserByEmail('erin@example.com'))!.passwordHash;
    const stronger = { ...tuning, scrypt: { N: 2048, r: 8, p: 1 } };
    await signIn(
      h.ctx,
      { throttle, tuning: stronger },
      {
        email: 'erin@example.com',
        password: PASSWORD,
        ip: '192.0.2.1',
      },
    );
    const now = (await h.store.findUserByEmail('erin@example.com'))!.passwordHash;
    expect(old).toMatch(/^scrypt\$1024\$/);
    expect(now).toMatch(/^scrypt\$2048\$8\$1\$/);
    expect((await signInAs('erin@example.com', PASSWORD)).user.id).toBeDefined();
  });

  it('refuses a wrong password and an unknown address with the same error', async () => {
    expect(await codeOf(signInAs('erin@example.com', 'wrong password!'))).toBe('E_LOGIN_FAILED');
    expect(await codeOf(signInAs('nobody@example.com', PASSWORD))).toBe('E_LOGIN_FAILED');
  });

  it('throttles an account from one address after five failures in fifteen minutes', async () => {
    for (let i = 0; i < 5; i++) await codeOf(signInAs('erin@example.com', 'wrong password!'));
    const refused = signInAs('erin@example.com', PASSWORD);
    await expect(refused).rejects.toMatchObject({
      code: 'E_LOGIN_THROTTLED',
      details: { retryAfterSeconds: 900 },
      message: expect.stringContaining('Try again in 15 minutes'),
    });
    expect((await signInAs('erin@example.com', PASSWORD, '192.0.2.99')).user.email).toBe(
      'erin@example.com',
    );
    h.clock.advance(15 * 60_000);
    expect((await signInAs('erin@example.com', PASSWORD)).user.email).toBe('erin@example.com');
  });

  it('throttles unknown addresses too', async () => {
    for (let i = 0; i < 5; i++) await codeOf(signInAs('nobody@example.com', 'wrong password!'));
    expect(await codeOf(signInAs('nobody@example.com', 'wrong password!'))).toBe(
      'E_LOGIN_THROTTLED',
    );
  });

  it('costs about as much for an unknown address as for a wrong password', async () => {
    // Hashing made costly enough (N = 2^14) that the check dominates the time of either path.
    const costly = { ...tuning, scrypt: { N: 2 ** 14, r: 8, p: 1 } };
    await createUser(
      h.ctx,
      { email: 'bob@example.com', name: 'Bob', password: PASSWORD, role: 'member' },
      costly.scrypt,
    );
    const timed = async (email: string) => {
      const start = performance.now();
      await codeOf(
        signIn(
          h.ctx,
          { throttle: new LoginThrottle(), tuning: costly },
          {
            email,
            password: 'wrong password!',
            ip: '192.0.2.1',
          },
        ),
      );
      return performance.now() - start;
    };
    // Warm-up: the stand-in hash is made once, and scrypt's first runs in a process are slower.
    for (let i = 0; i < 3; i++) {
      await timed('nobody@example.com');
      await timed('bob@example.com');
    }
    // Alternating, so that a change in the machine's load hits both paths alike.
    const knownRuns: number[] = [];
    const unknownRuns: number[] = [];
    for (let i = 0; i < 5; i++) {
      knownRuns.push(await timed('bob@example.com'));
      unknownRuns.push(await timed('nobody@example.com'));
    }
    const median = (runs: number[]) => runs.sort((a, b) => a - b)[2]!;
    const known = median(knownRuns);
    const unknown = median(unknownRuns);
    expect(unknown).toBeGreaterThan(known * 0.5);
    expect(unknown).toBeLessThan(known * 2);
  });
});

describe('sessions', () => {
  beforeEach(async () => {
    await setUpFirstAdmin(h.ctx, admin, tuning.scrypt);
  });

  it('keep only the hash of their id, and give a CSRF token that is not the id', async () => {
    const { sessionId, session } = await signInAs('erin@example.com', PASSWORD);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.idHash).not.toContain(sessionId);
    const live = await resolveSession(h.ctx, tuning, sessionId);
    expect(live?.user.email).toBe('erin@example.com');
    expect(live?.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(live?.csrfToken).not.toBe(sessionId);
  });

  it('expire after 12 hours without use', async () => {
    const { sessionId } = await signInAs('erin@example.com', PASSWORD);
    h.clock.advance(11 * HOUR_MS);
    expect(await resolveSession(h.ctx, tuning, sessionId)).toBeDefined();
    h.clock.advance(11 * HOUR_MS);
    expect(await resolveSession(h.ctx, tuning, sessionId)).toBeDefined();
    h.clock.advance(12 * HOUR_MS);
    expect(await resolveSession(h.ctx, tuning, sessionId)).toBeUndefined();
  });

  it('expire 7 days after sign-in however much they are used', async () => {
    const { sessionId } = await signInAs('erin@example.com', PASSWORD);
    for (let hours = 0; hours < 7 * 24 - 1; hours += 1) {
      h.clock.advance(HOUR_MS);
      expect(await resolveSession(h.ctx, tuning, sessionId)).toBeDefined();
    }
    h.clock.advance(HOUR_MS);
    expect(await resolveSession(h.ctx, tuning, sessionId)).toBeUndefined();
  });

  it('end on sign-out, and with their user', async () => {
    const first = await signInAs('erin@example.com', PASSWORD);
    await signOut(h.ctx, first.sessionId);
    expect(await resolveSession(h.ctx, tuning, first.sessionId)).toBeUndefined();

    const client = await createUser(
      h.ctx,
      {
        email: 'carl@acme.example',
        name: 'Carl',
        password: PASSWORD,
        role: 'client',
        clientId: 'acme',
      },
      tuning.scrypt,
    );
    const carl = await signInAs('carl@acme.example', PASSWORD);
    await deleteUser(h.ctx, client.id);
    expect(await resolveSession(h.ctx, tuning, carl.sessionId)).toBeUndefined();
  });

  it('see a changed role at once', async () => {
    const bob = await createUser(
      h.ctx,
      { email: 'bob@example.com', name: 'Bob', password: PASSWORD, role: 'admin' },
      tuning.scrypt,
    );
    const { sessionId } = await signInAs('bob@example.com', PASSWORD);
    await changeUserRole(h.ctx, bob.id, 'viewer');
    expect((await resolveSession(h.ctx, tuning, sessionId))?.user).toMatchObject({
      role: 'viewer',
    });
  });

  it('ignore a cookie value that is not a session id without asking the store', async () => {
    expect(await resolveSession(h.ctx, tuning, "x' or 1=1 --")).toBeUndefined();
  });
});

describe('API tokens', () => {
  it('are shown once with the fw_ prefix and stored as a hash only', async () => {
    const { token, secret } = await createApiToken(h.ctx, { name: 'CI', scope: 'read' }, 'u_erin');
    expect(secret).toMatch(/^fw_[A-Za-z0-9_-]{43}$/);
    expect(token).not.toHaveProperty('tokenHash');
    expect(JSON.stringify(await h.store.listApiTokens())).not.toContain(secret);
    expect((await authenticateApiToken(h.ctx, secret))?.id).toBe(token.id);
  });

  it('with push scope push samples for their client until revoked, even after a cached use', async () => {
    const { token, secret } = await createApiToken(
      h.ctx,
      { name: 'collector', scope: 'push', clientId: 'acme' },
      'u_erin',
    );
    expect(await authenticatePushToken(h.ctx, secret)).toBe('acme');
    expect(await authenticatePushToken(h.ctx, secret)).toBe('acme');
    await revokeApiToken(h.ctx, token.id);
    expect(await codeOf(authenticatePushToken(h.ctx, secret))).toBe('E_UNAUTHENTICATED');
    expect(await authenticateApiToken(h.ctx, secret)).toBeUndefined();
  });

  it('with read or admin scope cannot push samples', async () => {
    const { secret } = await createApiToken(h.ctx, { name: 'CI', scope: 'admin' }, 'u_erin');
    expect(await codeOf(authenticatePushToken(h.ctx, secret))).toBe('E_UNAUTHENTICATED');
  });

  it('refuse a push scope without a defined client, naming the field', async () => {
    const refused = createApiToken(h.ctx, { name: 'x', scope: 'push', clientId: 'globex' }, 'u');
    await expect(refused).rejects.toMatchObject({
      code: 'E_VALIDATION',
      problems: [expect.objectContaining({ field: 'clientId', value: 'globex' })],
    });
  });
});
