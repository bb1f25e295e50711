// The client status page, its RSS feed and the e-mail subscription steps. Pages are rendered on
// the server, carry no script and a strict CSP, and come from a per-client cache that the
// client's transitions and protocol steps invalidate.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import type { ProtocolEvent } from '../../app/events.js';
import { SerialLane } from '../../app/serial-lane.js';
import { ClientPageCache, DEFAULT_PAGE_TTL_MS } from '../../app/status-page/client-page-cache.js';
import {
  catchUpSubscribers,
  isNoticeStep,
  notifySubscribersOf,
} from '../../app/status-page/notify-subscribers.js';
import {
  noticedCases,
  noticesNewestFirst,
  statusPageView,
  visibleClient,
} from '../../app/status-page/status-page-view.js';
import {
  confirmSubscription,
  requestSubscription,
  unsubscribe,
  unsubscribeTarget,
} from '../../app/status-page/status-subscriptions.js';
import { renderFeed } from './render-feed.js';
import {
  CSRF_SLOT,
  csrfField,
  renderStatusPage,
  VIEWER_SLOT,
  viewerBar,
} from './render-status-page.js';
import { NOT_FOUND_PAGE, renderMessagePage } from './message-page.js';
import { html } from '../html.js';
import { installFormParser } from '../form-body.js';
import { pageHeaders } from './page-headers.js';
import { statusAccess, type StatusAccess } from './status-access.js';
import { STATUS_CSS } from './status-css.js';

export interface StatusPageOptions {
  /** The server's public base URL, e.g. https://status.example.com; links in e-mails need it. */
  publicUrl?: string;
  pageTtlMs?: number;
}

const FORM_LIMIT_BYTES = 8 * 1024;
const HTML_TYPE = 'text/html; charset=utf-8';

type Params = { clientId: string; secret?: string };

export function registerStatusPages(
  app: FastifyInstance,
  ctx: AppContext,
  options: StatusPageOptions = {},
): void {
  const publicUrl = checkedPublicUrl(options.publicUrl);
  void app.register(async (scope) => {
    const cache = new ClientPageCache<CachedPage>(ctx, options.pageTtlMs ?? DEFAULT_PAGE_TTL_MS);
    scope.addHook('onClose', async () => cache.close());
    watchNoticesForSubscribers(scope, ctx);
    installFormParser(scope);
    scope.setErrorHandler((err, request, reply) => sendError(ctx, err, request, reply));

    scope.get('/status/status.css', async (_request, reply) =>
      reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(STATUS_CSS),
    );

    const page = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      const { clientId, secret } = request.params;
      const access = await statusAccess(ctx, request, clientId, secret);
      if (access === null) return notFound(reply);
      const body = await cache.get(clientId, `page|${access.kind}|${access.basePath}`, async () =>
        splitAtSlots(
          renderStatusPage(await statusPageView(ctx, clientId), {
            basePath: access.basePath,
            subscriptions: publicUrl !== undefined,
          }),
        ),
      );
      return reply
        .code(200)
        .headers(pageHeaders(access.kind === 'public'))
        .type(HTML_TYPE)
        .send(personalised(body, access));
    };
    scope.get('/status/:clientId', page);
    scope.get('/status/:clientId/s/:secret', page);

    const feed = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
      const { clientId, secret } = request.params;
      const access = await statusAccess(ctx, request, clientId, secret);
      if (access === null) return notFound(reply);
      const body = await cache.get(clientId, `feed|${access.kind}|${access.basePath}`, async () => {
        const client = visibleClient(ctx, clientId);
        return encoded(
          renderFeed({
            clientName: client.name,
            timeZone: client.timeZone,
            pageUrl: `${publicUrl ?? ''}${access.basePath}`,
            notices: noticesNewestFirst(await noticedCases(ctx, clientId)),
            builtAtMs: ctx.clock.nowMs(),
          }),
        );
      });
      return reply
        .code(200)
        .headers(pageHeaders(access.kind === 'public'))
        .type('application/rss+xml; charset=utf-8')
        .send(body.whole);
    };
    scope.get('/status/:clientId/feed.xml', feed);
    scope.get('/status/:clientId/s/:secret/feed.xml', feed);

    const subscribe = async (
      request: FastifyRequest<{ Params: Params; Body: unknown }>,
      reply: FastifyReply,
    ) => {
      const { clientId, secret } = request.params;
      const access = await statusAccess(ctx, request, clientId, secret);
      if (access === null) return notFound(reply);
      const email = formField(request.body, 'email');
      await requestSubscription(ctx, { clientId, email, publicUrl });
      return sendPage(
        reply,
        200,
        renderMessagePage(
          'Check your mail',
          html`<p>
              If ${email} can receive mail, a confirmation link is on its way. Open it within 48
              hours to start receiving the notices.
            </p>
            <p><a href="${access.basePath}">Back to the status page</a></p>`,
        ),
      );
    };
    const formRoute = { bodyLimit: FORM_LIMIT_BYTES };
    scope.post('/status/:clientId/subscribe', formRoute, subscribe);
    scope.post('/status/:clientId/s/:secret/subscribe', formRoute, subscribe);

    scope.get<{ Params: Params; Querystring: { token?: string } }>(
      '/status/:clientId/subscription/confirm',
      async (request, reply) => {
        const { clientId } = request.params;
        const { email, unsubscribeToken } = await confirmSubscription(
          ctx,
          clientId,
          request.query.token,
        );
        const name = visibleClient(ctx, clientId).name;
        const leave = `/status/${encodeURIComponent(clientId)}/subscription/unsubscribe?token=${unsubscribeToken}`;
        return sendPage(
          reply,
          200,
          renderMessagePage(
            'Subscribed',
            html`<p>${email} will receive the status notices of ${name}.</p>
              <p>To stop them later, keep this link: <a href="${leave}">unsubscribe</a>.</p>`,
          ),
        );
      },
    );

    scope.get<{ Params: Params; Querystring: { token?: string } }>(
      '/status/:clientId/subscription/unsubscribe',
      async (request, reply) => {
        const { clientId } = request.params;
        const email = await unsubscribeTarget(ctx, clientId, request.query.token);
        // A form, not a link that acts: mail scanners open links, they do not submit forms.
        return sendPage(
          reply,
          200,
          renderMessagePage(
            'Unsubscribe',
            html`<form method="post">
              <input type="hidden" name="token" value="${request.query.token ?? ''}" />
              <p>Stop sending the status notices to ${email}?</p>
              <button type="submit">Unsubscribe</button>
            </form>`,
          ),
        );
      },
    );

    scope.post<{ Params: Params; Body: unknown }>(
      '/status/:clientId/subscription/unsubscribe',
      formRoute,
      async (request, reply) => {
        const email = await unsubscribe(
          ctx,
          request.params.clientId,
          formField(request.body, 'token'),
        );
        return sendPage(
          reply,
          200,
          renderMessagePage('Unsubscribed', `${email} will receive no more status notices.`),
        );
      },
    );
  });
}

/** Subscribers get each notice as it is sent, and at start whatever a crash may have cut short. */
function watchNoticesForSubscribers(scope: FastifyInstance, ctx: AppContext): void {
  const lane = new SerialLane();
  const failed = (err: unknown) =>
    ctx.logger.error({ err }, 'status page: notices to subscribers not queued');
  // Steps of one commit come together (a mass breach: hundreds): each case is fanned out once.
  const pending = new Map<string, ProtocolEvent>();
  const fanOutPending = async () => {
    const cases = [...pending.values()];
    pending.clear();
    for (const e of cases) await notifySubscribersOf(ctx, e);
  };
  const onProtocol = (e: ProtocolEvent) => {
    if (!isNoticeStep(e)) return;
    const first = pending.size === 0;
    pending.set(`${e.subject}:${e.id}`, e);
    if (first) lane.run(fanOutPending).catch(failed);
  };
  ctx.events.on('protocol', onProtocol);
  scope.addHook('onReady', async () => {
    lane.run(() => catchUpSubscribers(ctx)).catch(failed);
  });
  scope.addHook('onClose', async () => {
    ctx.events.off('protocol', onProtocol);
    await lane.run(async () => undefined);
  });
}

/**
 * A cached document, encoded once: whole (for viewers who are not signed in) and in pieces around
 * its per-viewer slots (the viewer bar, the CSRF field), filled per request.
 */
interface CachedPage {
  whole: Buffer;
  pieces: Array<Buffer | typeof CSRF_SLOT | typeof VIEWER_SLOT>;
}

const SLOT_PATTERN = new RegExp(`(${CSRF_SLOT}|${VIEWER_SLOT})`);

function encoded(text: string): CachedPage {
  const whole = Buffer.from(text);
  return { whole, pieces: [whole] };
}

function splitAtSlots(text: string): CachedPage {
  const parts = text.split(SLOT_PATTERN);
  return {
    whole: Buffer.from(parts.filter((p) => p !== CSRF_SLOT && p !== VIEWER_SLOT).join('')),
    pieces: parts.map((p) => (p === CSRF_SLOT || p === VIEWER_SLOT ? p : Buffer.from(p))),
  };
}

function personalised(page: CachedPage, access: StatusAccess): Buffer {
  const token = access.csrfToken;
  if (token === undefined) return page.whole;
  const slots = {
    [CSRF_SLOT]: Buffer.from(csrfField(token).text),
    [VIEWER_SLOT]: Buffer.from(
      viewerBar({ name: access.viewerName ?? '', csrfToken: token, team: access.kind === 'team' })
        .text,
    ),
  };
  return Buffer.concat(page.pieces.map((p) => (typeof p === 'string' ? slots[p] : p)));
}

function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** An absolute http(s) URL without query or fragment, trailing slashes dropped; '' means none. */
export function checkedPublicUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (
    parsed === undefined ||
    !['http:', 'https:'].includes(parsed.protocol) ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    throw new Error(
      `The public URL "${url}" (FOREWARN_PUBLIC_URL) is not valid: expected an absolute http(s) URL like https://status.example.com`,
    );
  }
  return url.replace(/\/+$/, '');
}

function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).headers(pageHeaders(false)).type(HTML_TYPE).send(body);
}

function notFound(reply: FastifyReply): FastifyReply {
  return sendPage(reply, 404, NOT_FOUND_PAGE);
}

function sendError(
  ctx: AppContext,
  err: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const known =
    err instanceof AppError
      ? err
      : typeof (err as { statusCode?: unknown }).statusCode === 'number' &&
          (err as { statusCode: number }).statusCode < 500
        ? new AppError('E_VALIDATION', 'The request is not valid.', { cause: err })
        : undefined;
  if (known === undefined || known.status >= 500) {
    ctx.logger.error({ err, url: request.url, method: request.method }, 'status page failed');
    const status = known?.status ?? 500;
    return sendPage(
      reply,
      status,
      renderMessagePage('Something went wrong', 'Try again in a minute.'),
    );
  }
  if (known.status === 404) return notFound(reply);
  const problems = known.problems.map((p) => `${p.field}: expected ${p.expected}`);
  return sendPage(
    reply,
    known.status,
    renderMessagePage(
      'That did not work',
      html`<p>${known.message}</p>
        ${
          problems.length > 0
            ? html`<ul>
                ${problems.map((p) => html`<li>${p}</li>`)}
              </ul>`
            : ''
        }`,
    ),
  );
}
