import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashParams,
  hashPassword,
  verifyPassword,
} from './password-hash.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('hashPassword', () => {
  it('stores scrypt with its parameters and a salt, and checks with the default parameters', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hashParams(hash)).toEqual(DEFAULT_SCRYPT_PARAMS);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts each hash, so equal passwords hash differently', async () => {
    const [a, b] = await Promise.all([
      hashPassword('correct horse battery', CHEAP),
      hashPassword('correct horse battery', CHEAP),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery', b)).toBe(true);
  });

  it('checks a hash with the parameters stored in it, not the current defaults', async () => {
    const hash = await hashPassword('correct horse battery', CHEAP);
    expect(hashParams(hash)).toEqual(CHEAP);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
  });

  it('treats the same text in composed and decomposed Unicode as one password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!!', CHEAP);
    expect(await verifyPassword('cafe\u0301 au lait!!', hash)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$2b$10$abc', 'another scheme'],
    ['scrypt$1000$8$1$c2FsdA$a2V5', 'N not a power of two'],
    ['scrypt$1073741824$8$1$c2FsdA$a2V5', 'N beyond the limit'],
    ['scrypt$1024$8$1$$a2V5', 'no salt'],
  ])('matches nothing against a malformed stored hash (%s: %s)', async (stored) => {
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });
});
