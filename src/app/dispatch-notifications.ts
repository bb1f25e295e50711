// Delivers the outbox: the head of each lane (incident × endpoint × address) in order, client
// notices first and on their own concurrency, each attempt bounded in time, retried with jittered
// backoff, dead-lettered when it cannot succeed. The row stays pending until the attempt is
// recorded, so a crash re-sends with the same idempotency key rather than losing it.

import type { EndpointDef } from '../domain/notification.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../domain/retry-backoff.js';
import type { AppContext } from './context.js';
import type { ChannelSender, DeliveryResult } from './delivery.js';
import { GroupCommitter } from './group-commit.js';
import type { AttemptOutcome, DeliveryAttempt, OutboxRecord } from './ports.js';

export interface DispatchOptions {
  perEndpointConcurrency: number;
  attemptTimeoutMs: number;
  /** Give up (dead-letter) after this many attempts or this age, whichever comes first. */
  maxAttempts: number;
  maxAgeMs: number;
  backoff: BackoffPolicy;
  random: () => number;
  /** How many pending notifications one pass looks at. */
  scanLimit: number;
}

export const DEFAULT_DISPATCH: DispatchOptions = {
  perEndpointConcurrency: 4,
  attemptTimeoutMs: 10_000,
  maxAttempts: 200,
  maxAgeMs: 48 * 3_600_000,
  backoff: DEFAULT_BACKOFF,
  random: Math.random,
  scanLimit: 5_000,
};

const MAX_TIMER_MS = 30_000;

export class Dispatcher {
  private readonly options: DispatchOptions;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perEndpoint = new Map<string, number>();
  /** Attempts recorded while a pass may have been reading: guards against acting on stale rows. */
  private readonly recorded = new Map<string, number>();
  /**
   * Pending notifications in queue order, kept current after each attempt so a pass need not
   * re-read the outbox; reloaded when something is queued, and on the periodic wake.
   */
  private pending: Map<string, OutboxRecord> | undefined;
  private reloadWanted = true;
  /** Attempts finishing together are written in one transaction (one fsync), like ingest. */
  private readonly attempts = new GroupCommitter<
    { attempt: DeliveryAttempt; outcome: AttemptOutcome },
    void
  >({
    commit: async (items) => {
      await this.ctx.store.recordDeliveryAttempts(items);
      return items.map(() => undefined);
    },
    maxGroupSize: 500,
  });
  private passQueued = false;
  private fullScan = false;
  private passRunning: Promise<number> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly ctx: AppContext,
    private readonly senders: ReadonlyMap<EndpointDef['kind'], ChannelSender>,
    options: Partial<DispatchOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCH, ...options };
  }

  start(): void {
    this.stopped = false;
    this.reload();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.passRunning;
    await this.drain();
  }

  /** Notifications were queued (or requeued): read the outbox again, then run a pass. */
  reload(): void {
    this.reloadWanted = true;
    this.poke();
  }

  /** Something finished or fell due: run a pass soon (coalesced). */
  poke(): void {
    if (this.stopped || this.passQueued) return;
    this.passQueued = true;
    setImmediate(() => {
      this.passQueued = false;
      this.runPass().catch((err: unknown) =>
        this.ctx.logger.error({ err }, 'dispatch pass failed'),
      );
    });
  }

  /** Waits for every attempt in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /** Starts every eligible attempt; returns how many started. */
  async runPass(): Promise<number> {
    if (this.passRunning !== undefined) return this.passRunning;
    this.passRunning = this.pass().finally(() => (this.passRunning = undefined));
    return this.passRunning;
  }

  private async pass(): Promise<number> {
    if (this.reloadWanted || this.pending === undefined) {
      this.reloadWanted = false;
      const loaded = await this.ctx.store.listPendingNotifications(this.options.scanLimit);
      this.pending = new Map(loaded.map((r) => [r.id, r]));
      // More than one scan holds: read again once this part has gone.
      this.fullScan = loaded.length >= this.options.scanLimit;
    } else if (this.pending.size === 0 && this.fullScan) {
      this.reloadWanted = true;
      return this.pass();
    }
    const rows = [...this.pending.values()];
    const nowMs = this.ctx.clock.nowMs();
    const lanes = new Set<string>();
    const eligible: OutboxRecord[] = [];
    let nextDueMs = Number.POSITIVE_INFINITY;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [id, attempts] of this.recorded) {
      const row = byId.get(id);
      if (row === undefined || row.attempts >= attempts) {
        this.recorded.delete(id);
      }
    }
    // The client hears first: an incident's team notifications wait for its client notices'
    // first attempt (not their success, so a dead client endpoint cannot silence the team).
    const clientFirst = new Set(
      rows.filter((r) => r.priority === 0 && r.attempts === 0).map((r) => r.incidentKey),
    );
    for (const row of rows) {
      if (row.priority === 1 && clientFirst.has(row.incidentKey)) continue;
      if ((this.recorded.get(row.id) ?? 0) > row.attempts) {
        lanes.add(`${row.incidentKey}\u0000${row.endpointId}\u0000${row.address ?? ''}`);
        continue; // read before its last attempt was recorded: the next pass sees it fresh
      }
      const lane = `${row.incidentKey}\u0000${row.endpointId}\u0000${row.address ?? ''}`;
      if (lanes.has(lane)) continue; // order per incident and endpoint: only a lane's head goes
      lanes.add(lane);
      if (this.inFlight.has(row.id)) continue;
      if (row.nextAttemptAtMs > nowMs) {
        nextDueMs = Math.min(nextDueMs, row.nextAttemptAtMs);
        continue;
      }
      eligible.push(row);
    }
    // Client notices first, and counted apart, so team traffic never holds one up.
    eligible.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    let started = 0;
    for (const row of eligible) {
      const slot = `${row.endpointId}\u0000${row.priority}`;
      const busy = this.perEndpoint.get(slot) ?? 0;
      if (busy >= this.options.perEndpointConcurrency) continue;
      this.perEndpoint.set(slot, busy + 1);
      const attempt = this.attempt(row).finally(() => {
        this.perEndpoint.set(slot, (this.perEndpoint.get(slot) ?? 1) - 1);
        this.inFlight.delete(row.id);
        this.poke();
      });
      this.inFlight.set(row.id, attempt);
      started++;
    }
    this.schedule(nextDueMs, nowMs);
    return started;
  }

  private schedule(nextDueMs: number, nowMs: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const delay = Number.isFinite(nextDueMs) ? Math.max(0, nextDueMs - nowMs) : MAX_TIMER_MS;
    // The periodic wake also re-reads the outbox, in case another writer changed it.
    this.timer = setTimeout(
      () => (delay >= MAX_TIMER_MS ? this.reload() : this.poke()),
      Math.min(delay, MAX_TIMER_MS),
    );
    this.timer.unref();
  }

  private async attempt(row: OutboxRecord): Promise<void> {
    const attempt = row.attempts + 1;
    const startedAtMs = this.ctx.clock.nowMs();
    const started = performance.now();
    const endpoint = this.ctx.engine.runtime?.definitions.endpoints.find(
      (e) => e.id === row.endpointId,
    );
    const sender = endpoint === undefined ? undefined : this.senders.get(endpoint.kind);
    let result: DeliveryResult;
    if (endpoint === undefined || sender === undefined) {
      result = {
        ok: false,
        retryable: true,
        reason: `endpoint "${row.endpointId}" is not configured`,
      };
    } else {
      try {
        result = await sender.send(
          {
            notificationId: row.id,
            idempotencyKey: row.id,
            attempt,
            message: row.message,
            endpoint,
            ...(row.address !== undefined ? { address: row.address } : {}),
          },
          AbortSignal.timeout(this.options.attemptTimeoutMs),
        );
      } catch (err) {
        result = { ok: false, retryable: true, reason: `channel failed: ${(err as Error).name}` };
      }
    }
    const durationMs = Math.round(performance.now() - started);
    const outcome = this.outcome(row, attempt, result);
    await this.attempts.submit({
      attempt: {
        notificationId: row.id,
        attempt,
        startedAtMs,
        durationMs,
        ok: result.ok,
        status: result.status ?? null,
        reason: result.ok ? null : result.reason,
      },
      outcome,
    });
    this.recorded.set(row.id, attempt);
    if (outcome.status === 'pending') {
      this.pending?.set(row.id, {
        ...row,
        attempts: attempt,
        nextAttemptAtMs: outcome.nextAttemptAtMs,
        lastError: outcome.lastError,
      });
    } else {
      this.pending?.delete(row.id);
    }
  }

  private outcome(row: OutboxRecord, attempt: number, result: DeliveryResult): AttemptOutcome {
    const nowMs = this.ctx.clock.nowMs();
    if (result.ok) {
      return { status: 'delivered', nextAttemptAtMs: nowMs, lastError: null, deliveredAtMs: nowMs };
    }
    const tooOld = nowMs - row.createdAtMs >= this.options.maxAgeMs;
    if (!result.retryable || attempt >= this.options.maxAttempts || tooOld) {
      return {
        status: 'dead',
        nextAttemptAtMs: nowMs,
        lastError: result.reason,
        deliveredAtMs: null,
      };
    }
    const delay = Math.max(
      result.retryAfterMs ?? 0,
      backoffDelayMs(attempt, this.options.random, this.options.backoff),
    );
    return {
      status: 'pending',
      nextAttemptAtMs: nowMs + delay,
      lastError: result.reason,
      deliveredAtMs: null,
    };
  }
}
