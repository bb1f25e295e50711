// What every source of Forewarn's own (probes, Prometheus pulls) gives main.ts: it is started with
// the applied definitions, follows re-applied ones, and stops cleanly at shutdown.

import type { Definitions } from '../domain/definitions.js';

export interface SourceRunner {
  /** Definitions were (re-)applied: start, change or stop the work they declare. */
  update(definitions: Definitions): void;
  /** Stop scheduling, wait for work in flight (bounded by its own timeouts). */
  stop(): Promise<void>;
}
