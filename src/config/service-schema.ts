import type { ServiceDef } from '../domain/definitions.js';
import { descriptionSchema, idSchema, strict, textSchema } from './schema-parts.js';

export const serviceSchema = strict({
  id: idSchema,
  name: textSchema.optional(),
  description: descriptionSchema.optional(),
}).transform((s): ServiceDef => ({
  id: s.id,
  name: s.name ?? s.id,
  ...(s.description === undefined ? {} : { description: s.description }),
}));
