// Definitions minus who is notified: what OpenSLO documents can carry (see export-openslo.ts).

import type { Definitions } from '../../domain/definitions.js';

export function withoutRouting(defs: Definitions): Definitions {
  return {
    clients: defs.clients.map((c) => ({ ...c, contacts: [] })),
    services: defs.services.map(({ escalation: _escalation, ...s }) => ({ ...s, roles: {} })),
    slis: defs.slis,
    slas: defs.slas,
    people: [],
    rotations: [],
    endpoints: [],
  };
}
