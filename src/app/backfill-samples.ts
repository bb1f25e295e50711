// History a source fetched for the past (a Prometheus source's back-fill at start): samples older
// than the ingest's age limit, stored as rollups like any other, then the windows of the SLIs
// they touch rebuilt from the stored rollups, so the objectives see the whole window at once.
// Each entry keeps its own idempotency key: a restart back-fills nothing twice.

import type { AppContext } from './context.js';
import { buildRuntime } from './build-runtime.js';
import { evaluateObjectives } from './evaluate-objectives.js';
import { aggregate } from './ingest-samples.js';
import type { IngestCommit, Rollup } from './ports.js';

export interface BackfillEntry {
  idempotencyKey: string;
  /** Push-format items, each with its own `ts`. */
  items: unknown[];
}

export interface BackfillResult {
  accepted: number;
  refused: number;
  duplicates: number;
  /** Why the first refused item was refused, for the caller's log. */
  firstProblem?: string;
}

const DAY_MS = 86_400_000;
/** The longest history any objective reads (a 400-day period would be unusual). */
export const MAX_BACKFILL_AGE_MS = 400 * DAY_MS;

export async function backfillSamples(
  ctx: AppContext,
  req: { clientId: string; entries: BackfillEntry[] },
): Promise<BackfillResult> {
  const result: BackfillResult = { accepted: 0, refused: 0, duplicates: 0 };
  const runtime = ctx.engine.runtime;
  if (runtime === undefined || req.entries.length === 0) return result;
  const commits: IngestCommit[] = [];
  for (const entry of req.entries) {
    const { minutes, accepted, refused } = aggregate(
      ctx,
      runtime,
      { clientId: req.clientId, anySli: true, items: entry.items },
      MAX_BACKFILL_AGE_MS,
    );
    result.refused += refused.length;
    if (result.firstProblem === undefined && refused[0] !== undefined) {
      result.firstProblem = refused[0].message;
    }
    if (accepted === 0) continue;
    const rollups: Rollup[] = [...minutes.values()].map((m) => ({
      sliId: m.sliId,
      minuteMs: m.minute.minuteMs,
      good: m.minute.good,
      total: m.minute.total,
      sketch: m.minute.sketch === null ? null : m.minute.sketch.encode(),
    }));
    commits.push({
      clientId: req.clientId,
      idempotencyKey: entry.idempotencyKey,
      receivedAtMs: ctx.clock.nowMs(),
      rollups,
      response: { accepted, refused },
    });
  }
  if (commits.length === 0) return result;

  let rebuilt = false;
  await ctx.engine.serial(() =>
    ctx.engine.gate.exclusive(async () => {
      const outcomes = await ctx.store.commitIngestBatch(commits);
      const touched = new Set<string>();
      outcomes.forEach((outcome, i) => {
        const commit = commits[i]!;
        if (outcome.duplicate) {
          result.duplicates++;
          return;
        }
        result.accepted += (commit.response as { accepted: number }).accepted;
        for (const r of commit.rollups) touched.add(r.sliId);
      });
      const current = ctx.engine.runtime;
      if (touched.size === 0 || current === undefined) return;
      ctx.engine.runtime = await buildRuntime(ctx, current.definitions, touched);
      rebuilt = true;
    }),
  );
  if (rebuilt) await evaluateObjectives(ctx);
  ctx.engine.metrics.samplesAccepted += result.accepted;
  return result;
}
