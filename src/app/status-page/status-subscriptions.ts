// E-mail subscriptions to a client's status notices, double opt-in: the form only queues a
// confirmation mail (through the outbox and the email channel, like any notice) carrying a signed
// link; the address is stored when that link is opened. Links are HMAC-SHA256 signed with a key
// the store keeps, so they survive restarts and need no pending row.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { NotificationMessage } from '../../domain/notification.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { visibleClient } from './status-page-view.js';

export const CONFIRM_VALID_MS = 48 * 3_600_000;
const UNSUBSCRIBE_VALID_MS = 5 * 365 * 86_400_000;
/** One confirmation mail per address and client in this time: the form cannot be used to flood. */
export const RESEND_AFTER_MS = 10 * 60_000;
const KEY_NAME = 'subscription-signing-key';

// The same single ASCII addr-spec the email channel accepts (RFC 5321 §4.1.2 Mailbox).
const MAILBOX =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

type Action = 'confirm' | 'unsubscribe';

interface TokenPayload {
  a: Action;
  c: string;
  e: string;
  /** Expiry, epoch ms. */
  x: number;
}

const keys = new WeakMap<AppContext, Promise<Buffer>>();
const lastSent = new WeakMap<AppContext, Map<string, number>>();

function signingKey(ctx: AppContext): Promise<Buffer> {
  let key = keys.get(ctx);
  if (key === undefined) {
    key = ctx.store
      .statusSecret(KEY_NAME, randomBytes(32).toString('hex'))
      .then((hex) => Buffer.from(hex, 'hex'));
    key.catch(() => keys.delete(ctx));
    keys.set(ctx, key);
  }
  return key;
}

async function sign(ctx: AppContext, payload: TokenPayload): Promise<string> {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', await signingKey(ctx))
    .update(body)
    .digest('base64url');
  return `${body}.${mac}`;
}

async function verify(ctx: AppContext, token: unknown, action: Action): Promise<TokenPayload> {
  const bad = (why: string) =>
    new AppError('E_VALIDATION', `This link is not valid: ${why}.`, {
      problems: [{ field: 'token', expected: `a ${action} link from our e-mail, unchanged` }],
    });
  if (typeof token !== 'string' || token.length > 2000) throw bad('it is missing or too long');
  const [body, mac, extra] = token.split('.');
  if (body === undefined || mac === undefined || extra !== undefined) throw bad('it is malformed');
  const expected = createHmac('sha256', await signingKey(ctx))
    .update(body)
    .digest();
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw bad('its signature does not match');
  }
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as TokenPayload;
  if (payload.a !== action) throw bad(`it is not a ${action} link`);
  if (payload.x <= ctx.clock.nowMs()) throw bad('it has expired; subscribe again');
  return payload;
}

export function checkEmail(email: unknown): string {
  const trimmed = typeof email === 'string' ? email.trim() : email;
  if (typeof trimmed !== 'string' || trimmed.length > 254 || !MAILBOX.test(trimmed)) {
    throw new AppError('E_VALIDATION', 'The e-mail address is not valid.', {
      problems: [{ field: 'email', value: email, expected: 'one address like name@example.com' }],
    });
  }
  return trimmed;
}

/** The email endpoint a client's mail goes through: its contacts' first, else any. */
export function emailEndpointFor(ctx: AppContext, clientId: string): string | undefined {
  const defs = ctx.engine.runtime?.definitions;
  if (defs === undefined) return undefined;
  const email = new Set(defs.endpoints.filter((e) => e.kind === 'email').map((e) => e.id));
  const client = defs.clients.find((c) => c.id === clientId);
  for (const contact of client?.contacts ?? []) {
    for (const p of contact.contactPoints) if (email.has(p.endpointId)) return p.endpointId;
  }
  return [...email][0];
}

/**
 * Queues the confirmation mail. Says nothing about whether the address was already subscribed,
 * and sends at most one mail per address and client per RESEND_AFTER_MS.
 */
export async function requestSubscription(
  ctx: AppContext,
  input: { clientId: string; email: unknown; publicUrl: string | undefined },
): Promise<void> {
  const client = visibleClient(ctx, input.clientId);
  const email = checkEmail(input.email);
  const endpointId = emailEndpointFor(ctx, client.id);
  if (endpointId === undefined || input.publicUrl === undefined) {
    throw new AppError(
      'E_SUBSCRIPTION_UNAVAILABLE',
      'E-mail subscriptions are not set up on this server; use the RSS feed instead.',
      {
        details: {
          missing: [
            ...(endpointId === undefined ? ['an email endpoint'] : []),
            ...(input.publicUrl === undefined ? ["the server's public URL"] : []),
          ],
        },
      },
    );
  }
  const nowMs = ctx.clock.nowMs();
  const sent = lastSent.get(ctx) ?? new Map<string, number>();
  lastSent.set(ctx, sent);
  const throttleKey = `${client.id}\u0000${email.toLowerCase()}`;
  if (sent.size > 10_000) {
    for (const [key, atMs] of sent) if (nowMs - atMs >= RESEND_AFTER_MS) sent.delete(key);
  }
  const before = sent.get(throttleKey);
  if (before !== undefined && nowMs - before < RESEND_AFTER_MS) return;
  sent.set(throttleKey, nowMs);

  const token = await sign(ctx, {
    a: 'confirm',
    c: client.id,
    e: email,
    x: nowMs + CONFIRM_VALID_MS,
  });
  const link = `${input.publicUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(client.id)}/subscription/confirm?token=${token}`;
  const subject = `status-page:${client.id}`;
  const message: NotificationMessage = {
    event: 'reminder',
    audience: 'client',
    incidentKey: subject,
    occurredAtMs: nowMs,
    client: { id: client.id, name: client.name },
    service: { id: 'status-page', name: 'status page' },
    sla: { id: 'status-page', name: 'status page' },
    objective: { key: 'status-page', name: 'status page' },
    reason: { kind: 'within-objective' },
    reasonText: 'Subscription confirmation.',
    seeing: `a request to send this address the status notices of ${client.name}`,
    doing: `nothing until you confirm it: open ${link} within 48 hours`,
    next: 'every notice we post on the status page, once you confirm; if you did not ask, ignore this mail',
  };
  await ctx.store.enqueueNotifications([
    {
      id: randomUUID(),
      dedupKey: `${subject}:subscribe:${email.toLowerCase()}:${nowMs}`,
      incidentKey: subject,
      endpointId,
      address: email,
      audience: 'client',
      // After every notice: a confirmation never delays what clients are waiting for.
      priority: 1,
      message,
      createdAtMs: nowMs,
    },
  ]);
  ctx.engine.notificationsQueued();
}

/** Stores the subscriber of a valid confirmation link; returns the address and an unsubscribe token. */
export async function confirmSubscription(
  ctx: AppContext,
  clientId: string,
  token: unknown,
): Promise<{ email: string; unsubscribeToken: string }> {
  const payload = await verify(ctx, token, 'confirm');
  if (payload.c !== clientId) throw new AppError('E_CLIENT_NOT_FOUND', `No client "${clientId}".`);
  visibleClient(ctx, clientId);
  const nowMs = ctx.clock.nowMs();
  await ctx.store.addStatusSubscriber({ clientId, email: payload.e, confirmedAtMs: nowMs });
  const unsubscribeToken = await sign(ctx, {
    a: 'unsubscribe',
    c: clientId,
    e: payload.e,
    x: nowMs + UNSUBSCRIBE_VALID_MS,
  });
  return { email: payload.e, unsubscribeToken };
}

/** Checks an unsubscribe link without acting on it (the page asks to confirm). */
export async function unsubscribeTarget(
  ctx: AppContext,
  clientId: string,
  token: unknown,
): Promise<string> {
  const payload = await verify(ctx, token, 'unsubscribe');
  if (payload.c !== clientId) throw new AppError('E_CLIENT_NOT_FOUND', `No client "${clientId}".`);
  return payload.e;
}

export async function unsubscribe(
  ctx: AppContext,
  clientId: string,
  token: unknown,
): Promise<string> {
  const email = await unsubscribeTarget(ctx, clientId, token);
  await ctx.store.removeStatusSubscriber(clientId, email);
  return email;
}
