// Who holds a service's roles at an instant: a person directly, or (on-call) whoever's turn it
// is in a rotation. Someone holding several roles is listed once, under the first.

import type { Definitions, PersonDef, ServiceDef } from '../definitions.js';
import type { Role } from '../notification.js';
import { onCallAt } from './on-call-at.js';

export interface RoleHolding {
  role: Role;
  person: PersonDef;
}

/** In role order, without repeats; roles without a holder (or a known person) are skipped. */
export function roleHoldersAt(
  service: ServiceDef,
  roles: readonly Role[],
  defs: Pick<Definitions, 'people' | 'rotations'>,
  nowMs: number,
): RoleHolding[] {
  const holdings: RoleHolding[] = [];
  const seen = new Set<string>();
  for (const role of roles) {
    const holder = service.roles[role];
    if (holder === undefined) continue;
    let personId: string;
    if ('personId' in holder) personId = holder.personId;
    else {
      const rotation = defs.rotations.find((r) => r.id === holder.rotationId);
      if (rotation === undefined || rotation.memberIds.length === 0) continue;
      personId = onCallAt(rotation, nowMs);
    }
    const person = defs.people.find((p) => p.id === personId);
    if (person === undefined || seen.has(person.id)) continue;
    seen.add(person.id);
    holdings.push({ role, person });
  }
  return holdings;
}

export function peopleForRoles(
  service: ServiceDef,
  roles: readonly Role[],
  defs: Pick<Definitions, 'people' | 'rotations'>,
  nowMs: number,
): PersonDef[] {
  return roleHoldersAt(service, roles, defs, nowMs).map((h) => h.person);
}
