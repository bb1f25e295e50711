// POST /api/v1/write: the Prometheus remote-write 1.0 receiver (admin token as bearer, which
// Prometheus sends with `authorization: { credentials: … }`). The body parser for protobuf is
// scoped to this route. The receiver itself (decode, map, ingest) lives in src/sources and is
// handed in by whoever wires the server (main), as HTTP may not import adapters.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import { AppError } from '../app/errors.js';

export type RemoteWriteReceiver = (ctx: AppContext, body: Uint8Array) => Promise<unknown>;

const CONTENT_TYPE = 'application/x-protobuf';

export function registerRemoteWriteRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  receive: RemoteWriteReceiver | undefined,
): void {
  if (receive === undefined) return;
  void app.register(async (scope) => {
    scope.addContentTypeParser(CONTENT_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
      const problem = headerProblem(request);
      if (problem !== undefined) done(problem);
      else done(null, body);
    });
    scope.post('/api/v1/write', async (request, reply) => {
      const body = request.body;
      if (!(body instanceof Uint8Array)) {
        throw new AppError('E_UNSUPPORTED_MEDIA_TYPE', 'Send a remote-write body.', {
          problems: [
            {
              field: 'Content-Type',
              value: request.headers['content-type'] ?? null,
              expected: CONTENT_TYPE,
            },
          ],
        });
      }
      await receive(ctx, body);
      return reply.status(204).send();
    });
  });
}

function headerProblem(request: FastifyRequest): AppError | undefined {
  const contentType = String(request.headers['content-type'] ?? '');
  // Remote write 2.0 names its message: `application/x-protobuf;proto=io.prometheus.write.v2.Request`.
  const proto = /;\s*proto=([^;\s]+)/i.exec(contentType)?.[1];
  if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
    return unsupported(
      'Content-Type',
      contentType,
      `${CONTENT_TYPE} (remote write 1.0, prometheus.WriteRequest)`,
    );
  }
  const encoding = request.headers['content-encoding'];
  if (encoding !== 'snappy') {
    return unsupported('Content-Encoding', encoding ?? null, 'snappy');
  }
  const version = request.headers['x-prometheus-remote-write-version'];
  if (version !== undefined && !String(version).startsWith('0.1.')) {
    return unsupported('X-Prometheus-Remote-Write-Version', version, '0.1.0 (remote write 1.0)');
  }
  return undefined;
}

function unsupported(field: string, value: unknown, expected: string): AppError {
  return new AppError(
    'E_UNSUPPORTED_MEDIA_TYPE',
    `Only Prometheus remote write 1.0 is accepted: ${field} should be ${expected}.`,
    { problems: [{ field, value, expected }] },
  );
}
