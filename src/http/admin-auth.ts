// Management routes need the admin token. Compared as SHA-256 digests in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function adminGuard(adminToken: { reveal(): string }) {
  const expected = createHash('sha256').update(adminToken.reveal()).digest();
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request);
    if (token === undefined) {
      throw new AppError(
        'E_UNAUTHENTICATED',
        'Send the admin token as "Authorization: Bearer <token>".',
      );
    }
    const got = createHash('sha256').update(token).digest();
    if (!timingSafeEqual(got, expected)) {
      throw new AppError('E_UNAUTHENTICATED', 'The admin token is not valid.');
    }
  };
}
