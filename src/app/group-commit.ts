// Group commit: callers that arrive while a commit is running wait and share the next one, so N
// concurrent requests cost one transaction and one fsync instead of N. Each caller's promise
// settles only when the commit holding its item has settled.

export interface GroupCommitterOptions<T, R> {
  /** Commits the group in one go; returns one result per item, in the items' order. */
  commit(items: T[]): Promise<R[]>;
  /** Most items in one group. */
  maxGroupSize: number;
  /** Most total weight (e.g. rows) in one group; an item heavier than this still goes alone. */
  maxGroupWeight?: number;
  weightOf?(item: T): number;
  /**
   * How long the first item after an idle spell waits for company before its group commits
   * (sooner once maxGroupSize items wait). 0: until the end of this event-loop turn, so the
   * requests already read from the sockets join it. A commit that blocks the event loop (SQLite)
   * lets nothing arrive while it runs, so only a wait can make its groups bigger.
   */
  gatherMs?: number;
}

interface Pending<T, R> {
  item: T;
  weight: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommitter<T, R> {
  readonly #commit: (items: T[]) => Promise<R[]>;
  readonly #maxSize: number;
  readonly #maxWeight: number;
  readonly #weightOf: (item: T) => number;
  readonly #gatherMs: number;
  // First-in first-out: a group always takes the oldest waiters, so none can starve.
  #queue: Pending<T, R>[] = [];
  #running = false;
  #timer: { cancel(): void } | undefined;

  constructor(options: GroupCommitterOptions<T, R>) {
    if (!(options.maxGroupSize >= 1)) throw new RangeError('maxGroupSize must be at least 1');
    this.#commit = options.commit;
    this.#maxSize = options.maxGroupSize;
    this.#maxWeight = options.maxGroupWeight ?? Number.POSITIVE_INFINITY;
    this.#weightOf = options.weightOf ?? (() => 1);
    this.#gatherMs = options.gatherMs ?? 0;
  }

  /** Resolves with this item's result once the group holding it has committed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, weight: this.#weightOf(item), resolve, reject });
      if (this.#running) return;
      if (this.#queue.length >= this.#maxSize) {
        this.#cancelTimer();
        void this.#drain();
      } else if (this.#timer === undefined) {
        const run = () => {
          this.#timer = undefined;
          void this.#drain();
        };
        this.#timer = this.#gatherMs > 0 ? after(this.#gatherMs, run) : atTurnEnd(run);
      }
    });
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#timer.cancel();
    this.#timer = undefined;
  }

  /** Items waiting for a commit (not counting the group being committed). */
  get waiting(): number {
    return this.#queue.length;
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length > 0) await this.#commitGroup(this.#takeGroup());
    } finally {
      this.#running = false;
    }
  }

  #takeGroup(): Pending<T, R>[] {
    let count = 0;
    let weight = 0;
    for (const p of this.#queue) {
      if (count >= this.#maxSize) break;
      if (count > 0 && weight + p.weight > this.#maxWeight) break;
      count++;
      weight += p.weight;
    }
    return this.#queue.splice(0, count);
  }

  async #commitGroup(group: Pending<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.#commit(group.map((p) => p.item));
      if (results.length !== group.length) {
        throw new Error(
          `a group of ${group.length} items committed with ${results.length} results`,
        );
      }
    } catch (error) {
      for (const p of group) p.reject(error);
      return;
    }
    for (let i = 0; i < group.length; i++) group[i]!.resolve(results[i]!);
  }
}

function after(ms: number, run: () => void): { cancel(): void } {
  const timer = setTimeout(run, ms);
  return { cancel: () => clearTimeout(timer) };
}

function atTurnEnd(run: () => void): { cancel(): void } {
  const immediate = setImmediate(run);
  return { cancel: () => clearImmediate(immediate) };
}
