// Notes when this process's event loop was blocked (a long synchronous commit, a burst of protocol
// work, the host starving it of CPU). A check that timed out or was slow across such a stall says
// more about Forewarn than about the target, so the runner does not count it as down.

import { performance } from 'node:perf_hooks';

interface Stall {
  fromMs: number;
  toMs: number;
}

const KEEP_MS = 60_000;

export class StallWatch {
  private readonly stalls: Stall[] = [];
  private lastMs = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly periodMs = 20,
    private readonly minStallMs = 25,
  ) {
    this.timer = setInterval(() => this.tick(), periodMs);
    this.timer.unref();
  }

  /** The longest stall overlapping [fromMs, toMs] (performance.now() times), the current one included. */
  longestWithin(fromMs: number, toMs: number): number {
    this.tick();
    let longest = 0;
    for (let i = this.stalls.length - 1; i >= 0; i--) {
      const s = this.stalls[i]!;
      if (s.toMs < fromMs) break;
      if (s.fromMs > toMs) continue;
      longest = Math.max(longest, Math.min(s.toMs, toMs) - Math.max(s.fromMs, fromMs));
    }
    return longest;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const now = performance.now();
    const expected = this.lastMs + this.periodMs;
    if (now - expected >= this.minStallMs) {
      this.stalls.push({ fromMs: expected, toMs: now });
      while (this.stalls.length > 0 && this.stalls[0]!.toMs < now - KEEP_MS) this.stalls.shift();
    }
    // Called between timer turns too (longestWithin): only whole periods count as the baseline.
    if (now >= expected) this.lastMs = now;
  }
}
