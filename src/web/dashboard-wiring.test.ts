import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { protocolDefinitions } from '../../test/support/protocol-builders.js';
import { buildServer } from '../http/build-server.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('the dashboard in the whole server', () => {
  it('asks a visitor who is not signed in to sign in, with the strict CSP, and leaves the API alone', async () => {
    h = await startHarness(protocolDefinitions());
    const app = await buildServer(h.ctx, { adminToken: new Secret('wiring-admin-token'), env: {} });
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      expect([page.statusCode, page.headers.location]).toEqual([303, '/login?next=%2F']);
      const login = await app.inject({ method: 'GET', url: page.headers.location as string });
      expect(login.statusCode).toBe(303); // nobody has set up the instance yet
      expect(login.headers.location).toBe('/setup');
      const refused = await app.inject({ method: 'POST', url: '/incidents/x/ack' });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['content-type']).toMatch(/text\/html/);
      expect(refused.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      const api = await app.inject({
        method: 'GET',
        url: '/api/v1/slas',
        headers: { authorization: 'Bearer wiring-admin-token' },
      });
      expect(api.statusCode).toBe(200);
      expect(api.headers['content-security-policy']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
