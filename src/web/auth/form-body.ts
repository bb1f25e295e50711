// HTML forms post application/x-www-form-urlencoded. Parsed into an object without a prototype
// (a field named __proto__ is just a field); a repeated field becomes an array of its values.

import type { FastifyInstance } from 'fastify';
import { AppError } from '../../app/errors.js';

const FORM = 'application/x-www-form-urlencoded';
const MAX_FIELDS = 1000;

export type FormBody = Record<string, string | string[]>;

export function parseForm(text: string): FormBody {
  const out: FormBody = Object.create(null) as FormBody;
  let count = 0;
  for (const [key, value] of new URLSearchParams(text)) {
    if (++count > MAX_FIELDS) {
      throw new AppError('E_VALIDATION', 'The form has too many fields.', {
        problems: [{ field: 'body', value: count, expected: `at most ${MAX_FIELDS} fields` }],
      });
    }
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

/** Adds the form parser unless the instance has one (another feature may have added it first). */
export function installFormParser(app: FastifyInstance): void {
  if (app.hasContentTypeParser(FORM)) return;
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (e) {
      done(e as Error);
    }
  });
}
