import { describe, expect, it } from 'vitest';
import {
  checkNewAccount,
  emailProblem,
  normalizeEmail,
  passwordProblem,
  publicAccount,
} from './account.js';

const known = (id: string) => id === 'acme';
const valid = {
  email: ' Erin@Example.COM ',
  name: ' Erin ',
  password: 'correct horse battery',
  role: 'admin',
};

describe('checkNewAccount', () => {
  it('accepts a team user and normalises the address and name', () => {
    expect(checkNewAccount(valid, known)).toEqual({
      ok: true,
      account: {
        email: 'erin@example.com',
        name: 'Erin',
        password: 'correct horse battery',
        access: { kind: 'team', role: 'admin' },
      },
    });
  });

  it('ties a client user to a defined client', () => {
    const checked = checkNewAccount({ ...valid, role: 'client', clientId: 'acme' }, known);
    expect(checked).toMatchObject({
      ok: true,
      account: { access: { kind: 'client', clientId: 'acme' } },
    });
  });

  it('names every field at fault at once, never echoing the password', () => {
    const checked = checkNewAccount(
      { email: 'not-an-address', name: '', password: 'short pass', role: 'owner' },
      known,
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({ field: 'email', value: 'not-an-address' }),
        expect.objectContaining({ field: 'name' }),
        {
          field: 'password',
          value: '(10 characters)',
          expected: 'a password of 12 to 1024 characters',
        },
        expect.objectContaining({
          field: 'role',
          value: 'owner',
          expected: 'one of admin, member, viewer, client',
        }),
      ],
    });
  });

  it.each([
    [{ role: 'client' }, 'clientId', 'the id of the client this user is of'],
    [{ role: 'client', clientId: 'globex' }, 'clientId', 'the id of a defined client'],
    [{ role: 'member', clientId: 'acme' }, 'clientId', expect.stringContaining('no client id')],
  ])('refuses %j at %s', (override, field, expected) => {
    const checked = checkNewAccount({ ...valid, ...override }, known);
    expect(checked).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field, expected })],
    });
  });
});

describe('passwordProblem', () => {
  it.each([
    ['eleven char', false],
    ['twelve chars', true],
    ['ünïcödé pässwörd', true],
    ['x'.repeat(1024), true],
    ['x'.repeat(1025), false],
  ])('%j is acceptable: %s', (password, ok) => {
    expect(passwordProblem(password) === undefined).toBe(ok);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🔑'.repeat(11))).toMatchObject({ value: '(11 characters)' });
  });
});

describe('e-mail addresses', () => {
  it('compare without case or surrounding spaces', () => {
    expect(normalizeEmail('  Erin@Example.com ')).toBe('erin@example.com');
  });

  it.each(['erin', 'erin@', '@example.com', 'erin @example.com', `${'a'.repeat(250)}@x.io`])(
    '%j is refused',
    (email) => {
      expect(emailProblem(email)).toMatchObject({ field: 'email' });
    },
  );
});

describe('publicAccount', () => {
  it('drops the password hash', () => {
    const shown = publicAccount({
      id: 'u_1',
      email: 'erin@example.com',
      name: 'Erin',
      kind: 'team',
      role: 'admin',
      createdAtMs: 1,
      passwordHash: 'scrypt$…',
    });
    expect(shown).not.toHaveProperty('passwordHash');
  });
});
