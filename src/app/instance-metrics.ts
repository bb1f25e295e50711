// What an instance counts about itself, for Prometheus exposition at /metrics: ingest volume,
// evaluation tick time and transitions. Plain numbers bumped on the hot paths; no allocation.

import type { ObjectiveStatus } from '../domain/objective-state.js';
import type { ProbeStatus } from '../domain/probe-status.js';

/** What mapping one remote-write body counts (src/sources/remote-write/map-series.ts). */
export interface RemoteWriteSampleCounts {
  series: number;
  samples: number;
  /** Series that match no rule, and their samples: dropped. */
  droppedSeries: number;
  droppedSamples: number;
  /** Samples at or before their series' last timestamp (a re-sent batch): skipped. */
  repeatedSamples: number;
  /** Prometheus staleness markers and other NaN values: skipped. */
  staleSamples: number;
  /** Value samples that are negative or infinite: skipped (SLI values are finite and ≥ 0). */
  invalidSamples: number;
}

export const REMOTE_WRITE_SAMPLE_COUNTS = [
  'series',
  'samples',
  'droppedSeries',
  'droppedSamples',
  'repeatedSamples',
  'staleSamples',
  'invalidSamples',
] as const satisfies ReadonlyArray<keyof RemoteWriteSampleCounts>;

/** The instance's remote-write totals: each body's counts summed, with requests and items. */
export interface RemoteWriteCounters extends RemoteWriteSampleCounts {
  requests: number;
  /** Samples handed to the ingest after mapping. */
  items: number;
}

export interface PullCounters {
  sourceId: string;
  sliId: string;
  queries: number;
  failures: number;
  samples: number;
  duplicates: number;
  skipped: number;
}

export class InstanceMetrics {
  samplesAccepted = 0;
  samplesRefused = 0;
  ingestBatches = 0;
  duplicateBatches = 0;
  tickCount = 0;
  tickSecondsSum = 0;
  tickSecondsLast = 0;
  /** Largest tick since the last scrape read it. */
  tickSecondsMax = 0;
  readonly transitions: Record<ObjectiveStatus, number> = {
    ok: 0,
    'early-warning': 0,
    breach: 0,
    recovered: 0,
  };
  /** Each probe's last check and counts by probe id (src/sources/probes writes, routes read). */
  readonly probes = new Map<string, ProbeStatus>();
  /** What remote write received (src/sources/remote-write writes). */
  readonly remoteWrite: RemoteWriteCounters = {
    requests: 0,
    series: 0,
    samples: 0,
    droppedSeries: 0,
    droppedSamples: 0,
    repeatedSamples: 0,
    staleSamples: 0,
    invalidSamples: 0,
    items: 0,
  };
  /** Per Prometheus source and SLI: its pull counts (src/sources/prometheus writes). */
  readonly prometheusPulls = new Map<string, PullCounters>();

  observeTick(seconds: number): void {
    this.tickCount++;
    this.tickSecondsSum += seconds;
    this.tickSecondsLast = seconds;
    if (seconds > this.tickSecondsMax) this.tickSecondsMax = seconds;
  }
}
