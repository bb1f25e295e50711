// The one place HTTP maps errors to responses. Users get a code, a message and the fields at
// fault; stack traces go to the log only.

import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from '../app/context.js';
import { AppError, ERROR_CODES, type ErrorCode, type FieldProblem } from '../app/errors.js';

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    problems?: FieldProblem[];
    [extra: string]: unknown;
  };
}

export function errorBody(e: AppError): ErrorBody {
  return {
    error: {
      code: e.code,
      message: e.message,
      ...(e.problems.length > 0 ? { problems: e.problems } : {}),
      ...(e.details ?? {}),
    },
  };
}

const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'E_PAYLOAD_TOO_LARGE',
    message: 'The body is larger than the limit.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'E_UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'E_VALIDATION', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'E_VALIDATION',
    message: 'Content-Length does not match the body.',
  },
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as Partial<FastifyError>;
  const known = typeof fe.code === 'string' ? FASTIFY_CODES[fe.code] : undefined;
  if (known !== undefined) return new AppError(known.code, known.message, { cause: err });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('E_VALIDATION', fe.message ?? 'Bad request.', { cause: err });
  }
  if (isStorageFull(err)) {
    return new AppError('E_STORAGE_UNAVAILABLE', ERROR_CODES.E_STORAGE_UNAVAILABLE.summary, {
      cause: err,
    });
  }
  return new AppError('E_INTERNAL', ERROR_CODES.E_INTERNAL.summary, { cause: err });
}

function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    code === 'SQLITE_FULL' ||
    code === 'SQLITE_IOERR' ||
    code === 'SQLITE_BUSY' ||
    code === '53100' || // postgres disk_full
    code === 'ECONNREFUSED'
  );
}

export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err, request, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error({ err, url: request.url, method: request.method }, 'request failed');
    }
    void reply.status(appError.status).send(errorBody(appError));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(errorBody(new AppError('E_NOT_FOUND', `No route ${request.method} ${request.url}.`)));
  });
}
