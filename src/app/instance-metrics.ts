// What an instance counts about itself, for Prometheus exposition at /metrics: ingest volume,
// evaluation tick time and transitions. Plain numbers bumped on the hot paths; no allocation.

import type { ObjectiveStatus } from '../domain/objective-state.js';
import type { ProbeStatus } from '../domain/probe-status.js';

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

  observeTick(seconds: number): void {
    this.tickCount++;
    this.tickSecondsSum += seconds;
    this.tickSecondsLast = seconds;
    if (seconds > this.tickSecondsMax) this.tickSecondsMax = seconds;
  }
}
