// How a person or a client contact is reached: a list of endpoints, each with an address when
// the endpoint needs one (email). Whether it needs one depends on the endpoint's kind, which is
// checked across sections in check-inputs.ts.

import { z } from 'zod';
import type { ContactDef, ContactPoint } from '../domain/definitions.js';
import { EMAIL_EXPECTED, isEmailAddress } from './email-address.js';
import { idSchema, strict, textSchema } from './schema-parts.js';

export const contactPointSchema = strict({
  endpoint: idSchema,
  address: z
    .string({ error: EMAIL_EXPECTED })
    .trim()
    .refine(isEmailAddress, { error: EMAIL_EXPECTED })
    .optional(),
}).transform((c): ContactPoint => ({
  endpointId: c.endpoint,
  ...(c.address === undefined ? {} : { address: c.address }),
}));

export const notifySchema = z
  .array(contactPointSchema, { error: 'a list of { endpoint, address } entries' })
  .min(1, { error: 'at least one { endpoint, address } entry (how to reach them)' });

export const contactSchema = strict({ name: textSchema, notify: notifySchema }).transform(
  (c): ContactDef => ({ name: c.name, contactPoints: c.notify }),
);
