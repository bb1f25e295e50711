// The product owner's decision on an open watch: send the client a proactive heads-up (drafted,
// editable) or not, with a reason. Either way it is recorded on the watch's timeline.

import { watchSubject, type Watch } from '../domain/protocol/case-files.js';
import { draftNotice, type NoticeDraft } from '../domain/protocol/draft-notice.js';
import type { AppContext } from './context.js';
import { aboutWatch, definitionsOf } from './incident-subjects.js';
import { clientNotice } from './protocol-notifications.js';
import { loadWatch, refuse, updateWatch } from './update-incident.js';

export interface HeadsUpInput {
  by: string;
  send: boolean;
  reason?: string;
  seeing?: string;
  doing?: string;
  next?: string;
  nextUpdateAtMs?: number;
}

export async function headsUpDraft(ctx: AppContext, id: string): Promise<NoticeDraft> {
  const watch = await loadWatch(ctx, id);
  return draftFor(aboutWatch(definitionsOf(ctx.engine.runtime), watch), watch, ctx.clock.nowMs());
}

function draftFor(about: ReturnType<typeof aboutWatch>, watch: Watch, nowMs: number): NoticeDraft {
  return draftNotice({
    kind: 'heads-up',
    context: about.context,
    reason: watch.reason,
    sinceMs: watch.openedAtMs,
    levers: [],
    updateCadenceMs: about.context.sla.contract.updateCadenceMs,
    nowMs,
  });
}

export function decideHeadsUp(ctx: AppContext, id: string, input: HeadsUpInput): Promise<Watch> {
  const defs = definitionsOf(ctx.engine.runtime);
  return updateWatch(ctx, id, (watch, nowMs) => {
    if (watch.status !== 'open') refuse(`Watch ${id} is closed (${watch.status}).`);
    if (watch.headsUp !== undefined) {
      refuse(
        `The heads-up on watch ${id} was already decided (${watch.headsUp.decision} by ${watch.headsUp.by}).`,
      );
    }
    if (!input.send) {
      if (input.reason === undefined || input.reason.trim() === '') {
        refuse('Not sending a heads-up needs a reason.', ['reason']);
      }
      return {
        record: {
          ...watch,
          headsUp: { decision: 'declined', by: input.by, atMs: nowMs, reason: input.reason },
        },
        timeline: [
          {
            subject: watchSubject(id),
            atMs: nowMs,
            kind: 'heads-up-declined',
            actor: input.by,
            text: `No heads-up to the client: ${input.reason}.`,
          },
        ],
      };
    }
    const about = aboutWatch(defs, watch);
    const draft = draftFor(about, watch, nowMs);
    const sent = {
      ...draft,
      ...(input.seeing !== undefined ? { seeing: input.seeing } : {}),
      ...(input.doing !== undefined ? { doing: input.doing } : {}),
      ...(input.next !== undefined ? { next: input.next } : {}),
      ...(input.nextUpdateAtMs !== undefined ? { nextUpdateAtMs: input.nextUpdateAtMs } : {}),
    };
    const { notice, entries } = clientNotice(
      about,
      sent,
      { sentBy: input.by, automatic: false },
      nowMs,
    );
    if (entries.length === 0)
      refuse(`Client "${watch.clientId}" has no contacts to send a heads-up to.`);
    return {
      record: {
        ...watch,
        notices: [...watch.notices, notice],
        headsUp: { decision: 'sent', by: input.by, atMs: nowMs, noticeId: notice.id },
      },
      notifications: entries,
      timeline: [
        {
          subject: watchSubject(id),
          atMs: nowMs,
          kind: 'heads-up-sent',
          actor: input.by,
          text: `Heads-up sent to the client: "We are seeing ${notice.seeing}. We are doing ${notice.doing}."`,
          data: { noticeId: notice.id },
        },
      ],
    };
  });
}
