import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getSlaStatus } from '../app/get-sla-status.js';
import { describeReason } from '../domain/describe-reason.js';
import type { ProtocolEvent } from '../app/events.js';
import type { Transition } from '../domain/objective-state.js';
import { CliError } from './cli-error.js';
import { startDemoReceiver } from './demo-receiver.js';
import { startDemoTraffic } from './demo-traffic.js';
import { exampleConfigPath } from './example-files.js';
import { serve } from './serve-command.js';

/** What the demo says about each protocol step it sees. */
const PROTOCOL_LINES: Record<string, string> = {
  'early-warning': 'watch opened — the product owner can send the client a heads-up',
  detected: 'incident opened — tech lead, product owner, communicator and on-call assigned',
  notice:
    'client notice recorded: the client heard it from us first; the next update (W) is now a promise',
  'became-incident': 'the watch became the incident, with its history',
};

export const DEMO_HELP = `forewarn demo [--port PORT] [--data DIR] [--until STATE]

  Starts Forewarn on SQLite with the demo definitions (examples/demo.yaml) and a simulated
  submissions API whose p95 latency creeps toward its 800 ms SLA threshold and crosses it:
  the early warning fires after about 50 s, the breach after about 80 s, and recovery
  follows the simulated rollback. Transitions and the notifications they send (to a local
  receiver standing in for the team's and the client's inboxes) print as they happen.

  --until STATE   exit once an objective reaches STATE (early-warning, breach, recovered, ok)`;

const DEMO_SLA = 'acme-demo';
const DEMO_TOKEN = 'acme-demo-push-token-0001';
const DEMO_HOOK_URL = 'http://127.0.0.1:9/forewarn-demo';
const DEMO_SIGNING_SECRET = 'whsec_Zm9yZXdhcm4tZGVtby1zaWduaW5nLWtleS0wMDAwMDAx';

export async function demo(args: string[], env: Record<string, string | undefined>): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      until: { type: 'string' },
    },
  });
  const until = values.until;
  if (until !== undefined && !['early-warning', 'breach', 'recovered', 'ok'].includes(until)) {
    throw new CliError(
      `--until: got "${until}", expected early-warning, breach, recovered or ok`,
      2,
    );
  }
  const dataDir = values.data ?? mkdtempSync(join(tmpdir(), 'forewarn-demo-'));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  const stamp = () => {
    const s = Math.floor((performance.now() - started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  // The demo's notifications go to a local receiver, standing in for Slack, mail and the client.
  const receiver = await startDemoReceiver(DEMO_SIGNING_SECRET, (n) => {
    const who = n.audience === 'client' ? 'CLIENT notice' : 'team notification';
    out(
      `${stamp()}    → ${who} (${n.type}, signature ${n.verified ? 'verified' : 'INVALID'}): ${n.subject}`,
    );
  });
  const configPath = join(dataDir, 'demo.yaml');
  writeFileSync(
    configPath,
    readFileSync(exampleConfigPath('demo.yaml'), 'utf8').replace(DEMO_HOOK_URL, receiver.url),
  );
  const running = await serve(
    {
      configPaths: [configPath],
      dataDir,
      databaseUrl: `sqlite:${join(dataDir, 'forewarn.db')}`,
      host: '127.0.0.1',
      port: Number(values.port ?? '8080'),
      quiet: true,
      outboundAllow: [`127.0.0.1:${receiver.port}`],
    },
    env,
  );
  out(`Forewarn demo running at ${running.url}  (data: ${dataDir})`);
  out(`  ${running.adminTokenNote}`);
  out(
    `  try: curl -H "Authorization: Bearer $(cat ${join(dataDir, 'admin-token')})" ${running.url}/api/v1/slas/${DEMO_SLA}`,
  );
  out(
    `  dashboard: ${running.url}/  (the first visit goes to ${running.url}/setup to create the admin)`,
  );
  out(`  Acme's status page: ${running.url}/status/acme  (private: sign in first)`);
  out('  A simulated submissions API now pushes latency samples; its p95 creeps toward 800 ms.');
  out('');

  const traffic = startDemoTraffic({
    baseUrl: running.url,
    pushToken: DEMO_TOKEN,
    latencySli: 'demo-latency',
    requestsSli: 'demo-requests',
    intervalMs: 250,
    onError: (err) => out(`push failed: ${(err as Error).message}`),
  });

  const done = new Promise<void>((resolve) => {
    running.ctx.events.on('transition', (t: Transition) => {
      out(`${stamp()}  ${t.objectiveKey}  ${t.from} → ${t.to}   ${describeReason(t.reason, 'ms')}`);
      if (t.to === until) resolve();
    });
    running.ctx.events.on('protocol', (e: ProtocolEvent) => {
      const said = PROTOCOL_LINES[e.kind];
      if (said !== undefined) out(`${stamp()}    ${e.subject} ${e.id}: ${said}`);
      if (e.subject === 'incident' && e.kind === 'detected') {
        out(
          `         walk the protocol: FOREWARN_URL=${running.url} FOREWARN_ADMIN_TOKEN=$(cat ${join(dataDir, 'admin-token')}) node dist/cli/forewarn.js incident show ${e.id}`,
        );
      }
    });
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const progress = setInterval(() => {
    const status = getSlaStatus(running.ctx, DEMO_SLA);
    const latency = status.objectives.find((o) => o.kind === 'threshold');
    if (latency?.observed != null) {
      out(
        `${stamp()}  p95 latency ${Math.round(latency.observed)} ms (threshold ${latency.threshold} ms) — ${latency.status}`,
      );
    }
  }, 10_000);
  await done;
  // Let the notifications of the last transition arrive before stopping.
  await new Promise((r) => setTimeout(r, 1500));
  clearInterval(progress);
  traffic.stop();
  await running.close();
  receiver.close();
}
