// Users: first-run setup, and what an admin does with users (create, list, change role, delete).

import {
  checkNewAccount,
  isTeamRole,
  passwordProblem,
  publicAccount,
  TEAM_ROLES,
  type Account,
  type CheckedNewAccount,
  type NewAccountInput,
  type StoredUser,
  type TeamRole,
} from '../../domain/accounts/account.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { hashPassword, type ScryptParams } from './password-hash.js';
import { recordId } from './secrets.js';

export interface SetupInput {
  email: unknown;
  name: unknown;
  password: unknown;
  /** When sent (the setup form does), it must equal the password. */
  passwordAgain?: unknown;
}

/** The first admin. Refused with E_SETUP_DONE forever after, whoever asks. */
export async function setUpFirstAdmin(
  ctx: AppContext,
  input: SetupInput,
  scrypt: ScryptParams,
): Promise<StoredUser> {
  if (await ctx.store.isSetUp()) throw setupDone();
  const checked = checkNewAccount({ ...input, role: 'admin' }, () => false);
  const problems = checked.ok ? [] : [...checked.problems];
  if (input.passwordAgain !== undefined && input.passwordAgain !== input.password) {
    problems.push({ field: 'passwordAgain', expected: 'the same password again' });
  }
  if (!checked.ok || problems.length > 0) {
    throw new AppError('E_VALIDATION', 'The first admin cannot be created as sent.', {
      problems,
    });
  }
  const user = await newUser(ctx, checked.account, scrypt);
  if (!(await ctx.store.createFirstAdmin(user, user.createdAtMs))) throw setupDone();
  ctx.logger.info({ userId: user.id }, 'first-run setup: admin created');
  return user;
}

function setupDone(): AppError {
  return new AppError('E_SETUP_DONE', 'First-run setup is done; sign in instead.');
}

export async function createUser(
  ctx: AppContext,
  input: NewAccountInput,
  scrypt: ScryptParams,
): Promise<Account> {
  const clients = ctx.engine.runtime?.definitions.clients ?? [];
  const checked = checkNewAccount(input, (id) => clients.some((c) => c.id === id));
  if (!checked.ok) {
    throw new AppError('E_VALIDATION', 'The user cannot be created as sent.', {
      problems: checked.problems,
    });
  }
  const user = await newUser(ctx, checked.account, scrypt);
  if (!(await ctx.store.insertUser(user))) {
    throw new AppError('E_USER_EXISTS', `A user with the address ${user.email} exists.`, {
      problems: [{ field: 'email', value: user.email, expected: 'an address no user has' }],
    });
  }
  return publicAccount(user);
}

async function newUser(
  ctx: AppContext,
  a: CheckedNewAccount,
  scrypt: ScryptParams,
): Promise<StoredUser> {
  return {
    id: recordId('u'),
    email: a.email,
    name: a.name,
    createdAtMs: ctx.clock.nowMs(),
    passwordHash: await hashPassword(a.password, scrypt),
    ...a.access,
  };
}

export async function listUsers(ctx: AppContext): Promise<Account[]> {
  return (await ctx.store.listUsers()).map(publicAccount);
}

export async function getUser(ctx: AppContext, id: string): Promise<Account> {
  const user = await ctx.store.getUser(id);
  if (user === undefined) throw userNotFound(id);
  return publicAccount(user);
}

export async function changeUserRole(ctx: AppContext, id: string, role: unknown): Promise<Account> {
  if (!isTeamRole(role)) {
    throw new AppError('E_VALIDATION', 'The role is not valid.', {
      problems: [{ field: 'role', value: role, expected: `one of ${TEAM_ROLES.join(', ')}` }],
    });
  }
  const outcome = await ctx.store.setUserRole(id, role as TeamRole);
  if (outcome === 'not-found') {
    const user = await ctx.store.getUser(id);
    if (user?.kind === 'client') {
      throw new AppError('E_VALIDATION', 'A client user has no team role.', {
        problems: [{ field: 'role', value: role, expected: 'no role change for a client user' }],
      });
    }
    throw userNotFound(id);
  }
  if (outcome === 'last-admin') throw lastAdmin();
  return getUser(ctx, id);
}

/** An admin sets a new password; the user is signed out everywhere. */
export async function resetPassword(
  ctx: AppContext,
  id: string,
  password: unknown,
  scrypt: ScryptParams,
): Promise<Account> {
  const problem = passwordProblem(password);
  if (problem !== undefined) {
    throw new AppError('E_VALIDATION', 'The new password is not acceptable.', {
      problems: [problem],
    });
  }
  const hash = await hashPassword(password as string, scrypt);
  if (!(await ctx.store.setPasswordHash(id, hash, true))) throw userNotFound(id);
  return getUser(ctx, id);
}

export async function deleteUser(ctx: AppContext, id: string): Promise<void> {
  const outcome = await ctx.store.deleteUser(id);
  if (outcome === 'not-found') throw userNotFound(id);
  if (outcome === 'last-admin') throw lastAdmin();
}

function userNotFound(id: string): AppError {
  return new AppError('E_USER_NOT_FOUND', `No user "${id}".`);
}

function lastAdmin(): AppError {
  return new AppError(
    'E_LAST_ADMIN',
    'This is the last team admin: make another user admin first.',
  );
}
