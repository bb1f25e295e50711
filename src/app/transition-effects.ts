// What recording a transition entails, shared by the evaluator and the Alertmanager receiver:
// the episode an objective is in, and the notifications the transition causes (written in the
// same transaction as it).

import { randomUUID } from 'node:crypto';
import type { ObjectiveState, Transition } from '../domain/objective-state.js';
import { planNotifications } from '../domain/routing/plan-notifications.js';
import type { OutboxEntry } from './ports.js';
import type { Runtime } from './runtime.js';

/** Carries the episode start through every state of an episode; an episode ends back in ok. */
export function withEpisode(
  prev: ObjectiveState,
  next: ObjectiveState,
  nowMs: number,
): ObjectiveState {
  if (next.status === 'ok') {
    if (next.episodeStartMs === undefined) return next;
    const { episodeStartMs: _ended, ...rest } = next;
    return rest;
  }
  const episodeStartMs = prev.status === 'ok' ? nowMs : (prev.episodeStartMs ?? prev.sinceMs);
  return next.episodeStartMs === episodeStartMs ? next : { ...next, episodeStartMs };
}

/** The notifications the transitions cause. */
export function outboxEntriesFor(
  runtime: Runtime,
  transitions: readonly Transition[],
  episodeOf: (t: Transition) => number,
  nowMs: number,
): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const transition of transitions) {
    for (const p of planNotifications({
      transition,
      episodeStartMs: episodeOf(transition),
      defs: runtime.definitions,
      nowMs,
    })) {
      entries.push({
        id: randomUUID(),
        dedupKey: p.dedupKey,
        incidentKey: p.message.incidentKey,
        endpointId: p.endpointId,
        ...(p.address !== undefined ? { address: p.address } : {}),
        audience: p.audience,
        priority: p.priority,
        ...(p.role !== undefined ? { role: p.role } : {}),
        ...(p.personId !== undefined ? { personId: p.personId } : {}),
        ...(p.contactName !== undefined ? { contactName: p.contactName } : {}),
        message: p.message,
        createdAtMs: nowMs,
      });
    }
  }
  return entries;
}
