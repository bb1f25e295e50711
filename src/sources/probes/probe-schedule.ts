// When each probe runs: every intervalMs (1 s at the least) at a phase taken from its id, so 1,000
// probes added together spread over the interval instead of firing at once, and a probe keeps its
// phase across updates and restarts. A check still running when the next is due skips that turn.

import { performance } from 'node:perf_hooks';

/** What the schedule needs of a probe: `key` changes whenever its definition does. */
export interface ScheduledProbe {
  id: string;
  intervalMs: number;
  key: string;
}

export interface ScheduleHooks<P extends ScheduledProbe> {
  run(probe: P): Promise<void>;
  /** A due check was not started: the previous one of the same probe is still running. */
  skipped(probe: P): void;
}

export const MIN_PROBE_INTERVAL_MS = 1000;

interface Slot<P> {
  probe: P;
  intervalMs: number;
  dueMs: number;
  timer: NodeJS.Timeout | undefined;
  running: boolean;
}

export class ProbeSchedule<P extends ScheduledProbe> {
  private readonly slots = new Map<string, Slot<P>>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly hooks: ScheduleHooks<P>,
    // Monotonic: a wall clock stepped back an hour must not pause every probe for an hour.
    private readonly nowMs: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  /** From now on run exactly these probes; unchanged ones keep their timing, running checks finish. */
  update(probes: readonly P[]): void {
    if (this.stopped) return;
    const wanted = new Set<string>();
    for (const probe of probes) {
      wanted.add(probe.id);
      const intervalMs = Math.max(MIN_PROBE_INTERVAL_MS, probe.intervalMs);
      const slot = this.slots.get(probe.id);
      if (slot === undefined) {
        const created: Slot<P> = { probe, intervalMs, dueMs: 0, timer: undefined, running: false };
        created.dueMs = this.firstDueMs(probe.id, intervalMs);
        this.slots.set(probe.id, created);
        this.arm(created);
      } else if (slot.probe.key !== probe.key) {
        slot.probe = probe;
        if (slot.intervalMs !== intervalMs) {
          slot.intervalMs = intervalMs;
          clearTimeout(slot.timer);
          slot.dueMs = this.firstDueMs(probe.id, intervalMs);
          this.arm(slot);
        }
      }
    }
    for (const [id, slot] of this.slots) {
      if (wanted.has(id)) continue;
      clearTimeout(slot.timer);
      this.slots.delete(id);
    }
  }

  get size(): number {
    return this.slots.size;
  }

  /** No new checks; resolves once the checks in flight (bounded by their timeouts) have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    this.slots.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private firstDueMs(id: string, intervalMs: number): number {
    const now = this.nowMs();
    const phase = fnv1a(id) % intervalMs;
    return now + ((((phase - now) % intervalMs) + intervalMs) % intervalMs);
  }

  private arm(slot: Slot<P>): void {
    slot.timer = setTimeout(() => this.fire(slot), Math.max(0, slot.dueMs - this.nowMs()));
    slot.timer.unref();
  }

  private fire(slot: Slot<P>): void {
    if (this.slots.get(slot.probe.id) !== slot) return;
    const now = this.nowMs();
    // Turns missed while the event loop was busy (or the host asleep) are dropped, not caught up.
    do slot.dueMs += slot.intervalMs;
    while (slot.dueMs <= now);
    this.arm(slot);
    // Timers run before I/O: let an answer that arrived while the loop was busy end its check first.
    if (slot.running) setImmediate(() => this.start(slot));
    else this.start(slot);
  }

  private start(slot: Slot<P>): void {
    if (this.stopped || this.slots.get(slot.probe.id) !== slot) return;
    if (slot.running) {
      this.hooks.skipped(slot.probe);
      return;
    }
    slot.running = true;
    const check = this.hooks
      .run(slot.probe)
      .catch(() => {})
      .finally(() => {
        slot.running = false;
        this.inFlight.delete(check);
      });
    this.inFlight.add(check);
  }
}

/** FNV-1a, 32 bits, then MurmurHash3's finaliser: ids differing in one character land far apart. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
