// Sign-in, the session behind a cookie, sign-out. The cookie carries a random 256-bit id; the
// store keeps only its SHA-256, so a copy of the database signs nobody in.

import { createHash } from 'node:crypto';
import { normalizeEmail, type StoredUser } from '../../domain/accounts/account.js';
import { throttleKey } from '../../domain/accounts/login-throttle.js';
import { checkSession, type SessionRecord } from '../../domain/accounts/session-lifetime.js';
import type { AppContext } from '../context.js';
import { AppError, type FieldProblem } from '../errors.js';
import type { AccountsTuning } from './accounts-options.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashParams, hashPassword, verifyPassword, type ScryptParams } from './password-hash.js';
import { randomSecret, sha256Hex } from './secrets.js';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export interface SignedIn {
  /** Goes in the cookie and nowhere else. */
  sessionId: string;
  session: SessionRecord;
  user: StoredUser;
}

// An unknown address is checked against this hash, so it costs what a known one costs.
const dummyHashes = new Map<string, Promise<string>>();
function dummyHash(params: ScryptParams): Promise<string> {
  const key = `${params.N}/${params.r}/${params.p}`;
  let hash = dummyHashes.get(key);
  if (hash === undefined) {
    hash = hashPassword(randomSecret(), params);
    dummyHashes.set(key, hash);
  }
  return hash;
}

export async function signIn(
  ctx: AppContext,
  deps: { throttle: LoginThrottle; tuning: AccountsTuning },
  input: { email: unknown; password: unknown; ip: string },
): Promise<SignedIn> {
  const problems: FieldProblem[] = [];
  if (typeof input.email !== 'string' || input.email.trim() === '') {
    problems.push({ field: 'email', expected: 'the e-mail address you sign in with' });
  }
  if (typeof input.password !== 'string' || input.password === '') {
    problems.push({ field: 'password', expected: 'your password' });
  }
  if (problems.length > 0) throw new AppError('E_VALIDATION', 'Fill in both fields.', { problems });
  const email = normalizeEmail(input.email as string);
  const password = input.password as string;

  const user = await ctx.store.findUserByEmail(email);
  const matches = await throttledPasswordCheck(ctx, deps.throttle, {
    email,
    ip: input.ip,
    password,
    storedHash: user?.passwordHash ?? (await dummyHash(deps.tuning.scrypt)),
    tooMany: 'Too many failed sign-ins',
  });
  if (user === undefined || !matches) {
    throw new AppError('E_LOGIN_FAILED', 'The e-mail address or the password is wrong.');
  }
  await rehashIfOutdated(ctx, user, password, deps.tuning.scrypt);
  return startSession(ctx, deps.tuning, user);
}

/**
 * One password check under the login throttle, for a sign-in and for a signed-in user confirming
 * theirs: refused with E_LOGIN_THROTTLED (before any hashing) after too many failures for the
 * account from this address; a match clears them. `tooMany` begins the refusal's sentence.
 */
export async function throttledPasswordCheck(
  ctx: AppContext,
  throttle: LoginThrottle,
  check: { email: string; ip: string; password: string; storedHash: string; tooMany: string },
): Promise<boolean> {
  const key = throttleKey(check.email, check.ip);
  const decision = throttle.begin(key, ctx.clock.nowMs());
  if (!decision.allowed) {
    const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
    throw new AppError(
      'E_LOGIN_THROTTLED',
      `${check.tooMany} for this account from your address. Try again in ${describeWait(retryAfterSeconds)}.`,
      { details: { retryAfterSeconds } },
    );
  }
  const matches = await verifyPassword(check.password.slice(0, 4096), check.storedHash);
  if (matches) throttle.succeeded(key);
  return matches;
}

/** A hash made with other parameters than today's is replaced while the password is at hand. */
async function rehashIfOutdated(
  ctx: AppContext,
  user: StoredUser,
  password: string,
  params: ScryptParams,
): Promise<void> {
  const stored = hashParams(user.passwordHash);
  if (
    stored !== undefined &&
    stored.N === params.N &&
    stored.r === params.r &&
    stored.p === params.p
  ) {
    return;
  }
  await ctx.store.setPasswordHash(user.id, await hashPassword(password, params), false);
}

/** A new session for this user (after sign-in or first-run setup). */
export async function startSession(
  ctx: AppContext,
  tuning: AccountsTuning,
  user: StoredUser,
): Promise<SignedIn> {
  const nowMs = ctx.clock.nowMs();
  await ctx.store.pruneSessions(nowMs, nowMs - tuning.session.idleMs);
  const sessionId = randomSecret();
  const session: SessionRecord = {
    idHash: sha256Hex(sessionId),
    userId: user.id,
    createdAtMs: nowMs,
    lastSeenAtMs: nowMs,
    expiresAtMs: nowMs + tuning.session.absoluteMs,
  };
  await ctx.store.createSession(session);
  return { sessionId, session, user };
}

export interface LiveSession {
  session: SessionRecord;
  user: StoredUser;
  csrfToken: string;
}

/** The live session a cookie names; undefined when none, expired (then deleted) or malformed. */
export async function resolveSession(
  ctx: AppContext,
  tuning: AccountsTuning,
  sessionId: string,
): Promise<LiveSession | undefined> {
  if (!SESSION_ID.test(sessionId)) return undefined;
  const idHash = sha256Hex(sessionId);
  const found = await ctx.store.findSession(idHash);
  if (found === undefined) return undefined;
  const nowMs = ctx.clock.nowMs();
  const check = checkSession(found.session, nowMs, tuning.session);
  if (check.kind === 'expired') {
    await ctx.store.deleteSession(idHash);
    return undefined;
  }
  if (check.touch) await ctx.store.touchSession(idHash, nowMs);
  return { ...found, csrfToken: csrfTokenFor(sessionId) };
}

export async function signOut(ctx: AppContext, sessionId: string): Promise<void> {
  if (SESSION_ID.test(sessionId)) await ctx.store.deleteSession(sha256Hex(sessionId));
}

/**
 * The session's CSRF token: derived from the session id, so nothing more is stored, and the
 * token (which pages print) reveals nothing about the id (SHA-256 preimage resistance).
 */
export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`forewarn-csrf\u0000${sessionId}`).digest('base64url');
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
