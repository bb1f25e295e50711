// The static migration list: Kysely's Migrator runs these in name order. No filesystem scan,
// so a bundled or compiled build finds them all.

import type { Migration, MigrationProvider } from 'kysely';
import type { ColumnTypes } from '../store-dialect.js';
import { initialMigration } from './0001-initial.js';
import { outboxMigration } from './0002-outbox.js';
import { protocolMigration } from './0003-protocol.js';
import { accountsMigration } from './0004-accounts.js';
import { statusReportsMigration } from './0005-status-reports.js';

export function allMigrations(types: ColumnTypes): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(types),
    '0002-outbox': outboxMigration(types),
    '0003-protocol': protocolMigration(types),
    '0004-accounts': accountsMigration(types),
    '0005-status-reports': statusReportsMigration(types),
  };
}

export function staticMigrationProvider(types: ColumnTypes): MigrationProvider {
  return { getMigrations: () => Promise.resolve(allMigrations(types)) };
}
