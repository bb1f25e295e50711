// Commits and their application to memory may overlap; a snapshot must see no commit that is
// durable but not yet applied, or replay after a restart would skip it. The gate lets ingest run
// concurrently and lets a snapshot wait for a quiet moment, holding new commits back briefly.

export class IngestGate {
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  private releaseClosing: (() => void) | undefined;
  private drained: (() => void) | undefined;

  async enter(): Promise<void> {
    while (this.closing !== undefined) await this.closing;
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.drained?.();
  }

  /** Runs fn with no commit in flight and none starting. */
  async exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    while (this.closing !== undefined) await this.closing;
    this.closing = new Promise<void>((resolve) => (this.releaseClosing = resolve));
    try {
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await fn();
    } finally {
      const release = this.releaseClosing;
      this.closing = undefined;
      this.releaseClosing = undefined;
      release?.();
    }
  }
}
