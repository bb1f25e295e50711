// Two clients, acme and globex, each with an SLA of two objectives, an incident, a watch, a
// credit, a status-page secret link, a frozen report, a client user and a push token; team users
// of every role; all on the real HTTP server over a SQLite file the test can dump.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_ACCOUNTS_TUNING } from '../../src/app/accounts/accounts-options.js';
import { createApiToken } from '../../src/app/accounts/manage-api-tokens.js';
import { createUser } from '../../src/app/accounts/manage-users.js';
import { csrfTokenFor, startSession } from '../../src/app/accounts/sessions.js';
import { ingestSamples } from '../../src/app/ingest-samples.js';
import { issueCredit } from '../../src/app/issue-credits.js';
import { createStatusLink } from '../../src/app/status-page/status-links.js';
import { Secret } from '../../src/config/secret.js';
import type { Definitions } from '../../src/domain/definitions.js';
import type { Incident, Watch } from '../../src/domain/protocol/case-files.js';
import { buildServer } from '../../src/http/build-server.js';
import { openForewarnStore } from '../../src/main.js';
import {
  aClient,
  aLatencySli,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../support/builders.js';
import { startHarness, type Harness, PUSH_TOKEN } from '../support/harness.js';

export const ADMIN_TOKEN = 'isolation-admin-token-0123456789abcdef';
export const GLOBEX_PUSH_TOKEN = 'globex-test-push-token-0002';
export const START_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
/** A closed month: credits and a frozen report exist for it. */
export const CLOSED_MONTH = '2026-10';
const PASSWORD = 'correct horse battery staple';
const SCRYPT = { N: 1024, r: 8, p: 1 };

export type ClientName = 'acme' | 'globex';

/** One client's objects, by the kind of id a route takes. */
export interface TenantObjects {
  client: string;
  sla: string;
  sli: string;
  incident: string;
  watch: string;
  notification: string;
  statusLinkId: string;
  statusSecret: string;
  clientUser: string;
  pushTokenId: string;
}

export interface Credentials {
  cookie?: string;
  csrf?: string;
  bearer?: string;
}

export interface TenantWorld {
  h: Harness;
  app: FastifyInstance;
  dbPath: string;
  objects: Record<ClientName, TenantObjects>;
  /** Session cookies and tokens by principal name. */
  credentials: Record<string, Credentials>;
  /** Every row of every table, sorted: two dumps are equal when nothing changed. */
  dump(): string;
  close(): Promise<void>;
}

function slaFor(client: ClientName, service: string, sli: string) {
  const slaId = client === 'acme' ? 'acme-submissions' : 'globex-orders';
  return anSla(
    [
      // p95 1000 ms crosses 800 ms: an incident.
      aThresholdObjective({ slaId, sliId: sli, key: `${slaId}/latency` }),
      // p50 ≈ 670 ms of that traffic is past 80 % of 800 ms without crossing it: a watch.
      aThresholdObjective({
        slaId,
        sliId: sli,
        localId: 'median',
        key: `${slaId}/median`,
        name: 'Median latency within 800 ms',
        statistic: 'p50',
      }),
    ],
    {
      id: slaId,
      clientId: client,
      serviceId: service,
      name: client === 'acme' ? 'Acme submissions' : 'Globex orders',
      contract: {
        ...anSla([]).contract,
        monthlyFee: { amount: 2000, currency: 'EUR' },
      },
    },
  );
}

export function tenantDefinitions(): Definitions {
  const mail = (address: string) => [{ endpointId: 'mail', address }];
  const roles = {
    'on-call': { personId: 'alice' },
    'product-owner': { personId: 'dana' },
    'tech-lead': { personId: 'erin' },
    communicator: { personId: 'frank' },
  } as const;
  return someDefinitions({
    clients: [
      aClient({ contacts: [{ name: 'Acme ops', contactPoints: mail('ops@acme.example') }] }),
      aClient({
        id: 'globex',
        name: 'Globex Corporation',
        contacts: [{ name: 'Globex ops', contactPoints: mail('ops@globex.example') }],
      }),
    ],
    services: [
      { id: 'submissions', name: 'Submissions API', roles },
      { id: 'orders', name: 'Globex orders API', roles },
    ],
    slis: [
      aLatencySli(),
      aLatencySli({ id: 'globex-latency', serviceId: 'orders', name: 'Globex order latency' }),
    ],
    people: ['alice', 'dana', 'erin', 'frank'].map((id) => ({
      id,
      name: id[0]!.toUpperCase() + id.slice(1),
      contactPoints: mail(`${id}@team.example`),
    })),
    endpoints: [
      {
        kind: 'email',
        id: 'mail',
        smtp: { host: 'smtp.example', port: 25, secure: false, from: 'forewarn@team.example' },
      },
    ],
    slas: [slaFor('acme', 'submissions', 'latency'), slaFor('globex', 'orders', 'globex-latency')],
  });
}

/** Latency for both clients every 10 s: p95 400 ms for two minutes, then 1000 ms. */
async function driveBoth(h: Harness, minutes: number): Promise<void> {
  for (let t = 0; t <= minutes * MINUTE_MS; t += 10_000) {
    h.clock.set(START_MS + t);
    const p95 = t < 2 * MINUTE_MS ? 400 : 1000;
    const values = Array.from({ length: 20 }, (_, i) => (p95 * (10 + i)) / 29);
    await ingestSamples(h.ctx, {
      clientId: 'acme',
      items: values.map((value) => ({ sli: 'latency', value })),
    });
    await ingestSamples(h.ctx, {
      clientId: 'globex',
      items: values.map((value) => ({ sli: 'globex-latency', value })),
    });
    await h.tick();
    await h.protocol();
  }
}

function dumpDatabase(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all();
      out[name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return JSON.stringify(out);
  } finally {
    db.close();
  }
}

export async function startTenantWorld(): Promise<TenantWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-isolation-'));
  const dbPath = join(dir, 'forewarn.db');
  const defs = tenantDefinitions();
  const store = await openForewarnStore(`sqlite:${dbPath}`);
  const h = await startHarness(defs, { startMs: START_MS, store });
  // The harness gives every client the same definitions push token; globex gets its own.
  const { applyDefinitions } = await import('../../src/app/apply-definitions.js');
  await applyDefinitions(h.ctx, defs, [
    { clientId: 'acme', token: new Secret(PUSH_TOKEN) },
    { clientId: 'globex', token: new Secret(GLOBEX_PUSH_TOKEN) },
  ]);
  await driveBoth(h, 10);

  const incidents = await h.store.listIncidents({ limit: 100 });
  const watches = await h.store.listWatches({ limit: 100 });
  const incidentOf = (client: string): Incident => {
    const found = incidents.find((i) => i.clients.some((c) => c.clientId === client));
    if (found === undefined) throw new Error(`no incident for ${client}`);
    return found;
  };
  const watchOf = (client: string): Watch => {
    const found = watches.find((w) => w.clientId === client && w.incidentId === undefined);
    if (found === undefined) throw new Error(`no open watch for ${client}`);
    return found;
  };
  const notifications = await h.store.listNotifications({ limit: 1000 });
  const notificationOf = (client: ClientName): string => {
    const slaId = client === 'acme' ? 'acme-submissions' : 'globex-orders';
    const found = notifications.find((n) => n.incidentKey.includes(slaId));
    if (found === undefined) throw new Error(`no notification for ${client}'s SLA`);
    return found.id;
  };

  const objects = {} as Record<ClientName, TenantObjects>;
  const credentials: Record<string, Credentials> = {};
  const tuning = { ...DEFAULT_ACCOUNTS_TUNING, scrypt: SCRYPT };
  const session = async (email: string): Promise<Credentials> => {
    const user = await h.store.findUserByEmail(email);
    if (user === undefined) throw new Error(`no user ${email}`);
    const { sessionId } = await startSession(h.ctx, tuning, user);
    return { cookie: `forewarn_session=${sessionId}`, csrf: csrfTokenFor(sessionId) };
  };

  for (const role of ['admin', 'member', 'viewer'] as const) {
    await createUser(
      h.ctx,
      { email: `${role}@team.example`, name: `Team ${role}`, password: PASSWORD, role },
      SCRYPT,
    );
    credentials[`team-${role}`] = await session(`${role}@team.example`);
  }
  for (const client of ['acme', 'globex'] as const) {
    const user = await createUser(
      h.ctx,
      {
        email: `carl@${client}.example`,
        name: `Carl of ${client}`,
        password: PASSWORD,
        role: 'client',
        clientId: client,
      },
      SCRYPT,
    );
    const push = await createApiToken(
      h.ctx,
      { name: `${client} collector`, scope: 'push', clientId: client },
      'setup',
    );
    const link = await createStatusLink(h.ctx, client, { label: `${client} board`, by: 'setup' });
    const slaId = client === 'acme' ? 'acme-submissions' : 'globex-orders';
    await issueCredit(h.ctx, slaId, CLOSED_MONTH);
    objects[client] = {
      client,
      sla: slaId,
      sli: client === 'acme' ? 'latency' : 'globex-latency',
      incident: incidentOf(client).id,
      watch: watchOf(client).id,
      notification: notificationOf(client),
      statusLinkId: link.link.id,
      statusSecret: link.secret,
      clientUser: user.id,
      pushTokenId: push.token.id,
    };
    if (client === 'acme') {
      credentials['client-user'] = await session(`carl@${client}.example`);
      credentials['push-api-token'] = { bearer: push.secret };
    }
  }
  const read = await createApiToken(h.ctx, { name: 'reader', scope: 'read' }, 'setup');
  credentials['read-token'] = { bearer: read.secret };
  credentials['definitions-push-token'] = { bearer: PUSH_TOKEN };
  credentials['admin-token'] = { bearer: ADMIN_TOKEN };
  credentials['nobody'] = {};
  credentials['status-link'] = {};

  const app = await buildServer(h.ctx, {
    adminToken: new Secret(ADMIN_TOKEN),
    env: {},
    secureCookies: false,
    accountsTuning: { scrypt: SCRYPT },
  });
  await app.ready();
  // Each client's closed-month report, frozen as the team opens it.
  for (const client of ['acme', 'globex']) {
    const res = await app.inject({
      method: 'GET',
      url: `/reports/${client}/${CLOSED_MONTH}`,
      headers: { cookie: credentials['team-admin']!.cookie! },
    });
    if (res.statusCode !== 200) throw new Error(`report for ${client}: ${res.statusCode}`);
  }

  return {
    h,
    app,
    dbPath,
    objects,
    credentials,
    dump: () => dumpDatabase(dbPath),
    async close() {
      await app.close();
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
