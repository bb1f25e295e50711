import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.js';
import { describeAccountContract } from './account-contract.js';
import { describeOutboxContract } from './outbox-contract.js';
import { describeProtocolContract } from './protocol-contract.js';
import { describeStatusReportContract } from './status-report-contract.js';
import { appendSketches, describeStoreContract } from './store-contract.js';
import { Secret } from '../config/secret.js';
import { StoreError } from './store-error.js';

const dir = mkdtempSync(join(tmpdir(), 'forewarn-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newFileUrl = () => `sqlite:${join(dir, `db-${++files}`, 'forewarn.db')}`;
const options = { mergeSketch: appendSketches };

describeStoreContract('SQLite in memory', () => openStore('sqlite::memory:', options));
describeStoreContract('SQLite file', () => openStore(newFileUrl(), options));
describeOutboxContract('SQLite in memory', () => openStore('sqlite::memory:', options));
describeProtocolContract('SQLite file', () => openStore(newFileUrl(), options));
describeAccountContract('SQLite file', () => openStore(newFileUrl(), options));
describeStatusReportContract('SQLite file', () => openStore(newFileUrl(), options));

const aCommit = (key: string) => ({
  clientId: 'acme',
  idempotencyKey: key,
  receivedAtMs: 1_795_737_600_000,
  rollups: [
    {
      sliId: 'latency',
      minuteMs: 1_795_737_600_000,
      good: 9,
      total: 10,
      sketch: new Uint8Array([1]),
    },
  ],
  response: { accepted: 10 },
});

describe('SQLite durability', () => {
  it('keeps a resolved commit when the process dies before any checkpoint', async () => {
    const url = newFileUrl();
    const path = url.slice('sqlite:'.length);
    const store = await openStore(url, options);
    await store.migrate();
    await store.commitIngest(aCommit('k1'));

    // What a crash leaves on disk: the database file and its WAL, copied while still open,
    // so nothing was checkpointed or cleaned up by a close.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    const crashed = join(dir, 'crashed.db');
    copyFileSync(path, crashed);
    copyFileSync(`${path}-wal`, `${crashed}-wal`);
    await store.close();

    const reopened = await openStore(`sqlite:${crashed}`, options);
    await reopened.migrate();
    expect(await reopened.readRollups('latency', 0, Number.MAX_SAFE_INTEGER)).toEqual(
      aCommit('k1').rollups,
    );
    expect((await reopened.commitIngest(aCommit('k1'))).duplicate).toBe(true);
    await reopened.close();
  });

  it('keeps data across a close and reopen', async () => {
    const url = newFileUrl();
    const first = await openStore(url, options);
    await first.migrate();
    await first.commitIngest(aCommit('k1'));
    await first.close();

    const second = await openStore(url, options);
    await second.migrate();
    expect(await second.readIngestLog(0, 10)).toHaveLength(1);
    await second.close();
  });
});

describe('openStore on SQLite', () => {
  it('creates the folder of the database file', async () => {
    const url = newFileUrl();
    const store = await openStore(url, options);
    await store.migrate();
    await store.close();
    expect(existsSync(url.slice('sqlite:'.length))).toBe(true);
  });

  it('surfaces a database that cannot be migrated instead of starting without tables', async () => {
    const path = join(dir, 'not-a-database.db');
    writeFileSync(path, 'this is not an SQLite file, just text that is long enough to be read');
    const opened = openStore(`sqlite:${path}`, options).then(async (store) => {
      try {
        await store.migrate();
      } finally {
        await store.close();
      }
    });
    await expect(opened).rejects.toBeInstanceOf(StoreError);
    await expect(opened).rejects.toMatchObject({ code: 'SQLITE_NOTADB' });
  });

  it('refuses a URL of an unknown database, naming what it expected', async () => {
    await expect(openStore('mysql://root@localhost/db', options)).rejects.toThrow(
      /unsupported database URL "mysql:\/\/root@localhost\/db"; expected sqlite:PATH/,
    );
  });
});

describe('stored definitions', () => {
  it('keep endpoint secrets usable across a restart, and never print them', async () => {
    const url = newFileUrl();
    const store = await openStore(url, options);
    await store.migrate();
    const defs = {
      clients: [],
      services: [],
      slis: [],
      slas: [],
      people: [],
      rotations: [],
      endpoints: [
        {
          kind: 'slack' as const,
          id: 'team-slack',
          url: new Secret('https://hooks.example/T0/s3cr3t'),
        },
      ],
    };
    await store.saveDefinitions(defs, 1);
    await store.close();
    const reopened = await openStore(url, options);
    const loaded = await reopened.loadDefinitions();
    await reopened.close();
    const endpoint = loaded?.endpoints[0];
    expect(endpoint?.kind === 'slack' && endpoint.url.reveal()).toBe(
      'https://hooks.example/T0/s3cr3t',
    );
    expect(JSON.stringify(loaded)).not.toContain('s3cr3t');
  });
});
