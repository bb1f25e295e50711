// Mutable state shared by the use cases of one running instance: the runtime, the ingest gate,
// and a serial lane so evaluations, applies and snapshots never interleave their store writes.

import { IngestGate } from './ingest-gate.js';
import { InstanceMetrics } from './instance-metrics.js';
import type { Runtime } from './runtime.js';
import { SerialLane } from './serial-lane.js';

export class Engine {
  runtime: Runtime | undefined;
  readonly gate = new IngestGate();
  readonly metrics = new InstanceMetrics();
  /** Objectives with new data since their last evaluation. */
  readonly dirty = new Set<string>();
  evaluationScheduled = false;
  /** Called after notifications are queued; main wires it to the dispatcher. */
  notificationsQueued: () => void = () => {};
  /** Called after transitions are recorded; main wires it to the protocol. */
  transitionsRecorded: () => void = () => {};
  private readonly lane = new SerialLane();
  /** The breach protocol's writes (watches, incidents, notices) go one at a time. */
  readonly protocol = new SerialLane();

  /** Runs fn after everything queued before it; a failure does not block what follows. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.lane.run(fn);
  }
}
