// The composer's starting point: "We are seeing X. We are doing Y. We will tell you Z by W."
// X comes from the breaching SLI (what, since when, how bad), Y from the lever in play, W from
// the contract's update cadence. People edit the draft before it goes out.

import type { Reason } from '../objective-state.js';
import { DEFAULT_DOING, DEFAULT_NEXT } from '../routing/compose-message.js';
import { describeSeeing, formatClock } from '../routing/describe-seeing.js';
import type { ObjectiveContext } from '../routing/objective-context.js';
import type { LeverRecord, NoticeKind } from './case-files.js';
import { LEVER_DOING, activeLever } from './lever-ladder.js';

export interface NoticeDraft {
  kind: NoticeKind;
  seeing: string;
  doing: string;
  next: string;
  nextUpdateAtMs?: number;
}

export interface DraftInput {
  kind: NoticeKind;
  context: ObjectiveContext;
  /** The reason the objective was flagged (breach or warning), and since when. */
  reason: Reason;
  sinceMs: number;
  levers: readonly LeverRecord[];
  updateCadenceMs: number;
  nowMs: number;
  /** Resolution notices: when the objective came back within, and the postmortem's due time. */
  withinSinceMs?: number;
  postmortemDueAtMs?: number;
}

export function draftNotice(input: DraftInput): NoticeDraft {
  const { context, kind, nowMs } = input;
  const service = context.service.name;
  const lever = activeLever(input.levers);
  switch (kind) {
    case 'heads-up':
      return {
        kind,
        seeing: `early signs of a problem with ${service}, since ${formatClock(input.sinceMs)}`,
        doing: 'preventive work so that your service is not affected',
        next: 'whether the problem was avoided',
        nextUpdateAtMs: nowMs + input.updateCadenceMs,
      };
    case 'breach':
    case 'update':
      return {
        kind,
        seeing: `${describeSeeing(service, context.objective, context.sli, input.reason)}, since ${formatClock(input.sinceMs)}`,
        doing: lever === undefined ? DEFAULT_DOING : LEVER_DOING[lever.lever],
        next:
          lever === undefined
            ? DEFAULT_NEXT
            : lever.outcome === 'worked'
              ? 'whether service stays normal, and what caused the problem'
              : 'whether this restored normal service',
        nextUpdateAtMs: nowMs + input.updateCadenceMs,
      };
    case 'resolution':
      return {
        kind,
        seeing: `normal service from ${service} again since ${formatClock(input.withinSinceMs ?? nowMs)}`,
        doing: 'close monitoring to make sure it stays that way',
        next: 'what caused the problem and what we are changing to prevent it',
        ...(input.postmortemDueAtMs !== undefined
          ? { nextUpdateAtMs: input.postmortemDueAtMs }
          : {}),
      };
  }
}
