// Prometheus as a source: every interval, each SLI's PromQL runs for the interval that just ended
// and its counts (or value) go through the ordinary ingest path, stamped at the interval's start
// with one idempotency key per (source, SLI, interval). A restart, a retry or a back-fill that
// overlaps what was pulled before therefore never counts an interval twice.

import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { isAppError } from '../../app/errors.js';
import { backfillSamples, MAX_BACKFILL_AGE_MS } from '../../app/backfill-samples.js';
import { ingestSamples } from '../../app/ingest-samples.js';
import type { Definitions } from '../../domain/definitions.js';
import type { PrometheusSliQuery, PrometheusSourceDef } from '../../domain/sources.js';
import type { OutboundClient } from '../../net/outbound-client.js';
import type { SourceRunner } from '../source-runner.js';
import {
  createPrometheusApiClient,
  type PrometheusApiClient,
  type PrometheusSeries,
} from './prometheus-api-client.js';
import { formatPrometheusDuration } from './prometheus-duration.js';
import {
  alignDown,
  alignUp,
  convertPoints,
  longestObjectiveWindowMs,
  MAX_RANGE_STEPS,
  planBackfill,
  withWindow,
  type BackfillPlan,
} from './pull-plan.js';

/** The shortest pull interval a definition may ask for. */
export const MIN_INTERVAL_MS = 15_000;
/** How long after an interval ends it is queried: scrapes up to this late still count. */
export const DEFAULT_SETTLE_MS = 5_000;

export interface PrometheusPullerOptions {
  ctx: AppContext;
  /** The guarded client; Prometheus on a private address must be in its allow list. */
  outbound: OutboundClient;
  /** Default DEFAULT_SETTLE_MS. */
  settleMs?: number;
  /** Tests only: the floor under a source's interval (default MIN_INTERVAL_MS). */
  minIntervalMs?: number;
}

/** Per source and SLI, for logs, tests and the operator. */
export interface PulledSliStatus {
  sourceId: string;
  sliId: string;
  intervalMs: number;
  backfill: BackfillPlan;
  /** Start of the next interval to pull: everything before it was pulled or given up. */
  nextIntervalStartMs: number;
  queries: number;
  failures: number;
  /** Intervals ingested (one sample each); duplicates of an earlier pull are not counted. */
  samples: number;
  duplicates: number;
  skipped: number;
  lastError?: string;
}

export interface PrometheusPuller extends SourceRunner {
  status(): PulledSliStatus[];
}

export function createPrometheusPuller(options: PrometheusPullerOptions): PrometheusPuller {
  const runners = new Map<string, { signature: string; runner: SourceLoop }>();
  const stopping = new Set<Promise<void>>();

  const stopRunner = (runner: SourceLoop) => {
    const done = runner.stop().finally(() => stopping.delete(done));
    stopping.add(done);
    return done;
  };

  return {
    update(definitions: Definitions) {
      const sources = definitions.prometheusSources ?? [];
      const seen = new Set<string>();
      for (const def of sources) {
        seen.add(def.id);
        const plan = planSource(options, def, definitions);
        const signature = signatureOf(plan);
        const current = runners.get(def.id);
        if (current?.signature === signature) continue;
        const runner = new SourceLoop(options, plan, createApiClient(options.outbound, def));
        runners.set(def.id, { signature, runner });
        if (current === undefined) runner.start();
        // The replaced loop finishes its tick first; keys make any overlap harmless anyway.
        else void stopRunner(current.runner).then(() => runner.start());
      }
      for (const [id, current] of runners) {
        if (seen.has(id)) continue;
        runners.delete(id);
        void stopRunner(current.runner);
      }
    },
    async stop() {
      for (const { runner } of runners.values()) void stopRunner(runner);
      runners.clear();
      while (stopping.size > 0) await Promise.all([...stopping]);
    },
    status: () => [...runners.values()].flatMap(({ runner }) => runner.status()),
  };
}

interface SourcePlan {
  def: PrometheusSourceDef;
  intervalMs: number;
  backfill: BackfillPlan;
  /** Queries whose SLI exists with the matching kind; the others are reported once. */
  queries: PrometheusSliQuery[];
  refused: Array<{ sliId: string; reason: string }>;
}

function planSource(
  options: PrometheusPullerOptions,
  def: PrometheusSourceDef,
  definitions: Definitions,
): SourcePlan {
  const intervalMs = Math.max(def.intervalMs, options.minIntervalMs ?? MIN_INTERVAL_MS);
  const queries: PrometheusSliQuery[] = [];
  const refused: SourcePlan['refused'] = [];
  for (const q of def.queries) {
    const sli = definitions.slis.find((s) => s.id === q.sliId);
    const wantedKind = q.kind === 'ratio' ? 'ratio' : 'distribution';
    if (sli === undefined) refused.push({ sliId: q.sliId, reason: 'no SLI with this id' });
    else if (sli.kind !== wantedKind) {
      refused.push({
        sliId: q.sliId,
        reason: `a ${q.kind} query needs a ${wantedKind} SLI; "${sli.id}" is a ${sli.kind} SLI`,
      });
    } else queries.push(q);
  }
  const wantedMs =
    def.backfillMs ??
    longestObjectiveWindowMs(
      definitions,
      queries.map((q) => q.sliId),
    );
  const backfill = planBackfill(wantedMs, MAX_BACKFILL_AGE_MS);
  return { def, intervalMs, backfill, queries, refused };
}

function createApiClient(outbound: OutboundClient, def: PrometheusSourceDef) {
  return createPrometheusApiClient({
    outbound,
    baseUrl: def.url,
    headers: revealHeaders(def),
    timeoutMs: def.timeoutMs,
  });
}

function revealHeaders(def: PrometheusSourceDef): Record<string, string> {
  return Object.fromEntries(Object.entries(def.headers).map(([k, v]) => [k, v.reveal()]));
}

/** Changes when anything the loop uses changes; header values enter only as a digest. */
function signatureOf(plan: SourcePlan): string {
  const text = JSON.stringify({ ...plan, def: { ...plan.def, headers: revealHeaders(plan.def) } });
  return createHash('sha256').update(text).digest('hex');
}

class SourceLoop {
  private readonly ctx: AppContext;
  private readonly settleMs: number;
  private readonly states: PulledSliStatus[];
  private stopped = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    options: PrometheusPullerOptions,
    private readonly plan: SourcePlan,
    private readonly api: PrometheusApiClient,
  ) {
    this.ctx = options.ctx;
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    const firstStart = this.lastEndMs() - plan.intervalMs;
    this.states = plan.queries.map((q) => ({
      sourceId: plan.def.id,
      sliId: q.sliId,
      intervalMs: plan.intervalMs,
      backfill: plan.backfill,
      nextIntervalStartMs: alignUp(firstStart - plan.backfill.effectiveMs, plan.intervalMs),
      queries: 0,
      failures: 0,
      samples: 0,
      duplicates: 0,
      skipped: 0,
    }));
  }

  /** The instance's /metrics reads each query's counts while it runs. */
  private metricsKey(state: PulledSliStatus): string {
    return `${state.sourceId}\u0000${state.sliId}`;
  }

  start(): void {
    if (this.stopped) return;
    for (const state of this.states) {
      this.ctx.engine.metrics.prometheusPulls.set(this.metricsKey(state), state);
    }
    const { def, intervalMs, backfill, refused } = this.plan;
    const log = this.ctx.logger;
    for (const r of refused) {
      log.error(
        { source: def.id, sli: r.sliId, reason: r.reason },
        'prometheus source: query not run',
      );
    }
    log.info(
      {
        source: def.id,
        interval: formatPrometheusDuration(intervalMs),
        queries: this.states.length,
        backfillMs: backfill.effectiveMs,
      },
      'prometheus source started',
    );
    if (backfill.capped) {
      log.warn(
        {
          source: def.id,
          wantedMs: backfill.wantedMs,
          backfillMs: backfill.effectiveMs,
          maxBackfillMs: MAX_BACKFILL_AGE_MS,
        },
        'prometheus source: back-fill shortened to the longest history stored',
      );
    }
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wake?.();
    await this.running;
    for (const state of this.states) {
      const key = this.metricsKey(state);
      if (this.ctx.engine.metrics.prometheusPulls.get(key) === state) {
        this.ctx.engine.metrics.prometheusPulls.delete(key);
      }
    }
  }

  status(): PulledSliStatus[] {
    return this.states.map((s) => ({ ...s }));
  }

  /** End of the newest interval that has ended and settled. */
  private lastEndMs(): number {
    return alignDown(this.ctx.clock.nowMs() - this.settleMs, this.plan.intervalMs);
  }

  private async loop(): Promise<void> {
    await this.resumeAfterStoredHistory();
    while (!this.stopped) {
      const endMs = this.lastEndMs();
      await Promise.all(this.plan.queries.map((q, i) => this.pull(q, this.states[i]!, endMs)));
      if (this.stopped) break;
      const nextDueMs = this.lastEndMs() + this.plan.intervalMs + this.settleMs;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, Math.max(0, nextDueMs - this.ctx.clock.nowMs()));
      });
    }
  }

  /**
   * After a restart the back-fill starts at the newest stored minute of each SLI, not at the
   * window's start: idempotency keys are kept for 2 days only, so older intervals pulled again
   * would be counted twice. (A source-fed SLI has no other source: its rollups are ours.)
   * Intervals inside that minute are recent, and their keys make them harmless.
   */
  private async resumeAfterStoredHistory(): Promise<void> {
    const nowMs = this.ctx.clock.nowMs();
    for (const state of this.states) {
      try {
        const stored = await this.ctx.store.readRollups(
          state.sliId,
          state.nextIntervalStartMs,
          nowMs,
        );
        const newest = stored.reduce((m, r) => Math.max(m, r.minuteMs), Number.NEGATIVE_INFINITY);
        if (newest > state.nextIntervalStartMs) {
          state.nextIntervalStartMs = alignDown(newest, this.plan.intervalMs);
        }
      } catch (err) {
        this.ctx.logger.warn(
          { source: state.sourceId, sli: state.sliId, err },
          'prometheus source: stored history unreadable, back-filling the whole window',
        );
      }
    }
  }

  /** Pulls every interval from the query's cursor up to endMs; never throws. */
  private async pull(q: PrometheusSliQuery, state: PulledSliStatus, endMs: number) {
    const { intervalMs } = this.plan;
    const firstEndMs = state.nextIntervalStartMs + intervalMs;
    if (firstEndMs > endMs) return;
    try {
      for (let from = firstEndMs; from <= endMs && !this.stopped;) {
        const to = Math.min(endMs, from + (MAX_RANGE_STEPS - 1) * intervalMs);
        state.queries++;
        const results = await this.fetch(q, from, to);
        const { items, skipped } = convertPoints(q, intervalMs, results);
        for (const s of skipped) {
          state.skipped++;
          this.ctx.logger.warn(
            { source: state.sourceId, sli: state.sliId, intervalStartMs: s.ts, reason: s.reason },
            'prometheus source: interval skipped',
          );
        }
        // Older than the ingest takes (the back-fill at start, a long outage): stored as history
        // and the SLI's windows rebuilt; recent intervals go through the ingest like a push.
        const oldestLiveMs = this.ctx.clock.nowMs() - this.ctx.settings.maxSampleAgeMs + intervalMs;
        const old = items.filter((item) => item.ts < oldestLiveMs);
        if (old.length > 0) await this.backfill(state, old);
        await Promise.all(
          items.filter((item) => item.ts >= oldestLiveMs).map((item) => this.ingest(state, item)),
        );
        state.nextIntervalStartMs = to;
        from = to + intervalMs;
      }
      state.lastError = undefined;
    } catch (err) {
      state.failures++;
      state.lastError = err instanceof Error ? err.message : String(err);
      this.ctx.logger.warn(
        {
          source: state.sourceId,
          sli: state.sliId,
          reason: state.lastError,
          failures: state.failures,
        },
        'prometheus source: pull failed, retried next interval',
      );
    }
  }

  /** Results at each interval end from `fromEndMs` to `toEndMs`: an instant query for one. */
  private async fetch(q: PrometheusSliQuery, fromEndMs: number, toEndMs: number) {
    const { intervalMs } = this.plan;
    const run = (query: string): Promise<PrometheusSeries[]> => {
      const promql = withWindow(query, intervalMs);
      return fromEndMs === toEndMs
        ? this.api.queryInstant(promql, toEndMs)
        : this.api.queryRange(promql, fromEndMs, toEndMs, intervalMs);
    };
    if (q.kind === 'value') return { value: await run(q.valueQuery) };
    const [good, total] = await Promise.all([run(q.goodQuery), run(q.totalQuery)]);
    return { good, total };
  }

  private async backfill(state: PulledSliStatus, items: Array<{ sli: string; ts: number }>) {
    const result = await backfillSamples(this.ctx, {
      clientId: `source:${state.sourceId}`,
      entries: items.map((item) => ({ idempotencyKey: this.keyOf(state, item), items: [item] })),
    });
    state.samples += result.accepted;
    state.duplicates += result.duplicates;
    if (result.refused > 0) {
      state.failures++;
      state.lastError = result.firstProblem;
      this.ctx.logger.warn(
        {
          source: state.sourceId,
          sli: state.sliId,
          refused: result.refused,
          reason: result.firstProblem,
        },
        'prometheus source: back-filled samples refused',
      );
    }
  }

  private keyOf(state: PulledSliStatus, item: { ts: number }): string {
    return `prometheus:${state.sourceId}:${state.sliId}:${item.ts}`;
  }

  private async ingest(state: PulledSliStatus, item: { sli: string; ts: number }) {
    try {
      const result = await ingestSamples(this.ctx, {
        clientId: `source:${state.sourceId}`,
        anySli: true,
        items: [item],
        idempotencyKey: this.keyOf(state, item),
      });
      if (result.duplicate) state.duplicates++;
      else state.samples += result.accepted;
    } catch (err) {
      // Anything but a refused sample (store down, definitions not applied yet) fails the pull,
      // so the interval is pulled again next time; a refused sample would be refused again.
      if (!isAppError(err) || err.code !== 'E_SAMPLES_REJECTED') throw err;
      state.failures++;
      const reason = `${err.code}: ${[err.message, ...err.problems.map((p) => `${p.field} ${JSON.stringify(p.value)}, expected ${p.expected}`)].join(' ')}`;
      state.lastError = reason;
      this.ctx.logger.warn(
        { source: state.sourceId, sli: state.sliId, intervalStartMs: item.ts, reason },
        'prometheus source: sample not ingested',
      );
    }
  }
}
