// The one way Forewarn reaches the outside world over HTTP(S): webhooks, Slack, Teams, PagerDuty,
// HTTP probes, Prometheus queries. SMTP uses resolveChecked() and connects to the address it gets.
// See docs/outbound-safety.md.

import type { Resolver } from './resolve-destination.js';

export interface OutboundPolicy {
  /**
   * Entries like "127.0.0.1:8025", "10.0.0.0/8", "[::1]:9000", "hooks.internal.example" (host
   * name, any port) that may be reached although private. Any port is allowed for public hosts.
   */
  allow: string[];
}

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Bounds the whole attempt: DNS, connect, TLS, every redirect hop and reading the body. */
  timeoutMs: number;
  /** Bytes of body kept; the rest is not read and `truncated` is set. Default 64 KiB. */
  maxResponseBytes?: number;
  /** Default 0: a redirect answer is an E_OUTBOUND_REDIRECT. Each followed hop is re-checked. */
  maxRedirects?: number;
  /** A redirect answer is returned as the response, neither followed nor refused (a probe expecting a 3xx). */
  returnRedirects?: boolean;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  /** Of the last hop, except totalMs, which spans the whole request. connectMs includes TLS. */
  timings: { dnsMs: number; connectMs: number; firstByteMs: number; totalMs: number };
  remoteAddress: string;
  tls?: { validTo: string; daysLeft: number };
}

export interface OutboundClient {
  request(req: OutboundRequest): Promise<OutboundResponse>;
  /** For protocols we don't speak over HTTP (SMTP): resolve and check a host, returning the address to connect to. */
  resolveChecked(host: string, port: number): Promise<{ address: string; family: 4 | 6 }>;
  /** Closes idle keep-alive connections. */
  close(): void;
}

export interface OutboundClientOptions {
  /** Injectable for tests; default dns.promises.lookup with all: true. */
  resolver?: Resolver;
  /** Default 10 s; never longer than the request's timeoutMs. */
  connectTimeoutMs?: number;
  /** Extra PEM certificates trusted besides Node's bundle (an internal CA for allowed hosts). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Wall clock for the certificate's days left; default Date.now. */
  nowMs?: () => number;
}
