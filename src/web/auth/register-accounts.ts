// The accounts layer on the root Fastify instance (hooks added here reach every route registered
// after it): who each request is (`request.viewer`, `request.credential`), the CSRF check on
// every signed-in change, and the sign-in, setup and sign-out pages.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_ACCOUNTS_TUNING,
  type AccountsTuning,
} from '../../app/accounts/accounts-options.js';
import { changeOwnPassword } from '../../app/accounts/change-password.js';
import { LoginThrottle } from '../../app/accounts/login-throttle.js';
import { authenticateApiToken } from '../../app/accounts/manage-api-tokens.js';
import { setUpFirstAdmin } from '../../app/accounts/manage-users.js';
import { randomSecret, sameSecret } from '../../app/accounts/secrets.js';
import {
  resolveSession,
  signIn,
  signOut,
  startSession,
  type SignedIn,
} from '../../app/accounts/sessions.js';
import type { AppContext } from '../../app/context.js';
import { AppError, isAppError } from '../../app/errors.js';
import type { StoredUser } from '../../domain/accounts/account.js';
import { scopeRole } from '../../domain/accounts/api-token.js';
import type { Viewer } from '../viewer.js';
import '../access.js';
import {
  AUTH_CSS,
  AUTH_CSS_PATH,
  AUTH_PAGE_CSP,
  loginPage,
  passwordPage,
  setupPage,
} from './auth-pages.js';
import { readCookie, setCookieHeader } from './cookies.js';
import type { Credential } from './credential.js';
import { installFormParser } from '../form-body.js';

export const SESSION_COOKIE = 'forewarn_session';
/** Double-submit token of the sign-in and setup forms, before any session exists. */
export const FORM_CSRF_COOKIE = 'forewarn_form_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const FORM_CSRF_MAX_AGE_SECONDS = 3600;
const CSRF_FREE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** These carry the form cookie's token instead (nobody is signed in yet). */
const PRE_SESSION_FORMS = new Set(['/login', '/setup']);

export interface AccountsOptions {
  adminToken: { reveal(): string };
  /** Secure attribute on cookies; off only for plain http on loopback (see docs/accounts.md). */
  secureCookies: boolean;
  tuning?: Partial<AccountsTuning>;
  throttle?: LoginThrottle;
}

export async function registerAccounts(
  app: FastifyInstance,
  ctx: AppContext,
  options: AccountsOptions,
): Promise<{ tuning: AccountsTuning }> {
  const tuning: AccountsTuning = { ...DEFAULT_ACCOUNTS_TUNING, ...options.tuning };
  const throttle = options.throttle ?? new LoginThrottle();
  const adminDigest = digest(options.adminToken.reveal());
  const secure = options.secureCookies;

  if (!app.hasRequestDecorator('viewer')) app.decorateRequest('viewer', null);
  if (!app.hasRequestDecorator('credential')) app.decorateRequest('credential', null);
  installFormParser(app);

  app.addHook('onRequest', async (request) => {
    request.viewer = null;
    request.credential = null;
    const bearer = bearerOf(request);
    if (bearer !== undefined) {
      if (timingSafeEqual(digest(bearer), adminDigest)) {
        request.credential = { via: 'admin-token' };
        request.viewer = tokenViewer('admin-token', 'Admin token', 'admin');
        return;
      }
      const token = await authenticateApiToken(ctx, bearer);
      if (token !== undefined) {
        request.credential = { via: 'api-token', token };
        const role = scopeRole(token.scope);
        if (role !== undefined) request.viewer = tokenViewer(`token:${token.id}`, token.name, role);
      }
      // A bearer request is never also a cookie request: an unknown bearer is nobody here
      // (push tokens are checked by the samples route itself).
      return;
    }
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (sessionId === undefined || sessionId === '') return;
    const live = await resolveSession(ctx, tuning, sessionId);
    if (live === undefined) return;
    request.credential = { via: 'session', sessionId, csrfToken: live.csrfToken };
    request.viewer = sessionViewer(live.user, live.csrfToken);
  });

  app.addHook('preHandler', async (request) => {
    const credential = request.credential;
    if (credential?.via !== 'session' || CSRF_FREE_METHODS.has(request.method)) return;
    if (PRE_SESSION_FORMS.has(request.routeOptions.url ?? '')) return;
    requireCsrf(request, credential);
  });

  app.get(AUTH_CSS_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(AUTH_CSS),
  );

  app.get('/login', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const next = safeNext(query.next);
    if (request.viewer !== null && request.credential?.via === 'session') {
      return reply.redirect(landing(next, request.viewer), 303);
    }
    if (!(await ctx.store.isSetUp())) return reply.redirect('/setup', 303);
    return sendPage(
      reply,
      200,
      loginPage({
        csrf: formCsrf(request, reply, secure),
        next,
        ...(query['signed-out'] === '1' ? { note: 'You are signed out.' } : {}),
      }),
    );
  });

  app.post('/login', async (request, reply) => {
    const body = fieldsOf(request.body);
    const next = safeNext(body.next);
    const email = typeof body.email === 'string' ? body.email : undefined;
    if (!formCsrfMatches(request, body)) {
      return sendPage(
        reply,
        403,
        loginPage({
          csrf: formCsrf(request, reply, secure, true),
          next,
          ...(email !== undefined ? { email } : {}),
          message: 'This sign-in form has expired. Please sign in again.',
        }),
      );
    }
    let signedIn: SignedIn;
    try {
      signedIn = await signIn(
        ctx,
        { throttle, tuning },
        {
          email: body.email,
          password: body.password,
          ip: request.ip,
        },
      );
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (e.code === 'E_LOGIN_THROTTLED') {
        reply.header('retry-after', String(e.details?.retryAfterSeconds ?? 900));
      }
      if (e.status >= 500) throw e;
      return sendPage(
        reply,
        e.status,
        loginPage({
          csrf: formCsrf(request, reply, secure),
          next,
          ...(email !== undefined ? { email } : {}),
          message: e.message,
          problems: e.problems,
        }),
      );
    }
    setSessionCookie(reply, signedIn, tuning, secure);
    return reply.redirect(landing(next, signedIn.user), 303);
  });

  app.get('/setup', async (request, reply) => {
    if (await ctx.store.isSetUp()) return reply.callNotFound();
    return sendPage(reply, 200, setupPage({ csrf: formCsrf(request, reply, secure) }));
  });

  app.post('/setup', async (request, reply) => {
    if (await ctx.store.isSetUp()) return reply.callNotFound();
    const body = fieldsOf(request.body);
    const values = {
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
      ...(typeof body.email === 'string' ? { email: body.email } : {}),
    };
    if (!formCsrfMatches(request, body)) {
      return sendPage(
        reply,
        403,
        setupPage({
          csrf: formCsrf(request, reply, secure, true),
          ...values,
          message: 'This setup form has expired. Please send it again.',
        }),
      );
    }
    let admin: StoredUser;
    try {
      admin = await setUpFirstAdmin(
        ctx,
        {
          email: body.email,
          name: body.name,
          password: body.password,
          passwordAgain: body.passwordAgain ?? '',
        },
        tuning.scrypt,
      );
    } catch (e) {
      if (isAppError(e) && e.code === 'E_SETUP_DONE') return reply.callNotFound();
      if (!isAppError(e) || e.status >= 500) throw e;
      return sendPage(
        reply,
        e.status,
        setupPage({
          csrf: formCsrf(request, reply, secure),
          ...values,
          message: e.message,
          problems: e.problems,
        }),
      );
    }
    setSessionCookie(reply, await startSession(ctx, tuning, admin), tuning, secure);
    return reply.redirect('/', 303);
  });

  // Any signed-in user (team or client) changes their own password; other sessions end.
  app.get('/account/password', async (request, reply) => {
    const me = await sessionUser(ctx, request);
    if (me === undefined) return reply.redirect('/login?next=%2Faccount%2Fpassword', 303);
    const changed = (request.query as Record<string, unknown>).changed === '1';
    return sendPage(
      reply,
      200,
      passwordPage({
        csrf: me.csrfToken,
        email: me.user.email,
        home: landing('/', me.user),
        ...(changed ? { note: 'Your password is changed. Other sessions are signed out.' } : {}),
      }),
    );
  });

  // Reaches here only with the session's CSRF token (checked in preHandler).
  app.post('/account/password', async (request, reply) => {
    const me = await sessionUser(ctx, request);
    if (me === undefined) return reply.redirect('/login?next=%2Faccount%2Fpassword', 303);
    const body = fieldsOf(request.body);
    let signedIn: SignedIn;
    try {
      signedIn = await changeOwnPassword(ctx, { throttle, tuning }, me.user.id, {
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        newPasswordAgain: body.newPasswordAgain,
        ip: request.ip,
      });
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      if (e.code === 'E_LOGIN_THROTTLED') {
        reply.header('retry-after', String(e.details?.retryAfterSeconds ?? 900));
      }
      return sendPage(
        reply,
        e.status,
        passwordPage({
          csrf: me.csrfToken,
          email: me.user.email,
          home: landing('/', me.user),
          message: e.message,
          problems: e.problems,
        }),
      );
    }
    setSessionCookie(reply, signedIn, tuning, secure);
    return reply.redirect('/account/password?changed=1', 303);
  });

  // Signed-in requests reach here only with the CSRF token (checked in preHandler).
  app.post('/logout', async (request, reply) => {
    const credential = request.credential;
    if (credential?.via === 'session') await signOut(ctx, credential.sessionId);
    reply.header('set-cookie', setCookieHeader(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure }));
    return reply.redirect('/login?signed-out=1', 303);
  });
  return { tuning };
}

function requireCsrf(request: FastifyRequest, credential: Extract<Credential, { via: 'session' }>) {
  const header = request.headers[CSRF_HEADER];
  const field = fieldsOf(request.body)[CSRF_FIELD];
  const sent = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
  if (sent === undefined) {
    throw new AppError('E_CSRF_TOKEN', 'This change needs the CSRF token of your session.', {
      problems: [
        {
          field: CSRF_FIELD,
          expected: `the session's token (viewer.csrfToken) as form field ${CSRF_FIELD} or header ${CSRF_HEADER}`,
        },
      ],
    });
  }
  if (!sameSecret(sent, credential.csrfToken)) {
    throw new AppError(
      'E_CSRF_TOKEN',
      'The CSRF token does not match your session; reload the page and try again.',
      { problems: [{ field: CSRF_FIELD, expected: "the current session's token" }] },
    );
  }
}

function tokenViewer(userId: string, name: string, role: 'admin' | 'member' | 'viewer'): Viewer {
  // Bearer requests are not cookie-based: no CSRF token applies.
  return { kind: 'team', userId, name, role, csrfToken: '' };
}

/** The signed-in user of a session request (not a token): who may change their password. */
async function sessionUser(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<{ user: StoredUser; csrfToken: string } | undefined> {
  const credential = request.credential;
  if (credential?.via !== 'session' || request.viewer === null) return undefined;
  if (request.viewer.kind !== 'team' && request.viewer.kind !== 'client') return undefined;
  const user = await ctx.store.getUser(request.viewer.userId);
  return user === undefined ? undefined : { user, csrfToken: credential.csrfToken };
}

function sessionViewer(user: StoredUser, csrfToken: string): Viewer {
  return user.kind === 'team'
    ? { kind: 'team', userId: user.id, name: user.name, role: user.role, csrfToken }
    : { kind: 'client', userId: user.id, name: user.name, clientId: user.clientId, csrfToken };
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** Only a path on this site: never `//host`, `/\host` or a scheme. */
/** Where a sign-in leads: the page asked for; for a client user, their status page instead of the team's overview. */
function landing(next: string, who: { kind: string; clientId?: string }): string {
  if (next === '/' && who.kind === 'client' && who.clientId !== undefined) {
    return `/status/${encodeURIComponent(who.clientId)}`;
  }
  return next;
}

export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (!/^\/(?![/\\])[^\u0000-\u001F\u007F\\]*$/.test(raw)) return '/';
  return raw;
}

/** The form's double-submit token: the cookie's, or a new one set with this answer. */
function formCsrf(
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
  renew = false,
): string {
  const existing = readCookie(request.headers.cookie, FORM_CSRF_COOKIE);
  if (!renew && existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomSecret();
  reply.header(
    'set-cookie',
    setCookieHeader(FORM_CSRF_COOKIE, token, { maxAgeSeconds: FORM_CSRF_MAX_AGE_SECONDS, secure }),
  );
  return token;
}

function formCsrfMatches(request: FastifyRequest, body: Record<string, unknown>): boolean {
  const cookie = readCookie(request.headers.cookie, FORM_CSRF_COOKIE);
  const sent = body[CSRF_FIELD];
  return (
    cookie !== undefined && cookie !== '' && typeof sent === 'string' && sameSecret(sent, cookie)
  );
}

function setSessionCookie(
  reply: FastifyReply,
  signedIn: SignedIn,
  tuning: AccountsTuning,
  secure: boolean,
): void {
  reply.header('set-cookie', [
    setCookieHeader(SESSION_COOKIE, signedIn.sessionId, {
      maxAgeSeconds: tuning.session.absoluteMs / 1000,
      secure,
    }),
    setCookieHeader(FORM_CSRF_COOKIE, '', { maxAgeSeconds: 0, secure }),
  ]);
}

function sendPage(reply: FastifyReply, status: number, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', AUTH_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .send(body);
}
