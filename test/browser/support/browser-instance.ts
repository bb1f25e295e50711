// A real Forewarn for the browser: the harness's instance (real use cases, SQLite, a fake clock
// the test moves) behind the real HTTP server on a loopback port, cookies without Secure (plain
// http on loopback) and cheap password hashing so logins take milliseconds.

import type { FastifyInstance } from 'fastify';
import { Secret } from '../../../src/config/secret.js';
import type { Definitions } from '../../../src/domain/definitions.js';
import { buildServer } from '../../../src/http/build-server.js';
import { startHarness, type Harness } from '../../support/harness.js';

export const BROWSER_ADMIN_TOKEN = 'browser-test-admin-token-0123456789';

export interface BrowserInstance {
  h: Harness;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startBrowserInstance(
  defs: Definitions,
  options: { startMs?: number } = {},
): Promise<BrowserInstance> {
  const h = await startHarness(
    defs,
    options.startMs === undefined ? {} : { startMs: options.startMs },
  );
  const app = await buildServer(h.ctx, {
    adminToken: new Secret(BROWSER_ADMIN_TOKEN),
    env: {},
    secureCookies: false,
    accountsTuning: { scrypt: { N: 1024, r: 8, p: 1 } },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    h,
    app,
    url,
    async close() {
      await app.close();
      await h.close();
    },
  };
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: 'admin' | 'member' | 'viewer' | 'client';
  clientId?: string;
}

/** Creates a user through the users API with the instance admin token, as an operator would. */
export async function createUserByApi(instance: BrowserInstance, user: NewUser): Promise<void> {
  const res = await fetch(`${instance.url}/api/v1/users`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${BROWSER_ADMIN_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(user),
  });
  if (res.status !== 201) {
    throw new Error(`creating user ${user.email} answered ${res.status}: ${await res.text()}`);
  }
}

/** POSTs a JSON body to the API with the instance admin token and returns the parsed answer. */
export async function postAsAdmin(
  instance: BrowserInstance,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${instance.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${BROWSER_ADMIN_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}
