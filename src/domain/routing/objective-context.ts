// Everything an objective belongs to (its SLA, service, client and SLI), found by its key.

import type {
  ClientDef,
  Definitions,
  ObjectiveDef,
  ServiceDef,
  SlaDef,
  SliDef,
} from '../definitions.js';

export interface ObjectiveContext {
  sla: SlaDef;
  objective: ObjectiveDef;
  service: ServiceDef;
  client: ClientDef;
  sli: SliDef;
}

export function objectiveContext(
  defs: Definitions,
  objectiveKey: string,
): ObjectiveContext | undefined {
  for (const sla of defs.slas) {
    const objective = sla.objectives.find((o) => o.key === objectiveKey);
    if (objective === undefined) continue;
    const service = defs.services.find((s) => s.id === sla.serviceId);
    const client = defs.clients.find((c) => c.id === sla.clientId);
    const sli = defs.slis.find((s) => s.id === objective.sliId);
    if (!service || !client || !sli) return undefined;
    return { sla, objective, service, client, sli };
  }
  return undefined;
}
