import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDefinitions } from '../../app/apply-definitions.js';
import { Secret } from '../../config/secret.js';
import type { Definitions } from '../../domain/definitions.js';
import { aClient } from '../../../test/support/builders.js';
import { PUSH_TOKEN, startHarness, type Harness } from '../../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../../test/support/protocol-builders.js';
import { STRICT_CSP } from '../status/page-headers.js';
import { chromiumMissing } from '../status/test-support/chromium-xml.js';
import { as, clientViewer, statusApp, teamViewer } from '../status/test-support/status-app.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
/** December 2nd: November is closed and settled. */
const IN_DECEMBER = Date.UTC(2026, 11, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;

function definitions(): Definitions {
  const defs = protocolDefinitions();
  defs.clients.push(aClient({ id: 'globex', name: 'Globex' }));
  defs.slas[0]!.contract.exclusions = [
    { name: 'November upgrade', startsAt: '2026-11-10T01:00:00Z', endsAt: '2026-11-10T03:00:00Z' },
  ];
  return defs;
}

const get = (url: string, headers: Record<string, string> = as(teamViewer)) =>
  app.inject({ method: 'GET', url, headers });

async function reapply(defs: Definitions) {
  await applyDefinitions(
    h.ctx,
    defs,
    defs.clients.map((c) => ({ clientId: c.id, token: new Secret(PUSH_TOKEN) })),
  );
}

beforeEach(async () => {
  h = await startHarness(definitions(), { startMs: START });
  app = await statusApp(h.ctx);
  await driveLatency(h, START, 1000, 10);
});
afterEach(async () => {
  await app.close();
  await h.close();
});

describe('the monthly report', () => {
  it('shows attainment with its calculation, the exclusions, the incident with its notices and the credit', async () => {
    h.clock.set(IN_DECEMBER);
    const res = await get('/reports/acme/2026-11');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(STRICT_CSP);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).toContain('eligible minutes');
    expect(res.body).toContain('November upgrade');
    expect(res.body).toContain('120 in maintenance windows');
    expect(res.body).toContain('We are seeing');
    expect(res.body).toContain('Credit due');
    expect(res.body).toContain('as written to the credit ledger');
    const [credit] = await h.store.listCredits({ clientId: 'acme', limit: 10 });
    expect(credit?.period).toBe('2026-11');
  });

  it('is frozen once the month is closed: a definition change afterwards gives the same bytes', async () => {
    h.clock.set(IN_DECEMBER);
    const first = await get('/reports/acme/2026-11');
    const firstCsv = await get('/reports/acme/2026-11.csv');
    expect(first.headers['x-report-frozen']).toBe('true');

    const changed = definitions();
    changed.slas[0]!.name = 'Renamed SLA';
    changed.slas[0]!.contract.creditTiers = [{ belowPercent: 100, creditPercent: 100 }];
    changed.slas[0]!.contract.exclusions = [];
    changed.clients[0]!.name = 'Acme Renamed';
    await reapply(changed);
    h.clock.set(IN_DECEMBER + 86_400_000);

    const again = await get('/reports/acme/2026-11');
    expect(again.body).toBe(first.body);
    expect((await get('/reports/acme/2026-11.csv')).body).toBe(firstCsv.body);
    expect(again.body).not.toContain('Renamed');
  });

  it('is live, not frozen, while the month is open', async () => {
    const res = await get('/reports/acme/2026-11');
    expect(res.headers['x-report-frozen']).toBe('false');
    expect(res.body).toContain('preview');
    expect(await h.store.getFrozenReport('acme', '2026-11')).toBeUndefined();
  });

  it('exports CSV with one row per objective and a total, hostile names disarmed', async () => {
    const defs = definitions();
    defs.slas[0]!.objectives[0]!.name = '=HYPERLINK("http://evil")';
    await reapply(defs);
    h.clock.set(IN_DECEMBER);
    const res = await get('/reports/acme/2026-11.csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^client,month,sla,objective,target_percent,attainment_percent/);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^acme,2026-11,acme-submissions,\(total\),/);
    expect(res.body).not.toMatch(/(^|,)=/m);
  });

  it('prints hostile names in the HTML as text', async () => {
    const defs = definitions();
    defs.slas[0]!.name = '<img src=x onerror=alert(1)>';
    defs.slas[0]!.contract.exclusions[0]!.name = '<script>alert(2)</script>';
    await reapply(defs);
    const res = await get('/reports/acme/2026-11');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('refuses a month that has not started and a malformed one, naming the field', async () => {
    const future = await get('/reports/acme/2027-01');
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('has not started');
    expect((await get('/reports/acme/2026-13')).statusCode).toBe(400);
    expect((await get('/reports/acme/november')).statusCode).toBe(400);
  });
});

describe('who may read a report', () => {
  it('lets the team and the client’s own users read it', async () => {
    expect((await get('/reports/acme/2026-11', as(teamViewer))).statusCode).toBe(200);
    expect((await get('/reports/acme/2026-11', as(clientViewer('acme')))).statusCode).toBe(200);
  });

  it('answers another client’s user, a status link, a stranger and a missing client alike', async () => {
    const missing = await get('/reports/nobody/2026-11');
    expect(missing.statusCode).toBe(404);
    for (const headers of [
      as(clientViewer('globex')),
      as({ kind: 'status-link', clientId: 'acme' }),
      as(null),
    ]) {
      const res = await get('/reports/acme/2026-11', headers);
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(missing.body);
    }
    for (const suffix of ['.csv', '.pdf']) {
      expect((await get(`/reports/acme/2026-11${suffix}`, as(clientViewer('globex')))).body).toBe(
        missing.body,
      );
    }
  });
});

describe.skipIf(chromiumMissing)('the PDF report', () => {
  it('is printed by Chromium from the same HTML', async () => {
    h.clock.set(IN_DECEMBER);
    const res = await get('/reports/acme/2026-11.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.length).toBeGreaterThan(5_000);
  }, 60_000);

  it('answers E_PDF_UNAVAILABLE when the configured Chromium does not exist', async () => {
    await app.close();
    app = await statusApp(h.ctx, { chromiumPath: '/nonexistent/chromium' });
    const res = await get('/reports/acme/2026-11.pdf');
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('could not be started');
    expect((await get('/reports/acme/2026-11')).statusCode).toBe(200);
  });
});
