// Entry point: YAML text (our format, OpenSLO, or both across files) → Definitions (endpoint
// secrets read from the environment given) and push tokens, or every error found, each naming
// file, path, line, value and expectation.

import { readFileSync } from 'node:fs';
import type { Definitions } from '../domain/definitions.js';
import { buildDefinitions } from './build-definitions.js';
import { checkInputs } from './check-inputs.js';
import type { ConfigError } from './config-error.js';
import { emptyInputs } from './config-input.js';
import type { ConfigNote } from './config-note.js';
import { readOpenSloDocuments } from './import-openslo.js';
import { FOREWARN_EXTENSION_API_VERSION, OPENSLO_API_VERSION } from './openslo-schema.js';
import { NATIVE_API_VERSION, readNativeDocument } from './read-native.js';
import { resolveEndpoints } from './resolve-endpoints.js';
import { resolveSources } from './resolve-sources.js';
import type { PushToken } from './resolve-push-tokens.js';
import { resolvePushTokens } from './resolve-push-tokens.js';
import type { SourceDocument } from './source-document.js';
import { errorAt, parseYamlFile } from './source-document.js';

export type { ConfigError } from './config-error.js';
export { formatConfigErrors } from './config-error.js';
export type { ConfigNote } from './config-note.js';
export type { PushToken } from './resolve-push-tokens.js';

export interface ForewarnConfig {
  definitions: Definitions;
  pushTokens: PushToken[];
}

export type ConfigResult =
  { ok: true; config: ForewarnConfig; notes: ConfigNote[] } | { ok: false; errors: ConfigError[] };

export interface ConfigSource {
  fileName: string;
  text: string;
}

type Env = Record<string, string | undefined>;

const API_VERSIONS_EXPECTED = `"${NATIVE_API_VERSION}" (Forewarn's format), "${OPENSLO_API_VERSION}" or "${FOREWARN_EXTENSION_API_VERSION}"`;

export function parseConfig(text: string, fileName: string, env: Env): ConfigResult {
  return parseConfigSources([{ fileName, text }], env);
}

/** Several files form one config: references may cross files, duplicate ids may not. */
export function parseConfigSources(sources: readonly ConfigSource[], env: Env): ConfigResult {
  const errors: ConfigError[] = [];
  const native: SourceDocument[] = [];
  const openSlo: SourceDocument[] = [];
  for (const source of sources) {
    const parsed = parseYamlFile(source.text, source.fileName);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    if (parsed.documents.length === 0) {
      errors.push({
        file: source.fileName,
        path: '',
        value: undefined,
        expected: `a document with apiVersion ${API_VERSIONS_EXPECTED}`,
        message: `the file is empty, expected a document with apiVersion ${API_VERSIONS_EXPECTED}`,
      });
    }
    for (const doc of parsed.documents) {
      const apiVersion = (doc.data as { apiVersion?: unknown } | null)?.apiVersion;
      if (apiVersion === NATIVE_API_VERSION) native.push(doc);
      else if (
        apiVersion === OPENSLO_API_VERSION ||
        apiVersion === FOREWARN_EXTENSION_API_VERSION
      ) {
        openSlo.push(doc);
      } else {
        const isMapping =
          typeof doc.data === 'object' && doc.data !== null && !Array.isArray(doc.data);
        const where = { source: doc, path: isMapping ? ['apiVersion'] : [] };
        errors.push(errorAt(where, `a mapping with apiVersion ${API_VERSIONS_EXPECTED}`));
      }
    }
  }

  const inputs = emptyInputs();
  for (const doc of native) errors.push(...readNativeDocument(doc, inputs));
  const imported = readOpenSloDocuments(openSlo, inputs);
  errors.push(...imported.errors);
  errors.push(...checkInputs(inputs));
  const tokens = resolvePushTokens(inputs.clients, env);
  errors.push(...tokens.errors);
  const endpoints = resolveEndpoints(inputs.endpoints, env);
  errors.push(...endpoints.errors);
  const fed = resolveSources(inputs, env);
  errors.push(...fed.errors);

  if (errors.length > 0) return { ok: false, errors: sortByPlace(errors, sources) };
  return {
    ok: true,
    config: {
      definitions: buildDefinitions(inputs, endpoints.endpoints, fed),
      pushTokens: tokens.tokens,
    },
    notes: imported.notes,
  };
}

export function loadConfigFiles(paths: readonly string[], env: Env = process.env): ConfigResult {
  const sources: ConfigSource[] = [];
  const errors: ConfigError[] = [];
  for (const path of paths) {
    try {
      sources.push({ fileName: path, text: readFileSync(path, 'utf8') });
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      errors.push({
        file: path,
        path: '',
        value: path,
        expected: 'a readable YAML file',
        message: `cannot read the file (${reason}), expected a readable YAML file`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return parseConfigSources(sources, env);
}

/** In file order, then line order, so the list reads top to bottom like the files. */
function sortByPlace(errors: ConfigError[], sources: readonly ConfigSource[]): ConfigError[] {
  const fileOrder = new Map(sources.map((s, i) => [s.fileName, i]));
  return errors
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        (fileOrder.get(a.error.file) ?? 0) - (fileOrder.get(b.error.file) ?? 0) ||
        (a.error.line ?? 0) - (b.error.line ?? 0) ||
        a.index - b.index,
    )
    .map(({ error }) => error);
}
