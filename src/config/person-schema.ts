// A person on the team: who holds a role or takes on-call turns, and how to reach them.

import type { PersonDef } from '../domain/definitions.js';
import { notifySchema } from './contact-point-schema.js';
import { idSchema, strict, textSchema } from './schema-parts.js';

export const personSchema = strict({
  id: idSchema,
  name: textSchema.optional(),
  notify: notifySchema,
}).transform((p): PersonDef => ({ id: p.id, name: p.name ?? p.id, contactPoints: p.notify }));
