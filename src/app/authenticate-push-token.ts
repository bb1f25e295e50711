// Finds the client a push token belongs to. Tokens are stored as SHA-256 hashes; lookups by hash
// leak nothing useful through timing. Cached per runtime, so re-applying definitions revokes at once.

import type { AppContext } from './context.js';
import { clientOfPushApiToken } from './accounts/manage-api-tokens.js';
import { hashToken } from './apply-definitions.js';
import { AppError } from './errors.js';

const CACHE_LIMIT = 10_000;

export async function authenticatePushToken(
  ctx: AppContext,
  token: string | undefined,
): Promise<string> {
  if (token === undefined || token.length === 0) {
    throw new AppError(
      'E_UNAUTHENTICATED',
      'Send the client push token as "Authorization: Bearer <token>".',
    );
  }
  const runtime = ctx.engine.runtime;
  const hash = hashToken(token);
  const cached = runtime?.pushTokenCache.get(hash);
  if (cached !== undefined) return cached;
  const clientId =
    (await ctx.store.findClientByPushTokenHash(hash)) ?? (await clientOfPushApiToken(ctx, hash));
  if (clientId === undefined) {
    throw new AppError('E_UNAUTHENTICATED', 'The push token is not valid.');
  }
  if (runtime !== undefined && runtime.pushTokenCache.size < CACHE_LIMIT) {
    runtime.pushTokenCache.set(hash, clientId);
  }
  return clientId;
}
