// Brings a stored instance back: the runtime from snapshots and log, then one evaluation so a
// change that happened while down is decided at once (TARGETS R3) and nothing unchanged repeats.

import { buildRuntime } from './build-runtime.js';
import type { AppContext } from './context.js';
import { evaluateObjectives } from './evaluate-objectives.js';

export async function startInstance(
  ctx: AppContext,
): Promise<{ configured: boolean; objectives: number }> {
  const defs = await ctx.store.loadDefinitions();
  if (defs !== undefined) {
    const runtime = await buildRuntime(ctx, defs);
    ctx.engine.runtime = runtime;
    ctx.events.emit('definitions', defs);
    await evaluateObjectives(ctx);
  }
  return {
    configured: ctx.engine.runtime !== undefined,
    objectives: ctx.engine.runtime?.objectives.size ?? 0,
  };
}
