// The instance's timers: evaluate every objective each interval, snapshot, and prune retention.
// setInterval runs on the monotonic clock, so a wall-clock jump neither bunches nor skips ticks.

import type { AppContext } from './context.js';
import { escalateUnacknowledged } from './escalate-unacknowledged.js';
import { evaluateObjectives } from './evaluate-objectives.js';
import { advanceProtocol } from './advance-protocol.js';
import { issueClosedMonthCredits } from './issue-credits.js';
import { runProtocolClock } from './run-protocol-clock.js';
import { takeSnapshots } from './take-snapshots.js';

const HOUR_MS = 3_600_000;
const ESCALATION_CHECK_MS = 15_000;
/** Reminders and deadlines of the protocol are minutes apart; 5 s is precise enough. */
const PROTOCOL_CLOCK_MS = 5_000;

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
  // The protocol follows recorded transitions as soon as they are committed, and catches up
  // on start with what was recorded before a stop.
  let protocolScheduled = false;
  const followTransitions = () => {
    if (protocolScheduled) return;
    protocolScheduled = true;
    setImmediate(() => {
      protocolScheduled = false;
      advanceProtocol(ctx).catch((err: unknown) =>
        ctx.logger.error({ err }, 'protocol step failed'),
      );
    });
  };
  ctx.engine.transitionsRecorded = followTransitions;
  followTransitions();
  const protocolClock = setInterval(() => {
    runProtocolClock(ctx).catch((err: unknown) =>
      ctx.logger.error({ err }, 'protocol clock failed'),
    );
  }, PROTOCOL_CLOCK_MS);
  const credits = setInterval(() => {
    issueClosedMonthCredits(ctx).catch((err: unknown) =>
      ctx.logger.error({ err }, 'credit issue failed'),
    );
  }, HOUR_MS);
  for (const t of [tick, snapshot, prune, escalate, protocolClock, credits]) t.unref();

  return {
    async stop() {
      clearInterval(tick);
      clearInterval(snapshot);
      clearInterval(prune);
      clearInterval(escalate);
      clearInterval(protocolClock);
      clearInterval(credits);
      ctx.engine.transitionsRecorded = () => {};
      await ctx.engine.protocol.run(() => Promise.resolve());
      await takeSnapshots(ctx);
    },
  };
}
