// API tokens: created by an admin and shown once, listed without their secret, revoked. Each is
// `fw_` + 256 random bits; only its SHA-256 is stored.

import {
  API_TOKEN_PREFIX,
  isTokenScope,
  looksLikeApiToken,
  TOKEN_SCOPES,
  type ApiTokenRecord,
} from '../../domain/accounts/api-token.js';
import { MAX_NAME_LENGTH } from '../../domain/accounts/account.js';
import type { AppContext } from '../context.js';
import { AppError, type FieldProblem } from '../errors.js';
import { randomSecret, recordId, sha256Hex } from './secrets.js';

/** A token as listed: everything but the hash of its secret. */
export type ApiTokenView = Omit<ApiTokenRecord, 'tokenHash'>;

const HINT_LENGTH = API_TOKEN_PREFIX.length + 4;

export function tokenView(t: ApiTokenRecord): ApiTokenView {
  const { tokenHash: _hidden, ...view } = t;
  return view;
}

export async function createApiToken(
  ctx: AppContext,
  input: { name: unknown; scope: unknown; clientId?: unknown },
  createdBy: string,
): Promise<{ token: ApiTokenView; secret: string }> {
  const problems: FieldProblem[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    problems.push({
      field: 'name',
      value: input.name,
      expected: `a name of 1 to ${MAX_NAME_LENGTH} characters, saying what uses the token`,
    });
  }
  if (!isTokenScope(input.scope)) {
    problems.push({
      field: 'scope',
      value: input.scope,
      expected: `one of ${TOKEN_SCOPES.join(', ')}`,
    });
  }
  let clientId: string | null = null;
  if (input.scope === 'push') {
    const clients = ctx.engine.runtime?.definitions.clients ?? [];
    if (typeof input.clientId !== 'string' || !clients.some((c) => c.id === input.clientId)) {
      problems.push({
        field: 'clientId',
        value: input.clientId,
        expected: 'the id of the defined client whose samples the token pushes',
      });
    } else {
      clientId = input.clientId;
    }
  } else if (input.clientId !== undefined) {
    problems.push({
      field: 'clientId',
      value: input.clientId,
      expected: 'no client id: only push tokens name one',
    });
  }
  if (problems.length > 0) {
    throw new AppError('E_VALIDATION', 'The API token cannot be created as sent.', { problems });
  }
  const secret = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const record: ApiTokenRecord = {
    id: recordId('t'),
    name,
    scope: input.scope as ApiTokenRecord['scope'],
    clientId,
    tokenHash: sha256Hex(secret),
    hint: secret.slice(0, HINT_LENGTH),
    createdAtMs: ctx.clock.nowMs(),
    createdBy,
    revokedAtMs: null,
  };
  await ctx.store.insertApiToken(record);
  ctx.logger.info({ tokenId: record.id, scope: record.scope, createdBy }, 'API token created');
  return { token: tokenView(record), secret };
}

export async function listApiTokens(ctx: AppContext): Promise<ApiTokenView[]> {
  return (await ctx.store.listApiTokens()).map(tokenView);
}

export async function revokeApiToken(ctx: AppContext, id: string): Promise<ApiTokenView> {
  const revoked = await ctx.store.revokeApiToken(id, ctx.clock.nowMs());
  if (revoked === undefined) throw new AppError('E_TOKEN_NOT_FOUND', `No API token "${id}".`);
  // The push path caches token → client per runtime; a revoked token must stop at once.
  ctx.engine.runtime?.pushTokenCache.delete(revoked.tokenHash);
  return tokenView(revoked);
}

/** The live token this secret is, or undefined. */
export async function authenticateApiToken(
  ctx: AppContext,
  secret: string,
): Promise<ApiTokenRecord | undefined> {
  if (!looksLikeApiToken(secret)) return undefined;
  return ctx.store.findApiToken(sha256Hex(secret));
}

/** The client a push-scoped API token pushes for, by the SHA-256 (hex) of its secret. */
export async function clientOfPushApiToken(
  ctx: AppContext,
  tokenHash: string,
): Promise<string | undefined> {
  const token = await ctx.store.findApiToken(tokenHash);
  return token?.scope === 'push' && token.clientId !== null ? token.clientId : undefined;
}
