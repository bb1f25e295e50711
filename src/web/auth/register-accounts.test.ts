// The accounts layer through HTTP on the real server: setup, sign-in, cookies, CSRF, the viewer
// each credential gives, and what each token scope may do.

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { someDefinitions } from '../../../test/support/builders.js';
import { PUSH_TOKEN, startHarness, type Harness } from '../../../test/support/harness.js';
import { hashToken } from '../../app/apply-definitions.js';
import { createApiToken } from '../../app/accounts/manage-api-tokens.js';
import { createUser } from '../../app/accounts/manage-users.js';
import { Secret } from '../../config/secret.js';
import { buildServer } from '../../http/build-server.js';
import { canSeeClient } from '../access.js';

const ADMIN = 'accounts-admin-token-0123456789';
const PASSWORD = 'correct horse battery';
const scrypt = { N: 1024, r: 8, p: 1 };

let h: Harness;
let app: FastifyInstance;

async function serve(secureCookies?: boolean) {
  app = await buildServer(h.ctx, {
    adminToken: new Secret(ADMIN),
    env: {},
    accountsTuning: { scrypt },
    ...(secureCookies !== undefined ? { secureCookies } : {}),
  });
  // What a client status page does with the viewer the accounts layer decided.
  app.get<{ Params: { id: string } }>('/test/clients/:id', async (request, reply) =>
    canSeeClient(request.viewer, request.params.id)
      ? { client: request.params.id }
      : reply.status(404).send({ error: { code: 'E_CLIENT_NOT_FOUND' } }),
  );
  app.get('/test/viewer', async (request) => ({ viewer: request.viewer }));
}

beforeEach(async () => {
  h = await startHarness(
    someDefinitions({
      clients: [
        { id: 'acme', name: 'Acme', timeZone: 'UTC', contacts: [] },
        { id: 'globex', name: 'Globex', timeZone: 'UTC', contacts: [] },
      ],
    }),
  );
  await serve();
});
afterEach(async () => {
  await app.close();
  await h.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function cookiesOf(res: LightMyRequestResponse): Map<string, { value: string; raw: string }> {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return new Map(
    list.map((c) => {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      return [pair!.slice(0, eq), { value: pair!.slice(eq + 1), raw: c }];
    }),
  );
}

/** GET the form, then POST it with its double-submit token, like a browser. */
async function postForm(path: '/login' | '/setup', fields: Record<string, string>) {
  const page = await app.inject({ method: 'GET', url: path });
  const token = cookiesOf(page).get('forewarn_form_csrf')!.value;
  return app.inject({
    method: 'POST',
    url: path,
    headers: { ...FORM, cookie: `forewarn_form_csrf=${token}` },
    payload: form({ ...fields, _csrf: token }),
  });
}

async function setUp() {
  return postForm('/setup', {
    name: 'Erin',
    email: 'erin@example.com',
    password: PASSWORD,
    passwordAgain: PASSWORD,
  });
}

/** Signs in and returns the session cookie header and the session's CSRF token. */
async function signIn(email: string, password = PASSWORD) {
  const res = await postForm('/login', { email, password });
  expect(res.statusCode, res.body).toBe(303);
  const cookie = `forewarn_session=${cookiesOf(res).get('forewarn_session')!.value}`;
  const who = await app.inject({ method: 'GET', url: '/test/viewer', headers: { cookie } });
  return { cookie, csrf: who.json().viewer.csrfToken as string };
}

const aClientUser = (clientId = 'acme') =>
  createUser(
    h.ctx,
    {
      email: `carl@${clientId}.example`,
      name: 'Carl',
      password: PASSWORD,
      role: 'client',
      clientId,
    },
    scrypt,
  );

describe('first-run setup', () => {
  it('shows the setup form while nobody exists, and sends /login there', async () => {
    const page = await app.inject({ method: 'GET', url: '/setup' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post" action="/setup">');
    expect(page.body).not.toContain('<script');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const login = await app.inject({ method: 'GET', url: '/login' });
    expect([login.statusCode, login.headers.location]).toEqual([303, '/setup']);
  });

  it('creates the admin, signs them in, and is gone for good afterwards', async () => {
    const res = await setUp();
    expect([res.statusCode, res.headers.location]).toEqual([303, '/']);
    const cookie = `forewarn_session=${cookiesOf(res).get('forewarn_session')!.value}`;
    const who = await app.inject({ method: 'GET', url: '/test/viewer', headers: { cookie } });
    expect(who.json().viewer).toMatchObject({ kind: 'team', name: 'Erin', role: 'admin' });

    expect((await app.inject({ method: 'GET', url: '/setup' })).statusCode).toBe(404);
    const again = await app.inject({
      method: 'POST',
      url: '/setup',
      headers: FORM,
      payload: form({
        name: 'M',
        email: 'm@example.com',
        password: PASSWORD,
        passwordAgain: PASSWORD,
      }),
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
  });

  it('lets one of two setups sent at once win', async () => {
    const page = await app.inject({ method: 'GET', url: '/setup' });
    const token = cookiesOf(page).get('forewarn_form_csrf')!.value;
    const send = (email: string) =>
      app.inject({
        method: 'POST',
        url: '/setup',
        headers: { ...FORM, cookie: `forewarn_form_csrf=${token}` },
        payload: form({
          _csrf: token,
          name: 'X',
          email,
          password: PASSWORD,
          passwordAgain: PASSWORD,
        }),
      });
    const answers = await Promise.all([send('a@example.com'), send('b@example.com')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 404]);
    expect(await h.store.listUsers()).toHaveLength(1);
  });

  it('shows each field error beside its field and keeps what was typed, escaped', async () => {
    const res = await postForm('/setup', {
      name: '<script>alert(1)</script>',
      email: 'not-an-address"><b>',
      password: 'short',
      passwordAgain: 'shorter',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="email-error"');
    expect(res.body).toContain('Expected a password of 12 to 1024 characters.');
    expect(res.body).toContain('id="passwordAgain-error"');
    expect(res.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(res.body).toContain('value="not-an-address&quot;&gt;&lt;b&gt;"');
    expect(res.body).not.toContain('<script>');
  });

  it('refuses a setup form posted without its form token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/setup',
      headers: FORM,
      payload: form({
        name: 'E',
        email: 'e@example.com',
        password: PASSWORD,
        passwordAgain: PASSWORD,
      }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This setup form has expired');
    expect(await h.store.isSetUp()).toBe(false);
  });
});

describe('sign-in', () => {
  beforeEach(async () => {
    await setUp();
  });

  it('sets an HttpOnly, SameSite=Lax, Secure session cookie for the whole site', async () => {
    const res = await postForm('/login', { email: 'erin@example.com', password: PASSWORD });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/']);
    const session = cookiesOf(res).get('forewarn_session')!;
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.raw.split('; ').slice(1).sort()).toEqual(
      ['HttpOnly', 'Max-Age=604800', 'Path=/', 'SameSite=Lax', 'Secure'].sort(),
    );
  });

  it('leaves Secure off when the option is off (plain http on loopback)', async () => {
    await app.close();
    await serve(false);
    const res = await postForm('/login', { email: 'erin@example.com', password: PASSWORD });
    expect(cookiesOf(res).get('forewarn_session')!.raw).not.toContain('Secure');
  });

  it('goes back to the page asked for, but never to another site', async () => {
    const page = await app.inject({ method: 'GET', url: '/login?next=/slas/acme' });
    expect(page.body).toContain('name="next" value="/slas/acme"');
    const token = cookiesOf(page).get('forewarn_form_csrf')!.value;
    const post = (next: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { ...FORM, cookie: `forewarn_form_csrf=${token}` },
        payload: form({ _csrf: token, email: 'erin@example.com', password: PASSWORD, next }),
      });
    expect((await post('/slas/acme')).headers.location).toBe('/slas/acme');
    for (const evil of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      '/ok\r\nx: y',
    ]) {
      expect((await post(evil)).headers.location).toBe('/');
    }
  });

  it('answers a wrong password with 401 and a message, keeping the address', async () => {
    const res = await postForm('/login', {
      email: 'erin@example.com',
      password: 'wrong password!',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The e-mail address or the password is wrong.');
    expect(res.body).toContain('value="erin@example.com"');
    expect(cookiesOf(res).has('forewarn_session')).toBe(false);
  });

  it('answers the sixth failure in 15 minutes with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await postForm('/login', { email: 'erin@example.com', password: 'nope nope nope' }))
          .statusCode,
      ).toBe(401);
    }
    const res = await postForm('/login', { email: 'erin@example.com', password: PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('900');
    expect(res.body).toContain(
      'Too many failed sign-ins for this account from your address. Try again in 15 minutes.',
    );
  });

  it('refuses a sign-in form posted from elsewhere (no form token)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: FORM,
      payload: form({ email: 'erin@example.com', password: PASSWORD }),
    });
    expect(res.statusCode).toBe(403);
    expect(cookiesOf(res).has('forewarn_session')).toBe(false);
  });

  it('an expired session cookie is nobody', async () => {
    const { cookie } = await signIn('erin@example.com');
    h.clock.advance(12 * 3_600_000);
    const who = await app.inject({ method: 'GET', url: '/test/viewer', headers: { cookie } });
    expect(who.json().viewer).toBeNull();
  });
});

describe('CSRF', () => {
  let session: { cookie: string; csrf: string };
  beforeEach(async () => {
    await setUp();
    session = await signIn('erin@example.com');
  });

  it('refuses a signed-in change without the token, with a clear error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: session.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'E_CSRF_TOKEN',
      message: 'This change needs the CSRF token of your session.',
    });
  });

  it('refuses a token of another session', async () => {
    await aClientUser();
    const other = await signIn('carl@acme.example');
    const res = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': other.csrf },
    });
    expect(res.statusCode).toBe(403);
  });

  it('accepts the token as form field _csrf, and signs out', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { ...FORM, cookie: session.cookie },
      payload: form({ _csrf: session.csrf }),
    });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/login?signed-out=1']);
    const login = await app.inject({ method: 'GET', url: '/login?signed-out=1' });
    expect(login.body).toContain('<p class="note" role="status">You are signed out.</p>');
    expect(cookiesOf(res).get('forewarn_session')!.raw).toContain('Max-Age=0');
    const who = await app.inject({
      method: 'GET',
      url: '/test/viewer',
      headers: { cookie: session.cookie },
    });
    expect(who.json().viewer).toBeNull();
  });

  it('accepts the token as header x-csrf-token on a JSON API change', async () => {
    const payload = { name: 'CI', scope: 'read' };
    const without = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    const withToken = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload,
    });
    expect(withToken.statusCode).toBe(201);
  });

  it('asks nothing of reads, nor of bearer-token requests', async () => {
    const read = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie: session.cookie },
    });
    expect(read.statusCode).toBe(200);
    const bearer = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${ADMIN}`, cookie: session.cookie },
      payload: { name: 'CI', scope: 'read' },
    });
    expect(bearer.statusCode).toBe(201);
  });
});

describe('changing your own password', () => {
  const NEW = 'a brand new passphrase';
  let session: { cookie: string; csrf: string };
  beforeEach(async () => {
    await setUp();
    session = await signIn('erin@example.com');
  });

  const change = (who: { cookie: string; csrf: string }, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { ...FORM, cookie: who.cookie },
      payload: form({ _csrf: who.csrf, ...fields }),
    });
  const viewerOf = async (cookie: string) =>
    (await app.inject({ method: 'GET', url: '/test/viewer', headers: { cookie } })).json().viewer;

  it('shows the form to a signed-in user and sends anyone else to sign in', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/account/password',
      headers: { cookie: session.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Signed in as erin@example.com.');
    expect(page.body).toContain(`name="_csrf" value="${session.csrf}"`);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const nobody = await app.inject({ method: 'GET', url: '/account/password' });
    expect([nobody.statusCode, nobody.headers.location]).toEqual([
      303,
      '/login?next=%2Faccount%2Fpassword',
    ]);
  });

  it('changes it with the current password, signs out every other session and keeps this one signed in', async () => {
    const elsewhere = await signIn('erin@example.com');
    const res = await change(session, {
      currentPassword: PASSWORD,
      newPassword: NEW,
      newPasswordAgain: NEW,
    });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/account/password?changed=1']);
    const cookie = `forewarn_session=${cookiesOf(res).get('forewarn_session')!.value}`;
    expect((await viewerOf(cookie))?.name).toBe('Erin');
    expect(await viewerOf(session.cookie)).toBeNull();
    expect(await viewerOf(elsewhere.cookie)).toBeNull();
    const done = await app.inject({
      method: 'GET',
      url: '/account/password?changed=1',
      headers: { cookie },
    });
    expect(done.body).toContain('Your password is changed.');
    expect(
      (await postForm('/login', { email: 'erin@example.com', password: PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await postForm('/login', { email: 'erin@example.com', password: NEW })).statusCode,
    ).toBe(303);
  });

  it('lets a client user change theirs too', async () => {
    await aClientUser('acme');
    const carl = await signIn('carl@acme.example');
    const res = await change(carl, {
      currentPassword: PASSWORD,
      newPassword: NEW,
      newPasswordAgain: NEW,
    });
    expect(res.statusCode).toBe(303);
    expect(
      (await postForm('/login', { email: 'carl@acme.example', password: NEW })).statusCode,
    ).toBe(303);
  });

  it('refuses a wrong current password by naming the field, and changes nothing', async () => {
    const res = await change(session, {
      currentPassword: 'not my password',
      newPassword: NEW,
      newPasswordAgain: NEW,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The password was not changed.');
    expect(res.body).toContain(
      '<p class="field-error" id="currentPassword-error">Expected your current password.</p>',
    );
    expect(res.body).not.toContain('not my password');
    expect(await viewerOf(session.cookie)).not.toBeNull();
    expect(
      (await postForm('/login', { email: 'erin@example.com', password: PASSWORD })).statusCode,
    ).toBe(303);
  });

  it('names a short new password and a repeat that differs beside their fields', async () => {
    const short = await change(session, {
      currentPassword: PASSWORD,
      newPassword: 'short',
      newPasswordAgain: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain(
      'id="newPassword-error">Expected a password of 12 to 1024 characters.',
    );
    const differs = await change(session, {
      currentPassword: PASSWORD,
      newPassword: NEW,
      newPasswordAgain: `${NEW}!`,
    });
    expect(differs.statusCode).toBe(400);
    expect(differs.body).toContain(
      'id="newPasswordAgain-error">Expected the same new password again.',
    );
  });

  it('throttles guesses at the current password like sign-ins', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await change(session, {
        currentPassword: `guess ${i}`,
        newPassword: NEW,
        newPasswordAgain: NEW,
      });
      expect(res.statusCode).toBe(400);
    }
    const sixth = await change(session, {
      currentPassword: PASSWORD,
      newPassword: NEW,
      newPasswordAgain: NEW,
    });
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('needs the session CSRF token, and a bearer token cannot use it', async () => {
    const noToken = await app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { ...FORM, cookie: session.cookie },
      payload: form({ currentPassword: PASSWORD, newPassword: NEW, newPasswordAgain: NEW }),
    });
    expect(noToken.statusCode).toBe(403);
    const bearer = await app.inject({
      method: 'POST',
      url: '/account/password',
      headers: { ...FORM, authorization: `Bearer ${ADMIN}` },
      payload: form({ currentPassword: PASSWORD, newPassword: NEW, newPasswordAgain: NEW }),
    });
    expect(bearer.statusCode).toBe(303);
    expect(bearer.headers.location).toBe('/login?next=%2Faccount%2Fpassword');
    expect(
      (await postForm('/login', { email: 'erin@example.com', password: PASSWORD })).statusCode,
    ).toBe(303);
  });
});

describe('client users', () => {
  beforeEach(async () => {
    await setUp();
  });

  it('see their own client and no other, which answers like a missing one', async () => {
    await aClientUser('acme');
    const { cookie } = await signIn('carl@acme.example');
    const own = await app.inject({ method: 'GET', url: '/test/clients/acme', headers: { cookie } });
    const other = await app.inject({
      method: 'GET',
      url: '/test/clients/globex',
      headers: { cookie },
    });
    const missing = await app.inject({
      method: 'GET',
      url: '/test/clients/nobody',
      headers: { cookie },
    });
    expect(own.statusCode).toBe(200);
    expect([other.statusCode, other.body]).toEqual([missing.statusCode, missing.body]);
  });

  it('land on their own status page after signing in, not on the team overview', async () => {
    await aClientUser('acme');
    const res = await postForm('/login', { email: 'carl@acme.example', password: PASSWORD });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/status/acme']);
    const asked = await postForm('/login', {
      email: 'carl@acme.example',
      password: PASSWORD,
      next: '/reports/acme/2026-10',
    });
    expect(asked.headers.location).toBe('/reports/acme/2026-10');
  });

  it('cannot use the management API, which is not split by client', async () => {
    await aClientUser('acme');
    const { cookie } = await signIn('carl@acme.example');
    const res = await app.inject({ method: 'GET', url: '/api/v1/slas', headers: { cookie } });
    expect(res.statusCode).toBe(403);
  });
});

describe('API tokens on the API', () => {
  const withToken = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const token = async (scope: 'push' | 'read' | 'admin') =>
    (
      await createApiToken(
        h.ctx,
        { name: scope, scope, ...(scope === 'push' ? { clientId: 'acme' } : {}) },
        'u_test',
      )
    ).secret;
  const sample = () => ({ sli: 'requests', ts: h.clock.nowMs(), good: 1, total: 1 });

  it('a push token pushes samples for its client and cannot read', async () => {
    const push = await token('push');
    expect((await withToken(push, 'POST', '/api/v1/samples', sample())).statusCode).toBe(200);
    const read = await withToken(push, 'GET', '/api/v1/slas');
    expect(read.statusCode).toBe(403);
    expect(read.json().error.message).toContain('A push token may only push samples');
  });

  it('a read token reads and cannot write', async () => {
    const read = await token('read');
    expect((await withToken(read, 'GET', '/api/v1/slas')).statusCode).toBe(200);
    const write = await withToken(read, 'POST', '/api/v1/tokens', { name: 'x', scope: 'admin' });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toBe('A read token may only read (GET); this is POST.');
    expect((await withToken(read, 'POST', '/api/v1/samples', sample())).statusCode).toBe(401);
  });

  it('an admin token does everything but push samples', async () => {
    const admin = await token('admin');
    expect((await withToken(admin, 'GET', '/api/v1/users')).statusCode).toBe(200);
    expect(
      (await withToken(admin, 'POST', '/api/v1/tokens', { name: 'x', scope: 'read' })).statusCode,
    ).toBe(201);
  });

  it('a revoked token is refused everywhere', async () => {
    const admin = await token('admin');
    const push = await token('push');
    await withToken(push, 'POST', '/api/v1/samples', sample());
    const list = (await withToken(ADMIN, 'GET', '/api/v1/tokens')).json().tokens as Array<{
      id: string;
    }>;
    for (const t of list)
      await app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${t.id}`,
        headers: { authorization: `Bearer ${ADMIN}` },
      });
    expect((await withToken(admin, 'GET', '/api/v1/slas')).statusCode).toBe(401);
    expect((await withToken(push, 'POST', '/api/v1/samples', sample())).statusCode).toBe(401);
  });

  it('leave the instance admin token and definition push tokens working as before', async () => {
    // The harness gives both clients the same push token (the last one keeps it): give it to acme.
    await h.store.setPushTokenHashes('acme', [hashToken(PUSH_TOKEN)]);
    expect((await withToken(ADMIN, 'GET', '/api/v1/slas')).statusCode).toBe(200);
    expect((await withToken(PUSH_TOKEN, 'POST', '/api/v1/samples', sample())).statusCode).toBe(200);
    const none = await app.inject({ method: 'GET', url: '/api/v1/slas' });
    expect(none.json().error).toMatchObject({
      code: 'E_UNAUTHENTICATED',
      message: 'Send the admin token as "Authorization: Bearer <token>".',
    });
    expect((await withToken('fw_not-a-token', 'GET', '/api/v1/slas')).statusCode).toBe(401);
  });
});

describe('the form body parser', () => {
  it('keeps a field named __proto__ a plain field', async () => {
    await setUp();
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: FORM,
      payload: '__proto__=x&constructor=y&email=a@b.c&password=p',
    });
    expect(res.statusCode).toBe(403);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
