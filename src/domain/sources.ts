// Where an SLI's numbers come from when nobody pushes them: Forewarn's own HTTP probes, a
// Prometheus-compatible query API pulled on a schedule, or series sent by Prometheus remote write.
// Pure definitions; the runners live in src/sources/.

import type { SecretValue } from './notification.js';

/** An HTTP check Forewarn runs itself (like Uptime Kuma or Gatus), through the guarded client. */
export interface ProbeDef {
  id: string;
  serviceId: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  url: string;
  /**
   * Header values are Secrets (an Authorization header is one): read with `.reveal()`, printed as
   * "<secret>" by JSON.stringify, stored by serialize-definitions.
   */
  headers: Record<string, SecretValue>;
  body?: string;
  /** 1 s at the least. */
  intervalMs: number;
  /** Less than or equal to intervalMs. */
  timeoutMs: number;
  expect: ProbeExpectation;
  /** The check fails when the server's certificate expires within this (https only). */
  certificateMinValidityMs?: number;
  /** Ratio SLI fed one good/total event per check (good when every expectation holds). */
  availabilitySli?: string;
  /** Distribution SLI fed the response time in ms of every answered check. */
  latencySli?: string;
}

export interface ProbeExpectation {
  /** Accepted status codes; empty means 200–399. */
  status: number[];
  bodyContains?: string;
  /** A slower answer fails the check. */
  maxLatencyMs?: number;
}

/** The placeholder a PromQL query uses for the range, as Sloth writes it: `[{{.window}}]`. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/** One SLI measured by PromQL: good/total queries (ratio) or a value query (distribution). */
export type PrometheusSliQuery =
  | { sliId: string; kind: 'ratio'; goodQuery: string; totalQuery: string }
  | { sliId: string; kind: 'value'; valueQuery: string };

/** A Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics) pulled on a schedule. */
export interface PrometheusSourceDef {
  id: string;
  /** Base URL; `/api/v1/query` and `/api/v1/query_range` are appended. */
  url: string;
  /** As ProbeDef.headers: Secrets, read with `.reveal()`. */
  headers: Record<string, SecretValue>;
  /** How often each query runs; also the resolution of the back-fill. 15 s at the least. */
  intervalMs: number;
  timeoutMs: number;
  /** How much history to fill on start; absent: the longest window of the objectives fed. */
  backfillMs?: number;
  queries: PrometheusSliQuery[];
}

export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/**
 * Maps remote-written series to one SLI. Ratio: cumulative counters selected by `good` and
 * `total`, turned into per-interval increases (counter resets handled). Value: gauge or summary
 * series whose samples are the SLI's values.
 */
export type RemoteWriteRule =
  | { sliId: string; kind: 'ratio'; good: LabelMatcher[]; total: LabelMatcher[] }
  | { sliId: string; kind: 'value'; value: LabelMatcher[] };
