// HTML forms post application/x-www-form-urlencoded. Parsed into an object without a prototype
// (a field named __proto__ is just a field); of a repeated name the last value counts, so a hidden
// "off" followed by a checked checkbox reads as the checkbox (as the dashboard's forms expect).

import type { FastifyInstance } from 'fastify';
import { AppError } from '../app/errors.js';

const FORM = 'application/x-www-form-urlencoded';
const MAX_FIELDS = 1000;
/** Forms carry a few fields of text; definitions and samples come as JSON or YAML. */
export const FORM_BODY_LIMIT_BYTES = 256 * 1024;

export type FormBody = Record<string, string>;

export function parseForm(text: string): FormBody {
  const out: FormBody = Object.create(null) as FormBody;
  let count = 0;
  for (const [key, value] of new URLSearchParams(text)) {
    if (++count > MAX_FIELDS) {
      throw new AppError('E_VALIDATION', 'The form has too many fields.', {
        problems: [{ field: 'body', value: count, expected: `at most ${MAX_FIELDS} fields` }],
      });
    }
    out[key] = value;
  }
  return out;
}

/** Adds the form parser unless the instance has one (another feature may have added it first). */
export function installFormParser(app: FastifyInstance): void {
  if (app.hasContentTypeParser(FORM)) return;
  app.addContentTypeParser(
    FORM,
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (e) {
        done(e as Error);
      }
    },
  );
}
