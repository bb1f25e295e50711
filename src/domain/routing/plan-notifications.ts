// Who is told what when an objective changes state (the breach protocol): the client hears of
// a breach first, then the team; warnings and the all-clear go to the people who can act.

import type { ContactPoint, Definitions } from '../definitions.js';
import type { Audience, NotificationEvent, NotificationMessage, Role } from '../notification.js';
import type { Transition } from '../objective-state.js';
import { composeMessage } from './compose-message.js';
import { objectiveContext } from './objective-context.js';
import { roleHoldersAt } from './role-holders.js';

export interface PlannedNotification {
  audience: Audience;
  role?: Role;
  personId?: string;
  contactName?: string;
  endpointId: string;
  address?: string;
  /** 0: client notice, dispatched first and never behind team traffic; 1: team. */
  priority: 0 | 1;
  message: NotificationMessage;
  /** Stable for one transition: re-planning it queues nothing new. */
  dedupKey: string;
}

export interface PlanInput {
  transition: Transition;
  /** When the objective left ok: with the objective's key, names the incident. */
  episodeStartMs: number;
  defs: Definitions;
  nowMs: number;
}

const BREACH_TEAM: Role[] = ['tech-lead', 'product-owner', 'communicator', 'on-call'];
const WARNING_TEAM: Role[] = ['on-call', 'product-owner'];
const RECOVERY_TEAM: Role[] = ['tech-lead', 'product-owner', 'communicator'];

interface Step {
  event: NotificationEvent;
  team: Role[];
  /** Whether the client's contacts are told too (only when the contract has autoNotice). */
  client: boolean;
}

/**
 * The brief's routing matrix (protocol notices — heads-up, updates, resolution — are sent by
 * src/app's protocol use cases). A breach after a recovery is the same incident: the client, who
 * was never told of the recovery, is not told again; the team is.
 */
function stepFor(t: Transition): Step | undefined {
  if (t.to === 'early-warning' && t.from === 'ok') {
    return { event: 'early-warning', team: WARNING_TEAM, client: false };
  }
  if (t.to === 'breach') {
    return { event: 'breach', team: BREACH_TEAM, client: t.from !== 'recovered' };
  }
  if (t.from === 'breach' && t.to === 'recovered') {
    return { event: 'recovered', team: RECOVERY_TEAM, client: false };
  }
  // recovered → ok opens the recovery gate: the protocol asks the team to resolve, and the
  // client hears "resolved" when someone resolves the incident with its root cause and fix.
  if (t.from === 'early-warning' && t.to === 'ok') {
    return { event: 'breach-avoided', team: WARNING_TEAM, client: false };
  }
  return undefined;
}

export const incidentKeyOf = (objectiveKey: string, episodeStartMs: number): string =>
  `${objectiveKey}@${episodeStartMs}`;

/** Client notices (priority 0) first, then the team in role order; one entry per contact point. */
export function planNotifications(input: PlanInput): PlannedNotification[] {
  const { transition, defs } = input;
  const step = stepFor(transition);
  const context = objectiveContext(defs, transition.objectiveKey);
  if (step === undefined || context === undefined) return [];
  const incidentKey = incidentKeyOf(transition.objectiveKey, input.episodeStartMs);
  const message = (audience: Audience) =>
    composeMessage({
      ...context,
      event: step.event,
      audience,
      transition,
      incidentKey,
      nowMs: input.nowMs,
    });

  const planned: PlannedNotification[] = [];
  const seen = new Set<string>();
  const add = (
    audience: Audience,
    point: ContactPoint,
    who: Pick<PlannedNotification, 'role' | 'personId' | 'contactName'>,
    composed: NotificationMessage,
  ) => {
    const dedupKey = [
      incidentKey,
      transition.atMs,
      step.event,
      audience,
      point.endpointId,
      point.address ?? '',
    ].join('|');
    // Several people on one channel endpoint (a Slack webhook) get one post, not one each.
    if (seen.has(dedupKey)) return;
    seen.add(dedupKey);
    planned.push({
      audience,
      ...who,
      endpointId: point.endpointId,
      ...(point.address === undefined ? {} : { address: point.address }),
      priority: audience === 'client' ? 0 : 1,
      message: composed,
      dedupKey,
    });
  };

  if (step.client && context.sla.contract.autoNotice) {
    const notice = message('client');
    for (const contact of context.client.contacts) {
      for (const point of contact.contactPoints) {
        add('client', point, { contactName: contact.name }, notice);
      }
    }
  }
  const notification = message('team');
  for (const { role, person } of roleHoldersAt(context.service, step.team, defs, input.nowMs)) {
    for (const point of person.contactPoints) {
      add('team', point, { role, personId: person.id }, notification);
    }
  }
  return planned;
}
