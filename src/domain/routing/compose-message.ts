// The facts of one notification: what happened, to whom, and the notice's sentences "We are
// seeing X. We are doing Y. We will tell you Z by W." Texts depend on the transition only, so
// composing again (after a restart) gives the same message.

import type { ClientDef, ObjectiveDef, ServiceDef, SlaDef, SliDef } from '../definitions.js';
import { describeReason, formatDuration } from '../describe-reason.js';
import type { Audience, NotificationEvent, NotificationMessage } from '../notification.js';
import type { Transition } from '../objective-state.js';
import { describeSeeing, formatClock } from './describe-seeing.js';

export interface ComposeInput {
  event: NotificationEvent;
  audience: Audience;
  transition: Transition;
  sla: SlaDef;
  service: ServiceDef;
  client: ClientDef;
  objective: ObjectiveDef;
  sli: SliDef;
  incidentKey: string;
  /** When the message is composed; the texts use the transition's time, not this. */
  nowMs?: number;
}

/** Brief: Y and Z of a first breach notice unless someone writes better ones. */
export const DEFAULT_DOING = 'an investigation of the cause, and work to restore normal service';
export const DEFAULT_NEXT = 'what we have found and the expected time to recovery';

interface Sentences {
  seeing: string;
  doing: string;
  next: string;
}

export function composeMessage(input: ComposeInput): NotificationMessage {
  const { event, audience, transition, sla, service, client, objective, sli } = input;
  const reasonText = describeReason(transition.reason, sli.unit ?? '');
  const sentences =
    audience === 'client' ? clientSentences(input) : teamSentences(input, reasonText);
  const promisesUpdate = audience === 'client' && event === 'breach';
  return {
    event,
    audience,
    incidentKey: input.incidentKey,
    occurredAtMs: transition.atMs,
    client: { id: client.id, name: client.name },
    service: { id: service.id, name: service.name },
    sla: { id: sla.id, name: sla.name },
    objective: { key: objective.key, name: objective.name },
    reason: transition.reason,
    reasonText,
    ...sentences,
    ...(promisesUpdate ? { nextUpdateAtMs: transition.atMs + sla.contract.updateCadenceMs } : {}),
  };
}

/** When the objective came back within, for recovered and resolved transitions. */
function withinSinceMs(transition: Transition): number {
  const r = transition.reason;
  return r.kind === 'recovering' || r.kind === 'recovery-complete'
    ? r.withinSinceMs
    : transition.atMs;
}

function clientSentences(input: ComposeInput): Sentences {
  const { transition, service } = input;
  const name = service.name;
  switch (input.event) {
    case 'breach':
      return {
        seeing: `${describeSeeing(name, input.objective, input.sli, transition.reason)}, since ${formatClock(transition.atMs)}`,
        doing: DEFAULT_DOING,
        next: DEFAULT_NEXT,
      };
    case 'recovered':
      return {
        seeing: `normal service from ${name} again since ${formatClock(withinSinceMs(transition))}`,
        doing: 'close monitoring to make sure it stays normal before we close the incident',
        next: 'when the incident is closed',
      };
    case 'resolved':
      return {
        seeing: `normal service from ${name} again since ${formatClock(withinSinceMs(transition))}`,
        doing: 'close monitoring to make sure it stays that way',
        next: 'what caused the problem and what we are changing to prevent it',
      };
    case 'early-warning':
      return {
        seeing: `early signs of a problem with ${name}, since ${formatClock(transition.atMs)}`,
        doing: 'preventive work so that your service is not affected',
        next: 'whether the problem was avoided',
      };
    case 'breach-avoided':
      return {
        seeing: `the early signs of a problem with ${name} have cleared`,
        doing: 'no further work: none is needed',
        next: 'about any further change',
      };
    case 'update':
      return {
        seeing: `the problem with ${name} we told you about`,
        doing: DEFAULT_DOING,
        next: DEFAULT_NEXT,
      };
    case 'reminder':
      return { seeing: `a reminder about ${name}`, doing: 'no work', next: 'nothing more' };
    case 'test':
      return {
        seeing: `a test notice for ${name}`,
        doing: 'a check that our notices reach you',
        next: 'nothing more: no reply is needed',
      };
  }
}

function teamSentences(input: ComposeInput, reasonText: string): Sentences {
  const { transition, service, objective, sla } = input;
  const at = formatClock(transition.atMs);
  const quoted = `"${objective.name}" of ${service.name}`;
  switch (input.event) {
    case 'early-warning':
      return {
        seeing: `${quoted} close to a breach: ${reasonText}, since ${at}`,
        doing: 'not breached yet: look for the cause (recent changes, load, dependencies) now',
        next: 'a breach notification if it crosses the agreed limit, or the all-clear',
      };
    case 'breach':
      return {
        seeing: `${describeSeeing(service.name, objective, input.sli, transition.reason)}, since ${at}`,
        doing: DEFAULT_DOING,
        next: `${DEFAULT_NEXT}; the client expects an update every ${formatDuration(sla.contract.updateCadenceMs)}`,
      };
    case 'recovered':
      return {
        seeing: `${quoted} met again since ${formatClock(withinSinceMs(transition))}`,
        doing: `watching it stay within for ${formatDuration(objective.recoveryPeriodMs)} before the incident is resolved`,
        next: 'the resolution, or a new breach notification',
      };
    case 'resolved':
      return {
        seeing: `${quoted} met for ${formatDuration(objective.recoveryPeriodMs)} since ${formatClock(withinSinceMs(transition))}: the incident is resolved`,
        doing: 'closing the incident',
        next: 'the postmortem and any service credit due',
      };
    case 'breach-avoided':
      return {
        seeing: `${quoted} no longer at risk (${reasonText})`,
        doing: 'nothing more is needed',
        next: 'a new notification if it is at risk again',
      };
    case 'update':
      return {
        seeing: `a client update on ${quoted}`,
        doing: DEFAULT_DOING,
        next: DEFAULT_NEXT,
      };
    case 'reminder':
      return {
        seeing: `a protocol step is due for ${quoted}`,
        doing: 'see the incident',
        next: 'nothing more',
      };
    case 'test':
      return {
        seeing: `a test notification for ${quoted}`,
        doing: 'checking that notifications reach you',
        next: 'nothing more',
      };
  }
}
