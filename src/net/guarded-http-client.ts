// HTTP(S) through the address policy: every hop is resolved once, checked, and connected to by
// the checked IP (Host header and TLS server name keep the original name), so a second DNS answer
// can never be used. Time and response size are bounded; redirects are refused unless asked for.

import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { rootCertificates } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { normalizeHostName } from './address-policy.js';
import { parseAllowList } from './allow-list.js';
import { classifySocketError } from './classify-socket-error.js';
import { parseIpAddress } from './ip-address.js';
import type {
  OutboundClient,
  OutboundClientOptions,
  OutboundPolicy,
  OutboundRequest,
  OutboundResponse,
} from './outbound-client.js';
import { OutboundError } from './outbound-error.js';
import { resolveDestination } from './resolve-destination.js';
import type { CheckedAddress, Resolver } from './resolve-destination.js';

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DAY_MS = 86_400_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Dropped when a redirect leaves the origin, as fetch does (WHATWG Fetch, HTTP-redirect fetch).
const ORIGIN_BOUND_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

const defaultResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export function createOutboundClient(
  policy: OutboundPolicy,
  options: OutboundClientOptions = {},
): OutboundClient {
  const rules = parseAllowList(policy.allow);
  const resolver = options.resolver ?? defaultResolver;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const nowMs = options.nowMs ?? Date.now;
  const extraCa = options.ca === undefined ? [] : [options.ca].flat();
  const httpAgent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    scheduling: 'lifo',
    ...(extraCa.length > 0 ? { ca: [...rootCertificates, ...extraCa] } : {}),
  });

  const resolveChecked = (host: string, port: number) =>
    resolveDestination(host, port, rules, resolver);

  async function request(req: OutboundRequest): Promise<OutboundResponse> {
    const startedAt = performance.now();
    const deadline = new Deadline(req.timeoutMs, req.signal);
    let redirects = 0;
    try {
      let url = parseTarget(req.url);
      let method = (req.method ?? 'GET').toUpperCase();
      let body = req.body;
      let headers: Record<string, string> = { ...req.headers };
      const maxRedirects = req.maxRedirects ?? 0;
      for (let hop = 0; ; hop++) {
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        const hopStartedAt = performance.now();
        const target = await deadline.race(resolveChecked(url.hostname, port));
        const dnsMs = performance.now() - hopStartedAt;
        const result = await send({
          url,
          port,
          target,
          method,
          headers,
          body,
          maxResponseBytes: req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          connectTimeoutMs: Math.min(connectTimeoutMs, req.timeoutMs),
          deadline,
          agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
          nowMs,
        });
        const location = result.headers.location;
        if (
          REDIRECT_STATUSES.has(result.status) &&
          typeof location === 'string' &&
          req.returnRedirects !== true
        ) {
          if (maxRedirects === 0) {
            throw new OutboundError(
              'E_OUTBOUND_REDIRECT',
              `refused: the destination answered with a redirect (HTTP ${result.status}); redirects are not followed`,
              false,
            );
          }
          if (hop >= maxRedirects) {
            throw new OutboundError(
              'E_OUTBOUND_REDIRECT',
              `refused: more than ${maxRedirects} redirects`,
              false,
            );
          }
          const next = parseTarget(location, url);
          if (next.origin !== url.origin) headers = withoutOriginBoundHeaders(headers);
          if (
            result.status === 303 ||
            ((result.status === 301 || result.status === 302) && method === 'POST')
          ) {
            method = method === 'HEAD' ? 'HEAD' : 'GET';
            body = undefined;
            headers = withoutBodyHeaders(headers);
          }
          url = next;
          redirects = hop + 1;
          continue;
        }
        return {
          status: result.status,
          headers: result.headers,
          body: result.body,
          truncated: result.truncated,
          timings: {
            dnsMs,
            connectMs: result.connectMs,
            firstByteMs: result.firstByteAt - hopStartedAt,
            totalMs: performance.now() - startedAt,
          },
          remoteAddress: result.remoteAddress,
          ...(result.tls === undefined ? {} : { tls: result.tls }),
        };
      }
    } catch (e) {
      const error =
        e instanceof OutboundError
          ? e
          : deadline.aborted
            ? deadline.error()
            : classifySocketError(e);
      error.afterRedirects = redirects;
      throw error;
    } finally {
      deadline.dispose();
    }
  }

  return {
    request,
    resolveChecked,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function parseTarget(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new OutboundError('E_OUTBOUND_PROTOCOL', 'not a valid URL', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundError(
      'E_OUTBOUND_BLOCKED',
      'blocked: only http and https are allowed',
      false,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundError(
      'E_OUTBOUND_BLOCKED',
      'blocked: URLs with credentials (user:password@) are refused; send credentials in a header',
      false,
    );
  }
  return url;
}

function withoutOriginBoundHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !ORIGIN_BOUND_HEADERS.has(k.toLowerCase())),
  );
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/i.test(k)));
}

/** One timer and one abort for the whole attempt, whichever of timeout or caller comes first. */
class Deadline {
  // Plain callbacks rather than an AbortController: an EventTarget per request showed in the
  // profile of 1,000 probe checks per second (P11).
  private readonly listeners = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;
  private cause: 'timeout' | 'cancelled' | undefined;
  private readonly onCallerAbort = () => this.abort('cancelled');

  constructor(
    private readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    // Timers run before I/O in each turn of the event loop: after the loop was blocked (a GC, a
    // synchronous commit), an answer that already arrived is read first, then the deadline acts.
    this.timer = setTimeout(() => setImmediate(() => this.abort('timeout')), timeoutMs);
    if (callerSignal?.aborted) this.abort('cancelled');
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Calls fn once when the attempt is aborted; the returned function stops listening. */
  onAbort(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get aborted(): boolean {
    return this.cause !== undefined;
  }

  error(): OutboundError {
    return this.cause === 'cancelled'
      ? new OutboundError('E_OUTBOUND_TIMEOUT', 'cancelled by the caller before completion', true)
      : new OutboundError('E_OUTBOUND_TIMEOUT', `timed out after ${this.timeoutMs} ms`, true);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.aborted) return Promise.reject(this.error());
    return new Promise<T>((resolve, reject) => {
      const off = this.onAbort(() => reject(this.error()));
      promise.then(resolve, reject).finally(off);
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  private abort(cause: 'timeout' | 'cancelled'): void {
    if (this.cause !== undefined) return;
    this.cause = cause;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const fn of listeners) fn();
  }
}

interface SendInput {
  url: URL;
  port: number;
  target: CheckedAddress;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  deadline: Deadline;
  agent: http.Agent;
  nowMs: () => number;
}

interface SendResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  connectMs: number;
  firstByteAt: number;
  remoteAddress: string;
  tls?: { validTo: string; daysLeft: number };
}

/** One HTTP exchange with the checked address. */
function send(input: SendInput): Promise<SendResult> {
  const { url, target, deadline } = input;
  const isHttps = url.protocol === 'https:';
  const hostName = normalizeHostName(url.hostname);
  const headers: Record<string, string> = { ...input.headers, host: url.host };
  if (input.body !== undefined) headers['content-length'] = String(byteLength(input.body));
  // Belt and braces: the host below is an IP, so Node does not look it up; if it ever did, it
  // would still get the checked address.
  const pinnedLookup: LookupFunction = (_host, opts, callback) => {
    if (opts.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };

  return new Promise<SendResult>((resolve, reject) => {
    const startedAt = performance.now();
    let settled = false;
    let connectMs = 0;
    let connectTimer: NodeJS.Timeout | undefined;
    let stopListening: () => void = () => {};
    const settle = (error: unknown, result?: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      stopListening();
      if (result !== undefined) resolve(result);
      else reject(error);
    };

    let req: http.ClientRequest;
    try {
      req = (isHttps ? https : http).request({
        host: target.address,
        family: target.family,
        port: input.port,
        method: input.method,
        path: `${url.pathname}${url.search}`,
        headers,
        agent: input.agent,
        lookup: pinnedLookup,
        // SNI and certificate checks use the name; an IP literal is checked against IP SANs.
        ...(isHttps ? { servername: parseIpAddress(hostName) ? '' : hostName } : {}),
      });
    } catch (e) {
      settle(classifySocketError(e));
      return;
    }

    const onAbort = () => req.destroy(deadline.error());
    if (deadline.aborted) onAbort();
    else stopListening = deadline.onAbort(onAbort);

    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) return; // a kept-alive connection: nothing to connect
      let connected = false;
      connectTimer = setTimeout(
        () =>
          setImmediate(() => {
            if (connected) return; // connected while the event loop was blocked
            req.destroy(
              new OutboundError(
                'E_OUTBOUND_TIMEOUT',
                `connect timed out after ${input.connectTimeoutMs} ms`,
                true,
              ),
            );
          }),
        input.connectTimeoutMs,
      );
      socket.once(isHttps ? 'secureConnect' : 'connect', () => {
        connected = true;
        clearTimeout(connectTimer);
        connectMs = performance.now() - startedAt;
      });
    });

    req.on('error', (e) => settle(classifySocketError(e)));

    req.on('response', (res) => {
      const firstByteAt = performance.now();
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const socket = res.socket as Socket | TLSSocket;
      const remoteAddress = socket.remoteAddress ?? target.address;
      const tls = isHttps ? certificateDates(socket as TLSSocket, input.nowMs()) : undefined;
      const finish = () =>
        settle(undefined, {
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks, size),
          truncated,
          connectMs,
          firstByteAt,
          remoteAddress,
          ...(tls === undefined ? {} : { tls }),
        });

      res.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = input.maxResponseBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          truncated = true;
          finish();
          res.destroy(); // stop reading: the rest is never buffered
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', finish);
      res.on('error', (e) => settle(classifySocketError(e)));
      res.on('close', () => {
        if (!res.complete) {
          settle(
            new OutboundError(
              'E_OUTBOUND_CONNECT',
              'connection closed before the response was complete',
              true,
            ),
          );
        }
      });
    });

    req.end(input.body);
  });
}

function certificateDates(
  socket: TLSSocket,
  nowMs: number,
): { validTo: string; daysLeft: number } | undefined {
  const cert = socket.getPeerCertificate?.();
  if (cert === undefined || cert === null || !cert.valid_to) return undefined;
  const validToMs = Date.parse(cert.valid_to);
  if (Number.isNaN(validToMs)) return undefined;
  return {
    validTo: new Date(validToMs).toISOString(),
    daysLeft: Math.floor((validToMs - nowMs) / DAY_MS),
  };
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}
