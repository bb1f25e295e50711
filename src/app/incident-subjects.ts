// What a protocol step is about: an incident's objective for a client, with its definitions.

import type { Definitions } from '../domain/definitions.js';
import type {
  Incident,
  IncidentClient,
  IncidentObjective,
  Watch,
} from '../domain/protocol/case-files.js';
import { draftNotice, type NoticeDraft } from '../domain/protocol/draft-notice.js';
import { objectiveContext, type ObjectiveContext } from '../domain/routing/objective-context.js';
import { AppError } from './errors.js';

export interface IncidentAbout {
  objective: IncidentObjective;
  context: ObjectiveContext;
  incidentKey: string;
  reason: IncidentObjective['reason'];
}

/** The first objective of the incident that concerns this client (the whole incident's first if none). */
export function aboutIncident(
  defs: Definitions,
  incident: Incident,
  clientId?: string,
): IncidentAbout {
  for (const objective of incident.objectives) {
    const context = objectiveContext(defs, objective.objectiveKey);
    if (context === undefined) continue;
    if (clientId !== undefined && context.client.id !== clientId) continue;
    return { objective, context, incidentKey: objective.incidentKey, reason: objective.reason };
  }
  throw new AppError(
    'E_PROTOCOL_STEP',
    `Incident ${incident.id} has no objective${clientId === undefined ? '' : ` for client "${clientId}"`} in the current definitions.`,
  );
}

export function aboutWatch(defs: Definitions, watch: Watch): Omit<IncidentAbout, 'objective'> {
  const context = objectiveContext(defs, watch.objectiveKey);
  if (context === undefined) {
    throw new AppError(
      'E_PROTOCOL_STEP',
      `Objective "${watch.objectiveKey}" of watch ${watch.id} is not in the current definitions.`,
    );
  }
  return { context, incidentKey: watch.incidentKey, reason: watch.reason };
}

export function definitionsOf(runtime: { definitions: Definitions } | undefined): Definitions {
  if (runtime === undefined) {
    throw new AppError('E_NOT_CONFIGURED', 'No definitions have been applied yet.');
  }
  return runtime.definitions;
}

/** The next notice to a client as the composer drafts it: the first is a breach notice, then updates. */
export function nextNoticeDraft(
  about: IncidentAbout,
  incident: Incident,
  client: IncidentClient,
  nowMs: number,
): NoticeDraft {
  return draftNotice({
    kind: client.firstNoticeAtMs === undefined ? 'breach' : 'update',
    context: about.context,
    reason: about.reason,
    sinceMs: about.objective.detectedAtMs,
    levers: incident.levers,
    updateCadenceMs: client.updateCadenceMs,
    nowMs,
  });
}
