import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { StoredTransition } from './ports.js';

export interface TransitionFilter {
  slaId?: string;
  objectiveKey?: string;
  sinceMs?: number;
  untilMs?: number;
  limit?: number;
}

export const MAX_TRANSITIONS_PAGE = 1000;

export async function listTransitions(
  ctx: AppContext,
  filter: TransitionFilter,
): Promise<StoredTransition[]> {
  if (filter.slaId !== undefined && ctx.engine.runtime?.slaById.get(filter.slaId) === undefined) {
    throw new AppError('E_SLA_NOT_FOUND', `No SLA "${filter.slaId}".`, {
      details: { slaId: filter.slaId },
    });
  }
  return ctx.store.listTransitions({
    ...filter,
    limit: Math.min(filter.limit ?? 100, MAX_TRANSITIONS_PAGE),
  });
}
