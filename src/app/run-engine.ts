// The instance's timers: evaluate every objective each interval, snapshot, and prune retention.
// setInterval runs on the monotonic clock, so a wall-clock jump neither bunches nor skips ticks.

import type { AppContext } from './context.js';
import { escalateUnacknowledged } from './escalate-unacknowledged.js';
import { evaluateObjectives } from './evaluate-objectives.js';
import { takeSnapshots } from './take-snapshots.js';

const HOUR_MS = 3_600_000;
const ESCALATION_CHECK_MS = 15_000;

export interface RunningEngine {
  /** Stops the timers, waits for queued work, and takes a final snapshot. */
  stop(): Promise<void>;
}

export function runEngine(ctx: AppContext): RunningEngine {
  let ticking = false;
  const tick = setInterval(() => {
    if (ticking) return; // a slow store write must not pile ticks up
    ticking = true;
    evaluateObjectives(ctx)
      .catch((err: unknown) => ctx.logger.error({ err }, 'evaluation tick failed'))
      .finally(() => (ticking = false));
  }, ctx.settings.evaluationIntervalMs);
  const snapshot = setInterval(() => {
    takeSnapshots(ctx).catch((err: unknown) => ctx.logger.error({ err }, 'snapshot failed'));
  }, ctx.settings.snapshotIntervalMs);
  const prune = setInterval(() => {
    const nowMs = ctx.clock.nowMs();
    Promise.all([
      ctx.store.pruneRollups(nowMs - ctx.settings.rollupRetentionMs),
      ctx.store.pruneIdempotencyKeys(nowMs - ctx.settings.idempotencyRetentionMs),
    ]).catch((err: unknown) => ctx.logger.error({ err }, 'retention pruning failed'));
  }, HOUR_MS);
  const escalate = setInterval(() => {
    escalateUnacknowledged(ctx).catch((err: unknown) =>
      ctx.logger.error({ err }, 'escalation check failed'),
    );
  }, ESCALATION_CHECK_MS);
  for (const t of [tick, snapshot, prune, escalate]) t.unref();

  return {
    async stop() {
      clearInterval(tick);
      clearInterval(snapshot);
      clearInterval(prune);
      clearInterval(escalate);
      await takeSnapshots(ctx);
    },
  };
}
