// Request headers of a probe or a Prometheus source. A value is text written inline, or a secret
// reference `{ env: NAME }` / `{ value: "…" }` read when the config loads (an Authorization
// header is a secret); either way the definitions hold a Secret, never printed.

import { z } from 'zod';
import type { SecretRef } from './config-input.js';
import { anyText, secretRefSchema } from './secret-ref-schema.js';

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_NAME_EXPECTED = 'a header name of letters, digits and "-" (e.g. "Authorization")';
const HEADER_VALUE_EXPECTED =
  'a header value without line breaks, or { env: NAME } / { value: "…" } for a secret one';
/** Set by Forewarn itself; a config that sets them would confuse the request. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

const inlineValue = z
  .string({ error: HEADER_VALUE_EXPECTED })
  .refine((v) => !/[\r\n\0]/.test(v), { error: HEADER_VALUE_EXPECTED })
  .transform((value): SecretRef => ({ value }));

export const headersSchema = z
  .record(
    z
      .string()
      .regex(HEADER_NAME, { error: HEADER_NAME_EXPECTED })
      .refine((name) => !RESERVED.has(name.toLowerCase()), {
        error:
          'a header Forewarn does not set itself (not Host, Content-Length, Transfer-Encoding or Connection)',
      }),
    z.union([inlineValue, secretRefSchema(anyText, 'API_TOKEN')], {
      error: HEADER_VALUE_EXPECTED,
    }),
    { error: 'a mapping of header names to values' },
  )
  .default({});

/** Header values under `headers` are never echoed in errors. */
export const isHeaderValuePath = (path: readonly (string | number)[]): boolean =>
  path.includes('headers') && path.length > path.indexOf('headers') + 1;
