// A signed-in user changes their own password: the current one first (a session left open on a
// shared screen must not be enough), throttled like sign-in, then every session of the user ends
// and a new one starts for whoever changed it.

import type { AccountProblem } from '../../domain/accounts/account.js';
import { passwordProblem } from '../../domain/accounts/account.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { AccountsTuning } from './accounts-options.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword } from './password-hash.js';
import { startSession, throttledPasswordCheck, type SignedIn } from './sessions.js';

export interface PasswordChange {
  currentPassword: unknown;
  newPassword: unknown;
  newPasswordAgain: unknown;
  ip: string;
}

export async function changeOwnPassword(
  ctx: AppContext,
  deps: { throttle: LoginThrottle; tuning: AccountsTuning },
  userId: string,
  input: PasswordChange,
): Promise<SignedIn> {
  const problems: AccountProblem[] = [];
  if (typeof input.currentPassword !== 'string' || input.currentPassword === '') {
    problems.push({ field: 'currentPassword', expected: 'your current password' });
  }
  const weak = passwordProblem(input.newPassword, 'newPassword');
  if (weak !== undefined) problems.push(weak);
  else if (input.newPasswordAgain !== input.newPassword) {
    problems.push({ field: 'newPasswordAgain', expected: 'the same new password again' });
  }
  if (problems.length > 0) {
    throw new AppError('E_VALIDATION', 'The password was not changed.', { problems });
  }
  const user = await ctx.store.getUser(userId);
  if (user === undefined) throw new AppError('E_UNAUTHENTICATED', 'Sign in again.');
  const matches = await throttledPasswordCheck(ctx, deps.throttle, {
    email: user.email,
    ip: input.ip,
    password: input.currentPassword as string,
    storedHash: user.passwordHash,
    tooMany: 'Too many wrong passwords',
  });
  if (!matches) {
    throw new AppError('E_VALIDATION', 'The password was not changed.', {
      problems: [{ field: 'currentPassword', expected: 'your current password' }],
    });
  }
  const hash = await hashPassword(input.newPassword as string, deps.tuning.scrypt);
  if (!(await ctx.store.setPasswordHash(user.id, hash, true))) {
    throw new AppError('E_UNAUTHENTICATED', 'Sign in again.');
  }
  return startSession(ctx, deps.tuning, { ...user, passwordHash: hash });
}
