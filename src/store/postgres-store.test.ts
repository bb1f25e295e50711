// Runs the contract on PostgreSQL when one is reachable; in CI an unreachable one fails.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { describeAccountContract } from './account-contract.js';
import { describeOutboxContract } from './outbox-contract.js';
import { describeProtocolContract } from './protocol-contract.js';
import { describeStatusReportContract } from './status-report-contract.js';
import { appendSketches, describeStoreContract } from './store-contract.js';

const BASE_URL =
  process.env.FOREWARN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const inCi = process.env.CI === 'true';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: BASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable();
if (unreachable !== undefined && !inCi) {
  console.warn(`Skipping the PostgreSQL store tests: ${BASE_URL} is unreachable (${unreachable}).`);
}

describe.skipIf(unreachable !== undefined && !inCi)('PostgreSQL store', () => {
  // Each store gets its own schema, so test files and parallel runs never share tables.
  const prefix = `forewarn_test_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  let admin: pg.Client;

  beforeAll(async () => {
    if (unreachable !== undefined) {
      throw new Error(`PostgreSQL at ${BASE_URL} is unreachable in CI: ${unreachable}`);
    }
    admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    if (admin === undefined) return;
    for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  const openFresh = async () => {
    const schema = `${prefix}_${schemas.length}`;
    schemas.push(schema);
    await admin.query(`create schema ${schema}`);
    const url = withSearchPath(schema);
    return openStore(url, { mergeSketch: appendSketches });
  };

  describeStoreContract('PostgreSQL', openFresh);
  describeOutboxContract('PostgreSQL', openFresh);
  describeProtocolContract('PostgreSQL', openFresh);
  describeAccountContract('PostgreSQL', openFresh);
  describeStatusReportContract('PostgreSQL', openFresh);

  it('keeps its tables in the schema the URL names', async () => {
    const store = await openFresh();
    await store.migrate();
    await store.close();
    const schema = schemas.at(-1);
    const { rows } = await admin.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by 1',
      [schema],
    );
    expect(rows.map((r) => r.table_name)).toContain('ingest_log');
    expect(rows.map((r) => r.table_name)).toContain('kysely_migration');
  });

  it('refuses a search_path whose schema does not exist', async () => {
    const url = withSearchPath(`${prefix}_missing`);
    await expect(openStore(url, { mergeSketch: appendSketches })).rejects.toThrow(/no schema/);
  });
});

function withSearchPath(schema: string): string {
  const url = new URL(BASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
