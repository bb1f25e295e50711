// Where a secret comes from: `{ env: NAME }` (read when the config loads) or `{ value: "…" }`
// inline. The inline value is checked here; a value from the environment in resolve-endpoints.ts.

import { z } from 'zod';
import type { SecretRef } from './config-input.js';
import { strict } from './schema-parts.js';

export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a secret's text must satisfy; `expected` phrases it for errors. */
export interface SecretCheck {
  test(value: string): boolean;
  expected: string;
}

export function secretRefSchema(check: SecretCheck, envExample = 'SLACK_WEBHOOK_URL') {
  const envExpected = `an environment variable name such as ${envExample}`;
  const sourceExpected = `either { env: NAME } or { value: "…" }, not both`;
  return strict({
    env: z
      .string({ error: envExpected })
      .regex(ENV_NAME_PATTERN, { error: envExpected })
      .optional(),
    value: z
      .string({ error: check.expected })
      .refine((v) => check.test(v), { error: check.expected })
      .optional(),
  }).transform((ref, ctx): SecretRef => {
    if (ref.env !== undefined && ref.value === undefined) return { env: ref.env };
    if (ref.value !== undefined && ref.env === undefined) return { value: ref.value };
    ctx.issues.push({ code: 'custom', message: sourceExpected, input: ref });
    return z.NEVER;
  });
}

export const anyText: SecretCheck = {
  test: (v) => v.length > 0,
  expected: 'a non-empty text',
};
