// Rendered status pages kept in memory per client and variant (viewer kind, link), so that
// viewers cost the evaluator nothing. A transition of one of the client's objectives, or a step
// on one of its incidents or watches, drops the client's entries at once; a short TTL covers
// what sends no event (definitions re-applied, month-to-date figures moving on).

import type { AppContext } from '../context.js';
import type { ProtocolEvent } from '../events.js';
import type { Transition } from '../../domain/objective-state.js';

export const DEFAULT_PAGE_TTL_MS = 30_000;

interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  invalidations: number;
}

export class ClientPageCache<T = string> {
  readonly stats: CacheStats = { hits: 0, misses: 0, invalidations: 0 };
  readonly #entries = new Map<string, Map<string, Entry<T>>>();
  readonly #generation = new Map<string, number>();
  readonly #inFlight = new Map<string, Promise<T>>();
  readonly #onTransition = (t: Transition) => this.#transitioned(t);
  readonly #onProtocol = (e: ProtocolEvent) => void this.#protocolStep(e);

  constructor(
    private readonly ctx: AppContext,
    private readonly ttlMs = DEFAULT_PAGE_TTL_MS,
  ) {
    ctx.events.on('transition', this.#onTransition);
    ctx.events.on('protocol', this.#onProtocol);
  }

  /** The cached value of (client, variant), or `render`'s, kept unless the client changed meanwhile. */
  async get(clientId: string, variant: string, render: () => Promise<T>): Promise<T> {
    const nowMs = this.ctx.clock.nowMs();
    const hit = this.#entries.get(clientId)?.get(variant);
    if (hit !== undefined && hit.expiresAtMs > nowMs) {
      this.stats.hits++;
      return hit.value;
    }
    const flightKey = `${clientId}\u0000${variant}`;
    const pending = this.#inFlight.get(flightKey);
    if (pending !== undefined) return pending;
    this.stats.misses++;
    const generation = this.#generation.get(clientId) ?? 0;
    const rendering = render().then((value) => {
      if ((this.#generation.get(clientId) ?? 0) === generation) {
        const forClient = this.#entries.get(clientId) ?? new Map<string, Entry<T>>();
        forClient.set(variant, { value, expiresAtMs: this.ctx.clock.nowMs() + this.ttlMs });
        this.#entries.set(clientId, forClient);
      }
      return value;
    });
    this.#inFlight.set(flightKey, rendering);
    try {
      return await rendering;
    } finally {
      this.#inFlight.delete(flightKey);
    }
  }

  invalidate(clientId: string): void {
    this.stats.invalidations++;
    this.#generation.set(clientId, (this.#generation.get(clientId) ?? 0) + 1);
    this.#entries.delete(clientId);
  }

  invalidateAll(): void {
    for (const clientId of new Set([...this.#entries.keys(), ...this.#generation.keys()])) {
      this.invalidate(clientId);
    }
  }

  /** Stops listening to the app's events. */
  close(): void {
    this.ctx.events.off('transition', this.#onTransition);
    this.ctx.events.off('protocol', this.#onProtocol);
    this.#entries.clear();
  }

  #transitioned(t: Transition): void {
    const runtime = this.ctx.engine.runtime;
    const clientId =
      runtime?.objectives.get(t.objectiveKey)?.client.id ??
      runtime?.slaById.get(t.objectiveKey.split('/')[0] ?? '')?.clientId;
    if (clientId === undefined) this.invalidateAll();
    else this.invalidate(clientId);
  }

  async #protocolStep(e: ProtocolEvent): Promise<void> {
    if (e.clientIds !== undefined) {
      for (const clientId of e.clientIds) this.invalidate(clientId);
      return;
    }
    try {
      if (e.subject === 'incident') {
        const incident = await this.ctx.store.getIncident(e.id);
        if (incident === undefined) return this.invalidateAll();
        for (const c of incident.clients) this.invalidate(c.clientId);
      } else {
        const watch = await this.ctx.store.getWatch(e.id);
        if (watch === undefined) return this.invalidateAll();
        this.invalidate(watch.clientId);
      }
    } catch (err) {
      this.ctx.logger.warn({ err, event: e }, 'status page cache: could not read the case');
      this.invalidateAll();
    }
  }
}
