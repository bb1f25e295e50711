// Saves every objective's window state with the ingest sequence it includes, then drops the
// ingest log it covers. A restart restores these and replays only the log after them (TARGETS P12).

import type { AppContext } from './context.js';
import type { WindowSnapshot } from './ports.js';

export function takeSnapshots(ctx: AppContext): Promise<number> {
  return ctx.engine.serial(async () => {
    const runtime = ctx.engine.runtime;
    if (runtime === undefined) return 0;
    // Serialised with no commit in flight, so `seq` is exactly what the windows hold.
    const { snapshots, seq } = await ctx.engine.gate.exclusive(() => {
      const takenAtMs = ctx.clock.nowMs();
      const seq = runtime.appliedSeq;
      const snapshots: WindowSnapshot[] = [];
      for (const o of runtime.objectives.values()) {
        snapshots.push({
          objectiveKey: o.def.key,
          definitionHash: o.definitionHash,
          seq,
          takenAtMs,
          data: o.window.serialize(),
        });
      }
      return { snapshots, seq };
    });
    await ctx.store.saveSnapshots(snapshots);
    await ctx.store.pruneIngestLog(seq);
    return snapshots.length;
  });
}
