// The Alertmanager receiver with the real Alertmanager (Debian's `prometheus-alertmanager`) in
// front of a real Forewarn instance on loopback: an alert posted to Alertmanager reaches
// Forewarn through a webhook receiver configured as docs/alertmanager.md shows (admin token from
// a credentials file, send_resolved), opens a breach, and its resolution closes it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Secret } from '../../src/config/secret.js';
import { startForewarn, type RunningForewarn } from '../../src/main.js';
import {
  ALERTMANAGER_BIN,
  canRun,
  startAlertmanager,
  type RunningProcess,
} from '../../src/sources/prometheus/test-support/prometheus-processes.js';
import { someDefinitions } from '../support/builders.js';
import { silentLogger } from '../support/harness.js';
import { until } from '../support/until.js';

const runs = canRun(ALERTMANAGER_BIN, 'the Alertmanager integration test');

const ADMIN_TOKEN = 'alertmanager-test-admin-token-0123456789';
const OBJECTIVE = 'acme-submissions/latency';

interface HistoryEntry {
  objectiveKey: string;
  from: string;
  to: string;
  reason: { kind: string };
}

describe.skipIf(!runs)('alerts from the real Alertmanager', () => {
  let forewarn: RunningForewarn;
  let alertmanager: RunningProcess;
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const labels = {
    alertname: 'SubmissionsSlow',
    severity: 'page',
    forewarn_objective: OBJECTIVE,
  };

  const postAlert = async (endsAt?: string) => {
    const res = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels,
          annotations: { summary: 'p95 of submissions above 800 ms' },
          startsAt,
          ...(endsAt !== undefined ? { endsAt } : {}),
          generatorURL: 'http://prometheus.test/graph',
        },
      ]),
    });
    expect(res.status).toBe(200);
  };

  const history = async (): Promise<HistoryEntry[]> => {
    const res = await fetch(`${forewarn.url}/api/v1/slas/acme-submissions/history`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { transitions: HistoryEntry[] };
    return body.transitions.filter((t) => t.objectiveKey === OBJECTIVE);
  };

  beforeAll(async () => {
    forewarn = await startForewarn({
      databaseUrl: 'sqlite::memory:',
      config: { definitions: someDefinitions(), pushTokens: [] },
      host: '127.0.0.1',
      port: 0,
      adminToken: new Secret(ADMIN_TOKEN),
      env: {},
      logger: silentLogger,
    });
    alertmanager = await startAlertmanager(
      (dir) =>
        [
          'global:',
          '  resolve_timeout: 5s',
          'route:',
          '  receiver: forewarn',
          '  group_by: [alertname, forewarn_objective]',
          '  group_wait: 1s',
          '  group_interval: 1s',
          '  repeat_interval: 1h',
          'receivers:',
          '  - name: forewarn',
          '    webhook_configs:',
          `      - url: ${forewarn.url}/api/v1/alertmanager`,
          '        send_resolved: true',
          '        http_config:',
          '          authorization:',
          `            credentials_file: ${join(dir, 'forewarn-admin-token')}`,
        ].join('\n'),
      { 'forewarn-admin-token': ADMIN_TOKEN },
    );
  }, 60_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await forewarn?.close();
  });

  it('opens a breach in Forewarn when an alert for a mapped objective fires', async () => {
    expect(await history()).toEqual([]);
    await postAlert();
    const entries = await until('the breach', 20_000, async () => {
      const h = await history();
      return h.some((t) => t.to === 'breach') ? h : undefined;
    });
    expect(entries.map((t) => [t.from, t.to, t.reason.kind])).toEqual([
      ['ok', 'breach', 'external-alert'],
    ]);
    expect(forewarn.ctx.engine.runtime!.objectives.get(OBJECTIVE)!.state.status).toBe('breach');
  }, 30_000);

  it('closes the breach when the alert is resolved', async () => {
    await postAlert(new Date().toISOString());
    const entries = await until('the recovery', 20_000, async () => {
      const h = await history();
      return h.some((t) => t.from === 'breach') ? h : undefined;
    });
    const closing = entries.find((t) => t.from === 'breach');
    expect(closing).toMatchObject({ to: 'recovered', reason: { kind: 'recovering' } });
    expect(forewarn.ctx.engine.runtime!.objectives.get(OBJECTIVE)!.state.status).toBe('recovered');
  }, 30_000);
});
