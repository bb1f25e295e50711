// Every status-page and report route, for every viewer who may not see client acme: the answer is
// byte for byte the one for a client that does not exist, and nothing is written.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatusLink } from '../../app/status-page/status-links.js';
import type { Viewer } from '../viewer.js';
import { aClient } from '../../../test/support/builders.js';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../../test/support/protocol-builders.js';
import { as, clientViewer, statusApp } from './test-support/status-app.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;
let globexSecret: string;

beforeAll(async () => {
  const defs = protocolDefinitions();
  defs.clients.push(aClient({ id: 'globex', name: 'Globex' }));
  h = await startHarness(defs, { startMs: START });
  app = await statusApp(h.ctx, { publicUrl: 'https://status.example' });
  await driveLatency(h, START, 1000, 10);
  globexSecret = (await createStatusLink(h.ctx, 'globex', { by: 'test' })).secret;
  h.clock.set(Date.UTC(2026, 11, 2, 9, 0));
});
afterAll(async () => {
  await app.close();
  await h.close();
});

const routes: Array<{ method: 'GET' | 'POST'; path: (client: string) => string; form?: string }> = [
  { method: 'GET', path: (c) => `/status/${c}` },
  { method: 'GET', path: (c) => `/status/${c}/feed.xml` },
  { method: 'POST', path: (c) => `/status/${c}/subscribe`, form: 'email=x%40globex.example' },
  { method: 'GET', path: (c) => `/status/${c}/s/${globexSecret}` },
  { method: 'GET', path: (c) => `/status/${c}/s/${globexSecret}/feed.xml` },
  {
    method: 'POST',
    path: (c) => `/status/${c}/s/${globexSecret}/subscribe`,
    form: 'email=x%40globex.example',
  },
  { method: 'GET', path: (c) => `/reports/${c}/2026-11` },
  { method: 'GET', path: (c) => `/reports/${c}/2026-11.csv` },
  { method: 'GET', path: (c) => `/reports/${c}/2026-11.pdf` },
];

const outsiders: Array<[string, Viewer | null]> = [
  ['nobody signed in', null],
  ['a user of another client', clientViewer('globex')],
  ['another client’s status link', { kind: 'status-link', clientId: 'globex' }],
];

const call = (route: (typeof routes)[number], client: string, viewer: Viewer | null) =>
  app.inject({
    method: route.method,
    url: route.path(client),
    headers: {
      ...as(viewer),
      ...(route.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(route.form !== undefined ? { payload: route.form } : {}),
  });

describe('tenant isolation of status pages and reports', () => {
  for (const route of routes) {
    for (const [who, viewer] of outsiders) {
      it(`answers ${route.method} ${route.path('{client}')} for ${who} like a missing client, writing nothing`, async () => {
        const before = (await h.store.listNotifications({ limit: 1000 })).length;
        const missing = await call(route, 'nobody', viewer);
        const foreign = await call(route, 'acme', viewer);
        expect(foreign.statusCode).toBe(404);
        expect(foreign.statusCode).toBe(missing.statusCode);
        expect(foreign.body).toBe(missing.body);
        for (const header of ['content-type', 'cache-control', 'content-security-policy']) {
          expect(foreign.headers[header]).toBe(missing.headers[header]);
        }
        expect((await h.store.listNotifications({ limit: 1000 })).length).toBe(before);
        expect(await h.store.getFrozenReport('acme', '2026-11')).toBeUndefined();
        expect(await h.store.listStatusSubscribers('acme')).toEqual([]);
      });
    }
  }
});
