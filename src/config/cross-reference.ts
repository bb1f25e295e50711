// Cross-section checks every checker shares: ids unique within a section, references naming a
// declared id (and listing the declared ones when they don't).

import type { ConfigError } from './config-error.js';
import type { Located } from './config-input.js';
import { errorAt } from './source-document.js';
import type { Where } from './source-document.js';

export type Reference = (
  what: string,
  id: string,
  known: Map<string, unknown>,
  broken: Set<string>,
  where: Where,
) => void;

export function referenceChecker(errors: ConfigError[]): Reference {
  return (what, id, known, broken, where) => {
    if (known.has(id) || broken.has(id)) return;
    const ids = [...known.keys()];
    const list = ids.length === 0 ? `none is declared` : `declared: ${ids.join(', ')}`;
    errors.push(errorAt(where, `the id of a declared ${what} (${list})`));
  };
}

export function indexById<T>(
  what: string,
  items: readonly Located<T>[],
  idOf: (value: T) => string,
  errors: ConfigError[],
): Map<string, Located<T>> {
  const byId = new Map<string, Located<T>>();
  for (const item of items) {
    const id = idOf(item.value);
    const first = byId.get(id);
    if (first === undefined) {
      byId.set(id, item);
      continue;
    }
    const firstAt = first.at('id');
    const line = firstAt.source.lineOf(firstAt.path);
    const place = `${firstAt.source.file}${line === undefined ? '' : `:${line}`}`;
    errors.push(
      errorAt(
        item.at('id'),
        `an id not used by another ${what} ("${id}" is first declared at ${place})`,
      ),
    );
  }
  return byId;
}
