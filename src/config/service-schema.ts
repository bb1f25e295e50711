// A service: what an SLA covers, who holds its roles, how an unacknowledged page escalates, and
// which signed webhook each containment lever (feature flag, rollback, …) posts to.
// Whether the people and rotations exist, whether the escalation chain names roles the service
// has holders for, and whether each lever's endpoint is a declared webhook endpoint, is checked
// in check-inputs.ts.

import { z } from 'zod';
import type {
  EscalationPolicy,
  LeverActionDef,
  RoleHolder,
  ServiceDef,
} from '../domain/definitions.js';
import type { Role } from '../domain/notification.js';
import { LEVERS } from '../domain/protocol/case-files.js';
import { descriptionSchema, durationSchema, idSchema, strict, textSchema } from './schema-parts.js';

/** YAML keys under `roles`, and the domain's name for each. */
export const ROLE_KEYS = {
  onCall: 'on-call',
  productOwner: 'product-owner',
  techLead: 'tech-lead',
  communicator: 'communicator',
} as const satisfies Record<string, Role>;

export type RoleKey = keyof typeof ROLE_KEYS;
export const ROLES = Object.values(ROLE_KEYS);

export const roleKeyOf = (role: Role): RoleKey =>
  (Object.keys(ROLE_KEYS) as RoleKey[]).find((key) => ROLE_KEYS[key] === role) ?? 'onCall';

const personHolder = strict({ person: idSchema }).transform((h): RoleHolder => ({
  personId: h.person,
}));

const ON_CALL_EXPECTED = 'either { person: id } or { rotation: id }, not both';
const onCallHolder = strict({
  person: idSchema.optional(),
  rotation: idSchema.optional(),
}).transform((h, ctx): RoleHolder => {
  if (h.person !== undefined && h.rotation === undefined) return { personId: h.person };
  if (h.rotation !== undefined && h.person === undefined) return { rotationId: h.rotation };
  ctx.issues.push({ code: 'custom', message: ON_CALL_EXPECTED, input: h });
  return z.NEVER;
});

const rolesSchema = strict({
  onCall: onCallHolder.optional(),
  productOwner: personHolder.optional(),
  techLead: personHolder.optional(),
  communicator: personHolder.optional(),
})
  .default({})
  .transform((r) => {
    const roles: Partial<Record<Role, RoleHolder>> = {};
    for (const key of Object.keys(ROLE_KEYS) as RoleKey[]) {
      const holder = r[key];
      if (holder !== undefined) roles[ROLE_KEYS[key]] = holder;
    }
    return roles;
  });

const escalationSchema = strict({
  ackWithin: durationSchema(),
  chain: z
    .array(z.enum(ROLES, { error: `a role: ${ROLES.join(', ')}` }), {
      error: 'a list of roles',
    })
    .min(1, { error: 'at least one role to page next' }),
}).transform((e): EscalationPolicy => ({ ackWithinMs: e.ackWithin, chain: e.chain }));

const LEVERS_EXPECTED = `a lever: ${LEVERS.join(', ')}`;
const LEVER_ACTION_EXPECTED = '{ endpoint: <id of a webhook endpoint> }';
const leverActionSchema = z
  .strictObject({ endpoint: idSchema }, { error: LEVER_ACTION_EXPECTED })
  .transform((a): LeverActionDef => ({ endpointId: a.endpoint }));
/** Which endpoint each lever posts to; that it exists and is a webhook is checked in check-inputs.ts. */
const leverActionsSchema = z.partialRecord(
  z.enum(LEVERS, { error: LEVERS_EXPECTED }),
  leverActionSchema,
  {
    // Not a mapping, or a key that is no lever (zod reports it as unrecognized_keys).
    error: (issue) =>
      issue.code === 'invalid_type'
        ? `a mapping from lever name to ${LEVER_ACTION_EXPECTED}`
        : LEVERS_EXPECTED,
  },
);

export const serviceSchema = strict({
  id: idSchema,
  name: textSchema.optional(),
  description: descriptionSchema.optional(),
  roles: rolesSchema,
  escalation: escalationSchema.optional(),
  levers: leverActionsSchema.optional(),
}).transform((s): ServiceDef => ({
  id: s.id,
  name: s.name ?? s.id,
  ...(s.description === undefined ? {} : { description: s.description }),
  roles: s.roles,
  ...(s.escalation === undefined ? {} : { escalation: s.escalation }),
  ...(s.levers === undefined ? {} : { leverActions: s.levers }),
}));
