import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../app/errors.js';
import { openApiDocument } from './openapi.js';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('the error-code catalog', () => {
  it('lists every code with its HTTP status in docs/errors.md', () => {
    const text = doc('errors.md');
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(text, code).toContain(`| \`${code}\` | ${status} |`);
    }
  });

  it('lists no code that the application does not have', () => {
    const documented = [...doc('errors.md').matchAll(/^\| `(E_[A-Z_]+)` \| \d{3} \|/gm)].map(
      (m) => m[1],
    );
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});

describe('the API description', () => {
  it('documents every route of docs/api.md in the OpenAPI paths', () => {
    const routes = [...doc('api.md').matchAll(/`(GET|POST) (\/[^`?[\s]*)/g)].map(
      (m) => `${m[1]!.toLowerCase()} ${m[2]}`,
    );
    const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
    for (const route of routes) {
      const [method, path] = route.split(' ') as [string, string];
      expect(paths[path]?.[method], route).toBeDefined();
    }
  });
});
