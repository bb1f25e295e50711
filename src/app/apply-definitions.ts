// Makes a validated set of definitions current: stored, push tokens replaced, runtime rebuilt.

import { createHash } from 'node:crypto';
import type { Definitions } from '../domain/definitions.js';
import { buildRuntime } from './build-runtime.js';
import type { AppContext } from './context.js';
import { evaluateObjectives } from './evaluate-objectives.js';

export interface PushTokenInput {
  clientId: string;
  /** A Secret from src/config, or anything that reveals the token only on request. */
  token: { reveal(): string };
}

export interface ApplySummary {
  clients: number;
  slas: number;
  objectives: number;
}

export async function applyDefinitions(
  ctx: AppContext,
  defs: Definitions,
  pushTokens: PushTokenInput[],
): Promise<ApplySummary> {
  await ctx.engine.serial(() =>
    ctx.engine.gate.exclusive(async () => {
      await ctx.store.saveDefinitions(defs, ctx.clock.nowMs());
      await savePushTokens(ctx, defs, pushTokens);
      ctx.engine.runtime = await buildRuntime(ctx, defs);
    }),
  );
  ctx.events.emit('definitions', defs);
  await evaluateObjectives(ctx);
  return {
    clients: defs.clients.length,
    slas: defs.slas.length,
    objectives: defs.slas.reduce((n, s) => n + s.objectives.length, 0),
  };
}

/**
 * Only the push tokens (they are not part of the definitions): at a start with `--config` whose
 * definitions equal the restored ones, applying them again would save them, rebuild every window
 * and evaluate once more for nothing — half of a 10,000-objective start.
 */
export async function replacePushTokens(
  ctx: AppContext,
  defs: Definitions,
  pushTokens: PushTokenInput[],
): Promise<void> {
  await ctx.engine.serial(() =>
    ctx.engine.gate.exclusive(() => savePushTokens(ctx, defs, pushTokens)),
  );
}

async function savePushTokens(
  ctx: AppContext,
  defs: Definitions,
  pushTokens: PushTokenInput[],
): Promise<void> {
  for (const client of defs.clients) {
    const hashes = pushTokens
      .filter((t) => t.clientId === client.id)
      .map((t) => hashToken(t.token.reveal()));
    await ctx.store.setPushTokenHashes(client.id, hashes);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
