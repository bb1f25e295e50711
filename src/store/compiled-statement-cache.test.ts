import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { CompiledStatementCache, type RowStatement } from './compiled-statement-cache.js';
import { ingestStatements } from './ingest-statements.js';
import type { StoreDatabase } from './schema.js';

const compilers = {
  sqlite: new Kysely<StoreDatabase>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<StoreDatabase>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

type TokenRow = { client_id: string; token_hash: string };
const tokens = (
  db: Kysely<StoreDatabase>,
  order: 'as-bound' | 'swapped',
): RowStatement<TokenRow> => ({
  name: `tokens-${order}`,
  build: (rows) => db.insertInto('push_tokens').values([...rows]),
  parameters: (r) =>
    order === 'as-bound' ? [r.client_id, r.token_hash] : [r.token_hash, r.client_id],
  sample: (i) => ({ client_id: `c${i}`, token_hash: `h${i}` }),
});
const rows = (n: number, tag: string): TokenRow[] =>
  Array.from({ length: n }, (_, i) => ({
    client_id: `${tag}-client-${i}`,
    token_hash: `${tag}-hash-${i}`,
  }));

describe('CompiledStatementCache', () => {
  const db = compilers.sqlite;

  it("reuses a shape's compiled SQL, binding the new rows' parameters", () => {
    const cache = new CompiledStatementCache();
    const first = cache.compile(tokens(db, 'as-bound'), rows(2, 'a'));
    const second = cache.compile(tokens(db, 'as-bound'), rows(2, 'b'));

    expect(second.query).toBe(first.query);
    expect(second.sql).toBe(tokens(db, 'as-bound').build(rows(2, 'b')).compile().sql);
    expect(second.parameters).toEqual(['b-client-0', 'b-hash-0', 'b-client-1', 'b-hash-1']);
  });

  it('compiles each row count separately', () => {
    const cache = new CompiledStatementCache();
    const one = cache.compile(tokens(db, 'as-bound'), rows(1, 'a'));
    const three = cache.compile(tokens(db, 'as-bound'), rows(3, 'a'));

    expect(three.parameters).toHaveLength(6);
    expect(three.sql).not.toBe(one.sql);
  });

  it('compiles afresh every time when `parameters` disagrees with how the SQL binds', () => {
    const cache = new CompiledStatementCache();
    const first = cache.compile(tokens(db, 'swapped'), rows(1, 'a'));
    const second = cache.compile(tokens(db, 'swapped'), rows(1, 'b'));

    expect(second.query).not.toBe(first.query);
    expect(second.parameters).toEqual(['b-client-0', 'b-hash-0']);
  });

  it('does not keep statements of many rows', () => {
    const cache = new CompiledStatementCache();
    const first = cache.compile(tokens(db, 'as-bound'), rows(65, 'a'));
    const second = cache.compile(tokens(db, 'as-bound'), rows(65, 'b'));

    expect(second.query).not.toBe(first.query);
    expect(second.parameters[0]).toBe('b-client-0');
  });

  for (const [name, compiler] of Object.entries(compilers)) {
    it(`binds every ingest statement as declared on ${name}, so all of them are cached`, () => {
      const cache = new CompiledStatementCache();
      for (const statement of Object.values(
        ingestStatements(compiler),
      ) as RowStatement<unknown>[]) {
        const samples = [statement.sample(7), statement.sample(8)];
        const first = cache.compile(statement, samples);
        const again = cache.compile(statement, samples);
        expect(again.query, statement.name).toBe(first.query);
      }
    });
  }
});
