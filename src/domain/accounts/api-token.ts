// API tokens: a secret shown once, stored as its hash, with a scope. push may only push samples
// (for the client it names), read may only read (GET), admin may do everything.

import type { TeamRole } from './account.js';

export const TOKEN_SCOPES = ['push', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Every API token starts with this, so a token in a log or a leak scan is recognised. */
export const API_TOKEN_PREFIX = 'fw_';

export interface ApiTokenRecord {
  id: string;
  name: string;
  scope: TokenScope;
  /** push tokens: the client whose samples they push. */
  clientId: string | null;
  /** SHA-256 (hex) of the secret. */
  tokenHash: string;
  /** The first characters of the secret, to tell tokens apart in a list. */
  hint: string;
  createdAtMs: number;
  createdBy: string;
  revokedAtMs: number | null;
}

export function isTokenScope(raw: unknown): raw is TokenScope {
  return typeof raw === 'string' && (TOKEN_SCOPES as readonly string[]).includes(raw);
}

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

const READ_METHODS = new Set(['GET', 'HEAD']);

export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}

export type ScopeDecision = { allowed: true } | { allowed: false; why: string };

/** May a token of this scope call the management API with this method? */
export function scopeAllows(scope: TokenScope, method: string): ScopeDecision {
  switch (scope) {
    case 'admin':
      return { allowed: true };
    case 'read':
      return isReadMethod(method)
        ? { allowed: true }
        : { allowed: false, why: `A read token may only read (GET); this is ${method}.` };
    case 'push':
      return { allowed: false, why: 'A push token may only push samples (POST /api/v1/samples).' };
  }
}

/** The team role a token acts with on pages and role checks; push tokens act as nobody. */
export function scopeRole(scope: TokenScope): TeamRole | undefined {
  return scope === 'admin' ? 'admin' : scope === 'read' ? 'viewer' : undefined;
}
