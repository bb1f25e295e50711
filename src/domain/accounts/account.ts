// Accounts: team users with a role, client users tied to one client. What a valid new account
// looks like, checked field by field so one answer names every problem.

export const TEAM_ROLES = ['admin', 'member', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export type AccountAccess = { kind: 'team'; role: TeamRole } | { kind: 'client'; clientId: string };

export type Account = {
  id: string;
  /** Lower-cased; the sign-in name. */
  email: string;
  name: string;
  createdAtMs: number;
} & AccountAccess;

/** An account as stored: with its encoded password hash (never leaves the app layer). */
export type StoredUser = Account & { passwordHash: string };

// NIST SP 800-63B §5.1.1.2 asks for at least 8; 12 is what this project promises. The upper bound
// only keeps one request from hashing megabytes.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 200;

export interface AccountProblem {
  field: string;
  value?: unknown;
  expected: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(raw: unknown): AccountProblem | undefined {
  const expected = `an e-mail address of at most ${MAX_EMAIL_LENGTH} characters, like erin@example.com`;
  if (typeof raw !== 'string') return { field: 'email', value: typeof raw, expected };
  const email = normalizeEmail(raw);
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    return { field: 'email', value: raw.slice(0, 80), expected };
  }
  return undefined;
}

export function nameProblem(raw: unknown): AccountProblem | undefined {
  const expected = `a name of 1 to ${MAX_NAME_LENGTH} characters`;
  if (typeof raw !== 'string') return { field: 'name', value: typeof raw, expected };
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    return { field: 'name', value: raw.slice(0, 80), expected };
  }
  return undefined;
}

/** The value is never echoed back: only its length. */
export function passwordProblem(raw: unknown, field = 'password'): AccountProblem | undefined {
  const expected = `a password of ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`;
  if (typeof raw !== 'string') return { field, value: typeof raw, expected };
  const length = [...raw].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    return { field, value: `(${length} characters)`, expected };
  }
  return undefined;
}

export function isTeamRole(raw: unknown): raw is TeamRole {
  return typeof raw === 'string' && (TEAM_ROLES as readonly string[]).includes(raw);
}

export interface NewAccountInput {
  email: unknown;
  name: unknown;
  password: unknown;
  /** admin, member, viewer, or "client" with clientId. */
  role: unknown;
  clientId?: unknown;
}

export interface CheckedNewAccount {
  email: string;
  name: string;
  password: string;
  access: AccountAccess;
}

/**
 * Checks every field of a new account. `knownClient` says whether a client id exists; a client
 * user must name one.
 */
export function checkNewAccount(
  input: NewAccountInput,
  knownClient: (clientId: string) => boolean,
): { ok: true; account: CheckedNewAccount } | { ok: false; problems: AccountProblem[] } {
  const problems: AccountProblem[] = [];
  const push = (p: AccountProblem | undefined) => {
    if (p !== undefined) problems.push(p);
  };
  push(emailProblem(input.email));
  push(nameProblem(input.name));
  push(passwordProblem(input.password));
  let access: AccountAccess | undefined;
  if (isTeamRole(input.role)) {
    access = { kind: 'team', role: input.role };
    if (input.clientId !== undefined && input.clientId !== '') {
      push({
        field: 'clientId',
        value: input.clientId,
        expected: 'no client id: team users see every client (use role "client" for a client user)',
      });
    }
  } else if (input.role === 'client') {
    const clientId = input.clientId;
    if (typeof clientId !== 'string' || clientId.length === 0) {
      push({
        field: 'clientId',
        value: clientId,
        expected: 'the id of the client this user is of',
      });
    } else if (!knownClient(clientId)) {
      push({ field: 'clientId', value: clientId, expected: 'the id of a defined client' });
    } else {
      access = { kind: 'client', clientId };
    }
  } else {
    push({
      field: 'role',
      value: input.role,
      expected: `one of ${[...TEAM_ROLES, 'client'].join(', ')}`,
    });
  }
  if (problems.length > 0 || access === undefined) return { ok: false, problems };
  return {
    ok: true,
    account: {
      email: normalizeEmail(input.email as string),
      name: (input.name as string).trim(),
      password: input.password as string,
      access,
    },
  };
}

/** What a stored account shows to others: never the password hash. */
export function publicAccount(user: StoredUser): Account {
  const { passwordHash: _hidden, ...account } = user;
  return account;
}
