// Users, sessions and API tokens, shared by both databases. Changes that could leave no team
// admin first write the setup row, which serialises them (PostgreSQL row lock, SQLite write lock).

import type { Kysely, Transaction } from 'kysely';
import type { StoredUser, TeamRole } from '../domain/accounts/account.js';
import type { ApiTokenRecord, TokenScope } from '../domain/accounts/api-token.js';
import type { SessionRecord } from '../domain/accounts/session-lifetime.js';
import type { StoreDatabase } from './schema.js';

export interface AccountSetupTable {
  /** Always 1: the row exists once setup is closed. */
  id: number;
  done_at_ms: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  kind: string;
  role: string | null;
  client_id: string | null;
  password_hash: string;
  created_at_ms: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at_ms: number;
  last_seen_at_ms: number;
  expires_at_ms: number;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  scope: string;
  client_id: string | null;
  token_hash: string;
  hint: string;
  created_at_ms: number;
  created_by: string;
  revoked_at_ms: number | null;
}

export type AccountTables = {
  account_setup: AccountSetupTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
};

type Db = Kysely<StoreDatabase>;
type AccountDb = Kysely<AccountTables>;
type AccountTrx = Transaction<AccountTables>;

const accounts = (db: Db): AccountDb => db.withTables<AccountTables>() as unknown as AccountDb;

const inserted = (r: { numInsertedOrUpdatedRows?: bigint }) =>
  Number(r.numInsertedOrUpdatedRows ?? 0) > 0;

export async function isSetUp(db: Db): Promise<boolean> {
  const row = await accounts(db)
    .selectFrom('account_setup')
    .select('id')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

async function closeSetup(trx: AccountTrx, atMs: number): Promise<boolean> {
  const result = await trx
    .insertInto('account_setup')
    .values({ id: 1, done_at_ms: atMs })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return inserted(result);
}

export async function createFirstAdmin(db: Db, user: StoredUser, atMs: number): Promise<boolean> {
  return accounts(db)
    .transaction()
    .execute(async (trx) => {
      if (!(await closeSetup(trx, atMs))) return false;
      // Setup was open, but a user may exist from before setup rows (never in practice): refuse.
      const any = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (any !== undefined) return false;
      await trx.insertInto('users').values(userRow(user)).execute();
      return true;
    });
}

export async function insertUser(db: Db, user: StoredUser): Promise<boolean> {
  return accounts(db)
    .transaction()
    .execute(async (trx) => {
      await closeSetup(trx, user.createdAtMs);
      const result = await trx
        .insertInto('users')
        .values(userRow(user))
        .onConflict((oc) => oc.column('email').doNothing())
        .executeTakeFirst();
      return inserted(result);
    });
}

export async function getUser(db: Db, id: string): Promise<StoredUser | undefined> {
  const row = await accounts(db)
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function findUserByEmail(db: Db, email: string): Promise<StoredUser | undefined> {
  const row = await accounts(db)
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

export async function listUsers(db: Db): Promise<StoredUser[]> {
  const rows = await accounts(db)
    .selectFrom('users')
    .selectAll()
    .orderBy('created_at_ms')
    .orderBy('id')
    .execute();
  return rows.map(toUser);
}

/** Locks admin changes: every caller writes the setup row first. */
async function lockAdmins(trx: AccountTrx): Promise<void> {
  await trx
    .updateTable('account_setup')
    .set((eb) => ({ done_at_ms: eb.ref('done_at_ms') }))
    .where('id', '=', 1)
    .execute();
}

async function otherAdmins(trx: AccountTrx, id: string): Promise<number> {
  const row = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('kind', '=', 'team')
    .where('role', '=', 'admin')
    .where('id', '<>', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setUserRole(
  db: Db,
  id: string,
  role: TeamRole,
): Promise<'updated' | 'not-found' | 'last-admin'> {
  return accounts(db)
    .transaction()
    .execute(async (trx) => {
      await lockAdmins(trx);
      const user = await trx
        .selectFrom('users')
        .select(['kind', 'role'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (user === undefined || user.kind !== 'team') return 'not-found';
      if (user.role === 'admin' && role !== 'admin' && (await otherAdmins(trx, id)) === 0) {
        return 'last-admin';
      }
      await trx.updateTable('users').set({ role }).where('id', '=', id).execute();
      return 'updated';
    });
}

export async function deleteUser(
  db: Db,
  id: string,
): Promise<'deleted' | 'not-found' | 'last-admin'> {
  return accounts(db)
    .transaction()
    .execute(async (trx) => {
      await lockAdmins(trx);
      const user = await trx
        .selectFrom('users')
        .select(['kind', 'role'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (user === undefined) return 'not-found';
      if (user.kind === 'team' && user.role === 'admin' && (await otherAdmins(trx, id)) === 0) {
        return 'last-admin';
      }
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await trx.deleteFrom('users').where('id', '=', id).execute();
      return 'deleted';
    });
}

export async function setPasswordHash(
  db: Db,
  id: string,
  passwordHash: string,
  endSessions: boolean,
): Promise<boolean> {
  return accounts(db)
    .transaction()
    .execute(async (trx) => {
      const result = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (endSessions) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      return true;
    });
}

export async function createSession(db: Db, s: SessionRecord): Promise<void> {
  await accounts(db)
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      created_at_ms: s.createdAtMs,
      last_seen_at_ms: s.lastSeenAtMs,
      expires_at_ms: s.expiresAtMs,
    })
    .execute();
}

export async function findSession(
  db: Db,
  idHash: string,
): Promise<{ session: SessionRecord; user: StoredUser } | undefined> {
  const row = await accounts(db)
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.created_at_ms as session_created_at_ms',
      'sessions.last_seen_at_ms',
      'sessions.expires_at_ms',
      'users.id',
      'users.email',
      'users.name',
      'users.kind',
      'users.role',
      'users.client_id',
      'users.password_hash',
      'users.created_at_ms',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    session: {
      idHash: row.id_hash,
      userId: row.id,
      createdAtMs: row.session_created_at_ms,
      lastSeenAtMs: row.last_seen_at_ms,
      expiresAtMs: row.expires_at_ms,
    },
    user: toUser(row),
  };
}

export async function touchSession(db: Db, idHash: string, lastSeenAtMs: number): Promise<void> {
  await accounts(db)
    .updateTable('sessions')
    .set({ last_seen_at_ms: lastSeenAtMs })
    .where('id_hash', '=', idHash)
    .where('last_seen_at_ms', '<', lastSeenAtMs)
    .execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await accounts(db).deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function pruneSessions(db: Db, nowMs: number, idleBeforeMs: number): Promise<number> {
  const result = await accounts(db)
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([eb('expires_at_ms', '<=', nowMs), eb('last_seen_at_ms', '<=', idleBeforeMs)]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiToken(db: Db, t: ApiTokenRecord): Promise<void> {
  await accounts(db)
    .insertInto('api_tokens')
    .values({
      id: t.id,
      name: t.name,
      scope: t.scope,
      client_id: t.clientId,
      token_hash: t.tokenHash,
      hint: t.hint,
      created_at_ms: t.createdAtMs,
      created_by: t.createdBy,
      revoked_at_ms: t.revokedAtMs,
    })
    .execute();
}

export async function findApiToken(db: Db, tokenHash: string): Promise<ApiTokenRecord | undefined> {
  const row = await accounts(db)
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at_ms', 'is', null)
    .executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

export async function listApiTokens(db: Db): Promise<ApiTokenRecord[]> {
  const rows = await accounts(db)
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('created_at_ms', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toToken);
}

export async function revokeApiToken(
  db: Db,
  id: string,
  atMs: number,
): Promise<ApiTokenRecord | undefined> {
  return accounts(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at_ms: atMs })
        .where('id', '=', id)
        .where('revoked_at_ms', 'is', null)
        .execute();
      const row = await trx
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toToken(row);
    });
}

function userRow(u: StoredUser): UsersTable {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    kind: u.kind,
    role: u.kind === 'team' ? u.role : null,
    client_id: u.kind === 'client' ? u.clientId : null,
    password_hash: u.passwordHash,
    created_at_ms: u.createdAtMs,
  };
}

function toUser(r: UsersTable): StoredUser {
  const base = {
    id: r.id,
    email: r.email,
    name: r.name,
    createdAtMs: r.created_at_ms,
    passwordHash: r.password_hash,
  };
  if (r.kind === 'client') return { ...base, kind: 'client', clientId: r.client_id ?? '' };
  return { ...base, kind: 'team', role: (r.role ?? 'viewer') as TeamRole };
}

function toToken(r: ApiTokensTable): ApiTokenRecord {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope as TokenScope,
    clientId: r.client_id,
    tokenHash: r.token_hash,
    hint: r.hint,
    createdAtMs: r.created_at_ms,
    createdBy: r.created_by,
    revokedAtMs: r.revoked_at_ms,
  };
}
