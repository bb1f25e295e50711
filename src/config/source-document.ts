// One YAML document of a config file, able to say which line a path points at.

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import { describeProblem, formatPath } from './config-error.js';
import type { ConfigError, PathSegment } from './config-error.js';

export interface SourceDocument {
  file: string;
  /** Index among the file's documents; paths of multi-document files start with `documents[i]`. */
  index: number;
  /** Prepended to paths in errors (empty for a single-document file). */
  displayPrefix: PathSegment[];
  data: unknown;
  lineOf(path: readonly PathSegment[]): number | undefined;
}

/** A path inside one document. */
export interface Where {
  source: SourceDocument;
  path: PathSegment[];
}

const REDACTED = '<secret>';

export function errorAt(
  where: Where,
  expected: string,
  options: { value?: unknown; message?: string; redact?: boolean } = {},
): ConfigError {
  const value = 'value' in options ? options.value : valueAt(where.source.data, where.path);
  const shown = options.redact && value !== undefined ? REDACTED : value;
  const line = where.source.lineOf(where.path);
  return {
    file: where.source.file,
    path: formatPath([...where.source.displayPrefix, ...where.path]),
    ...(line === undefined ? {} : { line }),
    value: shown,
    expected,
    message: options.message ?? describeProblem(shown, expected),
  };
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
      current = (current as Record<string, unknown>)[String(segment)];
    } else return undefined;
  }
  return current;
}

export type ParsedFile =
  { ok: true; documents: SourceDocument[] } | { ok: false; errors: ConfigError[] };

export function parseYamlFile(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const errors: ConfigError[] = [];
  for (const doc of list) {
    for (const problem of doc.errors) {
      const offset = problem.pos[0];
      errors.push({
        file,
        path: '',
        line: lineCounter.linePos(offset).line,
        value: undefined,
        expected: 'valid YAML',
        message: `invalid YAML: ${problem.message.split('\n')[0]}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const nonEmpty = list.filter((doc) => doc.contents !== null);
  const documents: SourceDocument[] = [];
  for (const [index, doc] of nonEmpty.entries()) {
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({
        file,
        path: '',
        value: undefined,
        expected: 'valid YAML',
        message: `invalid YAML: ${(e as Error).message}`,
      });
      continue;
    }
    documents.push({
      file,
      index,
      displayPrefix: nonEmpty.length > 1 ? ['documents', index] : [],
      data,
      lineOf: (path) => lineOfPath(doc, lineCounter, path),
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, documents };
}

/** Line of the deepest node the path reaches: a missing key points at its parent. */
function lineOfPath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
): number | undefined {
  const lineOfNode = (node: unknown): number | undefined => {
    const range = (node as Node | null)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  let node: unknown = doc.contents;
  let line = lineOfNode(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      line = lineOfNode(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      line = lineOfNode(item) ?? line;
      node = item;
    } else break;
  }
  return line;
}
