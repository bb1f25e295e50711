// A client: who an SLA is promised to, the time zone its calendar months start in, and the
// tokens it pushes samples with, and who at the client receives notices.

import { z } from 'zod';
import type { ClientInput, PushTokenRef } from './config-input.js';
import { contactSchema } from './contact-point-schema.js';
import { idSchema, strict, textSchema, timeZoneSchema } from './schema-parts.js';

export const MIN_TOKEN_LENGTH = 16;
const ENV_NAME_EXPECTED = 'an environment variable name such as ACME_PUSH_TOKEN';
const TOKEN_EXPECTED = `a token of at least ${MIN_TOKEN_LENGTH} characters`;
const TOKEN_SOURCE_EXPECTED = 'either { env: NAME } or { value: "token" }, not both';

export const pushTokenSchema = strict({
  env: z
    .string({ error: ENV_NAME_EXPECTED })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: ENV_NAME_EXPECTED })
    .optional(),
  value: z
    .string({ error: TOKEN_EXPECTED })
    .min(MIN_TOKEN_LENGTH, { error: TOKEN_EXPECTED })
    .optional(),
}).transform((token, ctx): PushTokenRef => {
  if (token.env !== undefined && token.value === undefined) return { env: token.env };
  if (token.value !== undefined && token.env === undefined) return { value: token.value };
  ctx.issues.push({ code: 'custom', message: TOKEN_SOURCE_EXPECTED, input: token });
  return z.NEVER;
});

export const clientSchema = strict({
  id: idSchema,
  name: textSchema.optional(),
  timeZone: timeZoneSchema.default('UTC'),
  pushTokens: z.array(pushTokenSchema, { error: 'a list of push tokens' }).default([]),
  contacts: z.array(contactSchema, { error: 'a list of { name, notify } contacts' }).default([]),
}).transform((c): ClientInput => ({
  id: c.id,
  name: c.name ?? c.id,
  timeZone: c.timeZone,
  pushTokens: c.pushTokens,
  contacts: c.contacts,
}));
