import type { FastifyInstance } from 'fastify';
import { authenticatePushToken } from '../app/authenticate-push-token.js';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { ingestSamples } from '../app/ingest-samples.js';
import { bearerToken } from './admin-auth.js';

const MAX_KEY_LENGTH = 200;

/** POST /api/v1/samples: one sample object, or { batchId?, samples: [...] }. */
export function registerSampleRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/v1/samples', async (request, reply) => {
    const clientId = await authenticatePushToken(ctx, bearerToken(request));
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('E_VALIDATION', 'The body must be a JSON object.', {
        problems: [
          {
            field: 'body',
            value: Array.isArray(body) ? '[array]' : typeof body,
            expected: 'a sample object, or { "samples": [ ... ] }',
          },
        ],
      });
    }
    const record = body as Record<string, unknown>;
    const isBatch = record.samples !== undefined;
    if (isBatch && !Array.isArray(record.samples)) {
      throw new AppError('E_VALIDATION', '"samples" must be an array.', {
        problems: [
          { field: 'samples', value: typeof record.samples, expected: 'an array of samples' },
        ],
      });
    }
    const idempotencyKey = pickKey(request.headers['idempotency-key'], record.batchId);
    const result = await ingestSamples(ctx, {
      clientId,
      items: isBatch ? (record.samples as unknown[]) : [body],
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      ...(request.bodyDigest !== undefined ? { bodyDigest: request.bodyDigest } : {}),
    });
    return reply.status(200).send(result);
  });
}

function pickKey(header: unknown, batchId: unknown): string | undefined {
  const key = typeof header === 'string' ? header : batchId;
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new AppError('E_VALIDATION', 'The idempotency key is not valid.', {
      problems: [
        {
          field: typeof header === 'string' ? 'Idempotency-Key' : 'batchId',
          value: typeof key === 'string' ? key.slice(0, 40) : typeof key,
          expected: `a string of 1 to ${MAX_KEY_LENGTH} characters`,
        },
      ],
    });
  }
  return `key:${key}`;
}
