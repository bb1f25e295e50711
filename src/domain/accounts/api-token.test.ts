import { describe, expect, it } from 'vitest';
import { looksLikeApiToken, scopeAllows, scopeRole } from './api-token.js';

describe('scopeAllows', () => {
  it.each([
    ['admin', 'GET', true],
    ['admin', 'POST', true],
    ['admin', 'DELETE', true],
    ['read', 'GET', true],
    ['read', 'HEAD', true],
    ['read', 'POST', false],
    ['read', 'PATCH', false],
    ['read', 'DELETE', false],
    ['push', 'GET', false],
    ['push', 'POST', false],
  ] as const)('a %s token calling %s: %s', (scope, method, allowed) => {
    expect(scopeAllows(scope, method).allowed).toBe(allowed);
  });

  it('says why a token is refused', () => {
    expect(scopeAllows('read', 'POST')).toEqual({
      allowed: false,
      why: 'A read token may only read (GET); this is POST.',
    });
    expect(scopeAllows('push', 'GET')).toMatchObject({
      why: expect.stringContaining('only push samples'),
    });
  });
});

describe('tokens', () => {
  it('are recognised by their fw_ prefix', () => {
    expect(looksLikeApiToken('fw_abc')).toBe(true);
    expect(looksLikeApiToken('acme-push-token')).toBe(false);
  });

  it('act on pages as admin (admin scope), viewer (read scope) or nobody (push scope)', () => {
    expect([scopeRole('admin'), scopeRole('read'), scopeRole('push')]).toEqual([
      'admin',
      'viewer',
      undefined,
    ]);
  });
});
