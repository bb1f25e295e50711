// Runs one zod schema over one part of a document and turns every issue into a ConfigError.
// Schemas state what they expect in their error messages; this file only phrases zod's defaults.

import type { z } from 'zod';
import type { ConfigError, PathSegment } from './config-error.js';
import { errorAt } from './source-document.js';
import type { Where } from './source-document.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ConfigError[] };

/** Token values under pushTokens must not be echoed back in errors. */
const isSecretPath = (path: readonly PathSegment[]): boolean =>
  path.includes('pushTokens') && path[path.length - 1] === 'value';

export function validateSection<S extends z.ZodType>(
  schema: S,
  where: Where,
  data: unknown,
  options: { isSecret?: (relativePath: readonly PathSegment[]) => boolean } = {},
): Validated<z.output<S>> {
  const result = schema.safeParse(data, { error: phraseDefault });
  if (result.success) return { ok: true, value: result.data };
  const errors: ConfigError[] = [];
  for (const issue of flattenUnions(result.error.issues)) {
    const relative = issue.path.map(toSegment);
    const path = [...where.path, ...relative];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const at = { source: where.source, path: [...path, key] };
        errors.push(
          errorAt(at, issue.message, {
            message: `unknown key "${key}", expected ${issue.message}`,
          }),
        );
      }
      continue;
    }
    errors.push(
      errorAt({ source: where.source, path }, issue.message, {
        redact: isSecretPath(path) || (options.isSecret?.(relative) ?? false),
      }),
    );
  }
  return { ok: false, errors };
}

/**
 * A union fails as a whole; when one branch got past the top-level shape check (a list where
 * a list was allowed), its issues are the ones the author needs to see.
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const isShapeMismatch = (branch: z.core.$ZodIssue[]) =>
      branch.length === 0 ||
      branch.some(
        (i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'),
      );
    const matching = issue.errors.filter((branch) => !isShapeMismatch(branch));
    if (matching.length !== 1 || matching[0] === undefined) return [issue];
    return flattenUnions(matching[0].map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
  });
}

const toSegment = (key: PropertyKey): PathSegment =>
  typeof key === 'number' ? key : typeof key === 'symbol' ? String(key.description) : key;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  int: 'a whole number',
};

function phraseDefault(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'no other keys';
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${String(issue.minimum)} item(s)`
        : `at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${String(issue.maximum)} item(s)`
        : `at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}
