import { z } from 'zod';
import type { SliDef } from '../domain/definitions.js';
import { descriptionSchema, idSchema, strict, textSchema } from './schema-parts.js';

export const SLI_KIND_EXPECTED =
  '"ratio" (pushed as good/total counts) or "distribution" (pushed as values, e.g. latency)';

export const sliSchema = strict({
  id: idSchema,
  service: idSchema,
  name: textSchema.optional(),
  kind: z.enum(['ratio', 'distribution'], { error: SLI_KIND_EXPECTED }),
  unit: z
    .string({ error: 'a unit such as "ms"' })
    .min(1, { error: 'a unit such as "ms"' })
    .max(20, { error: 'a unit of at most 20 characters' })
    .optional(),
  description: descriptionSchema.optional(),
})
  .superRefine((s, ctx) => {
    if (s.kind === 'ratio' && s.unit !== undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['unit'],
        message: 'no unit on a ratio SLI (units describe distribution values)',
        input: s.unit,
      });
    }
  })
  .transform((s): SliDef => ({
    id: s.id,
    serviceId: s.service,
    name: s.name ?? s.id,
    kind: s.kind,
    ...(s.unit === undefined ? {} : { unit: s.unit }),
    ...(s.description === undefined ? {} : { description: s.description }),
  }));
