// JSON bodies are parsed here, not by Fastify's default parser, so that the raw bytes can be
// hashed for idempotency and a syntax error names where the JSON broke.

import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    bodyDigest?: string;
  }
}

export function installBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'application/x-ndjson'],
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done) => {
      const encoding = request.headers['content-encoding'];
      if (encoding !== undefined && encoding !== 'identity') {
        done(
          new AppError('E_UNSUPPORTED_MEDIA_TYPE', 'Compressed bodies are not accepted.', {
            problems: [
              { field: 'Content-Encoding', value: encoding, expected: 'identity (no encoding)' },
            ],
          }),
        );
        return;
      }
      request.bodyDigest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      const text = body.toString('utf8');
      try {
        // Like secure-json-parse: only bodies that mention the keys pay for the reviver.
        const suspicious = text.includes('__proto__') || text.includes('constructor');
        done(null, suspicious ? JSON.parse(text, refusePoisonedKeys) : JSON.parse(text));
      } catch (e) {
        if (e instanceof AppError) {
          done(e);
          return;
        }
        done(
          new AppError('E_VALIDATION', 'The body is not valid JSON.', {
            problems: [{ field: 'body', expected: 'valid JSON', message: (e as Error).message }],
          }),
        );
      }
    },
  );
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
}

function refusePoisonedKeys(key: string, value: unknown): unknown {
  if (
    key === '__proto__' ||
    (key === 'constructor' && typeof value === 'object' && value !== null)
  ) {
    throw new AppError('E_VALIDATION', 'The body contains a forbidden key.', {
      problems: [{ field: key, expected: 'no "__proto__" or "constructor" object keys' }],
    });
  }
  return value;
}
