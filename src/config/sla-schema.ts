// The SLA itself, without its objectives: those are validated one by one (objective-schema.ts)
// so that a mistake in one objective does not hide mistakes in the others.

import { z } from 'zod';
import type { ContractTerms } from '../domain/definitions.js';
import { contractSchema } from './contract-schema.js';
import { idSchema, strict, textSchema } from './schema-parts.js';

export interface SlaHeader {
  id: string;
  clientId: string;
  serviceId: string;
  name: string;
  contract: ContractTerms;
  objectives: unknown[];
}

export const slaHeaderSchema = strict({
  id: idSchema,
  client: idSchema,
  service: idSchema,
  name: textSchema.optional(),
  contract: contractSchema,
  objectives: z
    .array(z.unknown(), { error: 'a list of objectives' })
    .min(1, { error: 'at least one objective' }),
}).transform((s): SlaHeader => ({
  id: s.id,
  clientId: s.client,
  serviceId: s.service,
  name: s.name ?? s.id,
  contract: s.contract,
  objectives: s.objectives,
}));
