// Tenant isolation (TARGETS S5), generated from the running server's routes: for every route ×
// object × principal, acme's principals asking for globex's object get exactly the answer a missing
// id gets (status, headers, body with the ids blanked), see no globex data, and change
// nothing in the store. The team sees both clients; a viewer changes nothing; a member does no
// admin things.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLE, type ObjectKind, type RouteSpec } from './route-table.js';
import { serverRoutes } from './server-routes.js';
import { startTenantWorld, type Credentials, type TenantWorld } from './tenant-fixture.js';

type Tenant = 'acme' | 'globex' | 'missing';

/** acme's side: what they ask for of globex must look missing. */
const ACME_PRINCIPALS = [
  'client-user',
  'status-link',
  'push-api-token',
  'definitions-push-token',
  'nobody',
] as const;
const TEAM_PRINCIPALS = ['team-viewer', 'team-member', 'team-admin', 'read-token', 'admin-token'];

interface Sent {
  method: string;
  url: string;
  /** The ids this request carries, blanked in its answer before comparing. */
  ids: string[];
  status: number;
  /** Response headers but the date and length. */
  headers: string;
  body: string;
}

let world: TenantWorld;
beforeAll(async () => {
  world = await startTenantWorld();
}, 120_000);
afterAll(async () => world?.close());

/** Same shape, other value: every letter and digit moved one place (prefixes before _ kept). */
function missingOf(id: string): string {
  const cut = id.indexOf('_') + 1;
  const shift = (c: string) => {
    if (/[0-8a-yA-Y]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
    return c === '9' ? '0' : c === 'z' ? 'a' : c === 'Z' ? 'A' : c;
  };
  return id.slice(0, cut) + [...id.slice(cut)].map(shift).join('');
}

function objectId(kind: ObjectKind, tenant: Tenant, principal: string): string {
  const acme = world.objects.acme;
  const key: Record<ObjectKind, keyof typeof acme> = {
    client: 'client',
    sla: 'sla',
    incident: 'incident',
    watch: 'watch',
    notification: 'notification',
    'status-link': 'statusLinkId',
    'status-secret': 'statusSecret',
    user: 'clientUser',
    'api-token': 'pushTokenId',
  };
  // A secret in the URL is the credential of the one who holds it: acme's link, or nobody's.
  if (kind === 'status-secret') {
    return principal === 'status-link' ? acme.statusSecret : missingOf(acme.statusSecret);
  }
  if (tenant === 'missing') return missingOf(world.objects.globex[key[kind]]);
  return world.objects[tenant][key[kind]];
}

function buildRequest(route: string, spec: RouteSpec, tenant: Tenant, principal: string) {
  const [method = 'GET', pattern = '/'] = route.split(' ');
  const ids: string[] = [];
  const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const param = spec.params?.[name];
    if (param === undefined) throw new Error(`${route}: parameter ${name} is not classified`);
    if (typeof param !== 'string') return param.fixed;
    const id = objectId(param, tenant, principal);
    ids.push(id);
    return encodeURIComponent(id);
  });
  const credentials: Credentials = world.credentials[principal] ?? {};
  const headers: Record<string, string> = {};
  if (credentials.cookie !== undefined) headers.cookie = credentials.cookie;
  if (credentials.csrf !== undefined) headers['x-csrf-token'] = credentials.csrf;
  if (credentials.bearer !== undefined) headers.authorization = `Bearer ${credentials.bearer}`;
  let payload: string | undefined;
  if (method !== 'GET' && method !== 'DELETE') {
    if (spec.bodySli === true) {
      const sli =
        tenant === 'missing' ? missingOf(world.objects.globex.sli) : world.objects[tenant].sli;
      ids.push(sli);
      payload = JSON.stringify({ samples: [{ sli, value: 100 }] });
      headers['content-type'] = 'application/json';
    } else if (pattern.startsWith('/api/')) {
      payload = '{}';
      headers['content-type'] = 'application/json';
    } else {
      payload = 'email=someone%40example.com&text=hello';
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
  }
  const url = spec.query === undefined ? path : `${path}?${spec.query}`;
  return { method, url, headers, payload, ids };
}

async function send(route: string, tenant: Tenant, principal: string): Promise<Sent> {
  const spec = ROUTE_TABLE[route]!;
  const req = buildRequest(route, spec, tenant, principal);
  const res = await world.app.inject({
    method: req.method as 'GET',
    url: req.url,
    headers: req.headers,
    ...(req.payload !== undefined ? { payload: req.payload } : {}),
  });
  return {
    method: req.method,
    url: req.url,
    ids: req.ids,
    status: res.statusCode,
    headers: JSON.stringify(
      Object.entries(res.headers)
        .filter(([name]) => name !== 'date' && name !== 'content-length')
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    body: res.body,
  };
}

function blank(sent: Sent, text = sent.body): string {
  let body = text;
  sent.ids.forEach((id, i) => {
    for (const form of new Set([id, encodeURIComponent(id), JSON.stringify(id).slice(1, -1)])) {
      body = body.split(form).join(`<id${i}>`);
    }
  });
  return body;
}

const objectRoutes = Object.entries(ROUTE_TABLE).filter(
  ([, spec]) =>
    spec.bodySli === true ||
    Object.values(spec.params ?? {}).some((p) => typeof p === 'string' && p !== 'status-secret'),
);
const plainRoutes = Object.entries(ROUTE_TABLE).filter(
  ([route]) => !objectRoutes.some(([r]) => r === route),
);

describe('tenant isolation', () => {
  it('classifies every route the running server answers, and lists no route it lacks', () => {
    const routes = serverRoutes(world.app);
    expect(routes.length).toBeGreaterThan(50);
    const unclassified = routes.filter((r) => ROUTE_TABLE[r] === undefined);
    const stale = Object.keys(ROUTE_TABLE).filter((r) => !routes.includes(r));
    expect(unclassified, 'routes the isolation table does not classify').toEqual([]);
    expect(stale, 'routes in the table the server no longer has').toEqual([]);
  });

  it('answers acme’s principals about globex’s objects exactly like about missing ones, shows them no globex data and changes nothing', async () => {
    let before = world.dump();
    const failures: string[] = [];
    let compared = 0;
    for (const [route] of objectRoutes) {
      for (const principal of ACME_PRINCIPALS) {
        const globex = await send(route, 'globex', principal);
        const missing = await send(route, 'missing', principal);
        compared++;
        const where = `${principal} ${globex.method} ${globex.url}`;
        if (globex.status !== missing.status) {
          failures.push(`${where}: ${globex.status}, a missing id ${missing.status}`);
        }
        const headers = [blank(globex, globex.headers), blank(missing, missing.headers)];
        if (headers[0] !== headers[1]) {
          failures.push(`${where}: headers ${headers[0]}, a missing id ${headers[1]}`);
        }
        if (blank(globex) !== blank(missing)) {
          failures.push(
            `${where}: body ${blank(globex).slice(0, 200)} ≠ ${blank(missing).slice(0, 200)}`,
          );
        }
        if (/globex/i.test(blank(globex) + blank(globex, globex.headers))) {
          failures.push(`${where}: globex data in the answer`);
        }
        // A page sends nobody to the sign-in form (the same for a missing id, compared above).
        const toSignIn = globex.status === 303 && globex.headers.includes('"/login?next=');
        if (globex.status < 400 && !toSignIn) failures.push(`${where}: answered ${globex.status}`);
        const after = world.dump();
        if (after !== before) failures.push(`${where}: changed the store`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
    expect(compared).toBe(objectRoutes.length * ACME_PRINCIPALS.length);
  }, 180_000);

  it('shows acme’s principals no globex data anywhere else, and their refused changes change nothing', async () => {
    const start = world.dump();
    let before = start;
    const failures: string[] = [];
    for (const [route, spec] of plainRoutes) {
      for (const principal of ACME_PRINCIPALS) {
        // Sign-in steps act on the caller's own session; only the anonymous caller tries them.
        if (spec.changes === 'anyone' && principal !== 'nobody') continue;
        const sent = await send(route, 'acme', principal);
        const where = `${principal} ${sent.method} ${sent.url}`;
        if (/globex/i.test(blank(sent))) failures.push(`${where}: globex data in the answer`);
        const after = world.dump();
        if (after !== before) failures.push(`${where}: changed the store`);
        before = after;
      }
    }
    // acme's own objects too: what acme may read must not mention globex.
    for (const [route, spec] of objectRoutes) {
      if (spec.changes !== undefined) continue;
      for (const principal of ACME_PRINCIPALS) {
        const sent = await send(route, 'acme', principal);
        if (/globex/i.test(blank(sent))) {
          failures.push(`${principal} ${sent.method} ${sent.url}: globex data in acme's answer`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(world.dump()).toBe(start);
  }, 180_000);

  it('lets the acme client user and acme’s link read acme’s status page, and nobody else', async () => {
    const page = (principal: string, tenant: Tenant) =>
      send('GET /status/:clientId', tenant, principal);
    expect((await page('client-user', 'acme')).status).toBe(200);
    expect((await send('GET /status/:clientId/s/:secret', 'acme', 'status-link')).status).toBe(200);
    expect((await send('GET /reports/:clientId/:month', 'acme', 'client-user')).status).toBe(200);
    for (const principal of ['nobody', 'push-api-token', 'definitions-push-token']) {
      expect((await page(principal, 'acme')).status, principal).toBe(404);
    }
  });

  it('shows the team both clients: every read answers for globex’s object as for acme’s', async () => {
    const failures: string[] = [];
    for (const [route, spec] of objectRoutes) {
      if (spec.changes !== undefined || spec.stream === true) continue;
      for (const principal of TEAM_PRINCIPALS) {
        const acme = await send(route, 'acme', principal);
        const globex = await send(route, 'globex', principal);
        if (acme.status !== globex.status) {
          failures.push(`${principal} ${globex.url}: ${globex.status}, acme's ${acme.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const status = await send('GET /status/:clientId', 'globex', 'team-viewer');
    expect(status.status).toBe(200);
    expect(status.body).toContain('Globex Corporation');
    const sla = await send('GET /slas/:id', 'globex', 'team-viewer');
    expect(sla.status).toBe(200);
    expect(sla.body).toContain('Globex orders');
  }, 120_000);

  it('refuses every change to a team viewer and a read token, and every admin change to a member (403), changing nothing', async () => {
    let before = world.dump();
    const failures: string[] = [];
    for (const [route, spec] of Object.entries(ROUTE_TABLE)) {
      if (spec.changes !== 'member' && spec.changes !== 'admin') continue;
      const refused = [
        'team-viewer',
        'read-token',
        ...(spec.changes === 'admin' ? ['team-member'] : []),
      ];
      for (const principal of refused) {
        for (const tenant of ['acme', 'globex'] as const) {
          const sent = await send(route, tenant, principal);
          const where = `${principal} ${sent.method} ${sent.url}`;
          if (sent.status !== 403) failures.push(`${where}: ${sent.status}, not 403`);
          const after = world.dump();
          if (after !== before) failures.push(`${where}: changed the store`);
          before = after;
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers another client’s link or secret under a client’s own path like a missing one', async () => {
    const { acme, globex } = world.objects;
    const before = world.dump();
    const admin = { authorization: `Bearer ${world.credentials['admin-token']!.bearer}` };
    const revoke = (linkId: string) =>
      world.app.inject({
        method: 'DELETE',
        url: `/api/v1/clients/acme/status-links/${linkId}`,
        headers: admin,
      });
    const foreign = await revoke(globex.statusLinkId);
    const missing = await revoke(missingOf(globex.statusLinkId));
    expect(foreign.statusCode).toBe(missing.statusCode);
    expect(foreign.body.split(globex.statusLinkId).join('<id>')).toBe(
      missing.body.split(missingOf(globex.statusLinkId)).join('<id>'),
    );
    const open = (secret: string) =>
      world.app.inject({ method: 'GET', url: `/status/acme/s/${secret}` });
    const foreignPage = await open(globex.statusSecret);
    const missingPage = await open(missingOf(globex.statusSecret));
    expect(foreignPage.statusCode).toBe(404);
    expect(foreignPage.body).toBe(missingPage.body);
    expect(foreignPage.body).not.toMatch(/globex|acme/i);
    expect((await open(acme.statusSecret)).statusCode).toBe(200);
    expect(world.dump()).toBe(before);
  });
});
