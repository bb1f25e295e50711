// The in-memory picture the evaluator works on: definitions indexed for the hot path, and per
// objective its window state and last decided state. Rebuilt whenever definitions change.

import { createHash } from 'node:crypto';
import type {
  ClientDef,
  Definitions,
  ObjectiveDef,
  SlaDef,
  SliDef,
} from '../domain/definitions.js';
import type { ObjectiveState } from '../domain/objective-state.js';
import type { ObjectiveWindow } from '../domain/windows/objective-window.js';
import type { MinuteData } from '../domain/windows/objective-window.js';

export interface ObjectiveRuntime {
  def: ObjectiveDef;
  sla: SlaDef;
  sli: SliDef;
  client: ClientDef;
  definitionHash: string;
  window: ObjectiveWindow;
  state: ObjectiveState;
  /** The window version at the last evaluation; -1 before the first. */
  evaluatedVersion: number;
}

export class Runtime {
  readonly objectives = new Map<string, ObjectiveRuntime>();
  readonly objectivesBySli = new Map<string, ObjectiveRuntime[]>();
  readonly sliById = new Map<string, SliDef>();
  readonly slaById = new Map<string, SlaDef>();
  readonly clientById = new Map<string, ClientDef>();
  /** SLIs a client may push: those of the services its SLAs cover. */
  readonly slisByClient = new Map<string, Set<string>>();
  /** Highest ingest-log sequence whose data is in every window. */
  appliedSeq = 0;
  /** Push-token hash → client id; dies with the runtime when definitions are re-applied. */
  readonly pushTokenCache = new Map<string, string>();

  constructor(readonly definitions: Definitions) {
    for (const c of definitions.clients) this.clientById.set(c.id, c);
    for (const s of definitions.slis) this.sliById.set(s.id, s);
    for (const sla of definitions.slas) {
      this.slaById.set(sla.id, sla);
      const allowed = this.slisByClient.get(sla.clientId) ?? new Set<string>();
      for (const sli of definitions.slis) if (sli.serviceId === sla.serviceId) allowed.add(sli.id);
      this.slisByClient.set(sla.clientId, allowed);
    }
  }

  add(objective: ObjectiveRuntime): void {
    this.objectives.set(objective.def.key, objective);
    const list = this.objectivesBySli.get(objective.sli.id) ?? [];
    list.push(objective);
    this.objectivesBySli.set(objective.sli.id, list);
  }

  /** Folds committed minute data into every window of the SLIs it concerns. */
  apply(data: Array<{ sliId: string; minute: MinuteData }>): void {
    for (const { sliId, minute } of data) {
      const objectives = this.objectivesBySli.get(sliId);
      if (objectives === undefined) continue;
      for (const o of objectives) o.window.apply(minute);
    }
  }
}

/** Each objective with the SLA, SLI and client it needs, in definition order. */
export function objectiveContexts(
  defs: Definitions,
): Array<{ def: ObjectiveDef; sla: SlaDef; sli: SliDef; client: ClientDef; hash: string }> {
  const slis = new Map(defs.slis.map((s) => [s.id, s]));
  const clients = new Map(defs.clients.map((c) => [c.id, c]));
  const out = [];
  for (const sla of defs.slas) {
    const client = clients.get(sla.clientId);
    for (const def of sla.objectives) {
      const sli = slis.get(def.sliId);
      if (sli === undefined || client === undefined) continue;
      out.push({ def, sla, sli, client, hash: definitionHash(def, sli, client) });
    }
  }
  return out;
}

/** Window state depends on the objective, its SLI kind and the client's time zone. */
export function definitionHash(def: ObjectiveDef, sli: SliDef, client: ClientDef): string {
  return createHash('sha256')
    .update(JSON.stringify([def, sli.kind, client.timeZone]))
    .digest('hex')
    .slice(0, 32);
}
