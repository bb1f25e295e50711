// The notification benchmarks' fleet: one client, one service, `objectives` latency SLIs each with
// one threshold objective on `max` (so a single sample crosses it), no early warning, and the
// client's contacts on `endpoints` webhook endpoints pointing at a local sink. A breach then queues
// exactly one client notice per endpoint and nothing for the team (the service has no roles).
// Also starts `forewarn serve` with `--allow-outbound` for the sink (bench/lib/server.mjs has no
// way to pass extra flags).

import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { ADMIN_TOKEN } from './server.mjs';
import { SIGNING_SECRET } from './webhook-sink.mjs';

export const PUSH_TOKEN = 'bench-notify-push-token-000001';
export const THRESHOLD_MS = 800;
export const CROSSING_MS = 1500;
const CLI = fileURLToPath(new URL('../../dist/cli/forewarn.js', import.meta.url));
const START_TIMEOUT_MS = 120_000;

export const sliIdOf = (i) => `lat-${String(i).padStart(5, '0')}`;
export const objectiveIdOf = (i) => `max-${String(i).padStart(5, '0')}`;
/** The index in an objective key such as `sla0/max-00042`. */
export const indexOfObjectiveKey = (key) => Number(/max-(\d+)$/.exec(key)?.[1] ?? Number.NaN);

export function notifyFleetYaml({ objectives, endpoints, sinkUrl }) {
  const out = ['apiVersion: forewarn/v1', 'endpoints:'];
  for (let e = 0; e < endpoints; e++) {
    out.push(
      `  - id: hook${e}`,
      '    kind: webhook',
      `    url: { value: '${sinkUrl}/hook${e}' }`,
      `    signingSecret: { value: '${SIGNING_SECRET}' }`,
    );
  }
  const points = Array.from({ length: endpoints }, (_, e) => `{ endpoint: hook${e} }`).join(', ');
  out.push(
    'clients:',
    '  - id: client0',
    '    name: Client 0',
    '    pushTokens:',
    `      - value: ${PUSH_TOKEN}`,
    '    contacts:',
    '      - name: Client operations',
    `        notify: [${points}]`,
    'services:',
    '  - id: svc',
    '    name: Service',
    'slis:',
  );
  for (let i = 0; i < objectives; i++) {
    out.push(`  - id: ${sliIdOf(i)}`, '    service: svc', '    kind: distribution', '    unit: ms');
  }
  out.push(
    'slas:',
    '  - id: sla0',
    '    client: client0',
    '    service: svc',
    '    name: SLA 0',
    '    contract: { noticeTime: 15m, updateCadence: 30m }',
    '    objectives:',
  );
  for (let i = 0; i < objectives; i++) {
    out.push(
      `      - id: ${objectiveIdOf(i)}`,
      `        sli: ${sliIdOf(i)}`,
      `        threshold: { statistic: max, comparator: '<=', value: ${THRESHOLD_MS}, window: 10m }`,
      '        earlyWarning: {}',
    );
  }
  return `${out.join('\n')}\n`;
}

/** `taskset -c <cpu> node dist/cli/forewarn.js serve … --allow-outbound <allow>`; resolves on listen. */
export function startNotifyServer({ dataDir, configPath, allowOutbound, cpu = '0' }) {
  const args = ['-c', cpu, process.execPath, CLI, 'serve', '--data', dataDir, '--port', '0'];
  args.push('--quiet', '--allow-outbound', allowOutbound);
  if (configPath !== undefined) args.push('--config', configPath);
  const child = spawn('taskset', args, {
    env: { ...process.env, FOREWARN_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-10_000);
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        url: match[1],
        child,
        async stop() {
          child.kill('SIGTERM');
          const { code, signal } = await exited;
          if (code !== 0) throw new Error(`server exited with ${code ?? signal}: ${stderr}`);
        },
      });
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code ?? signal} before listening: ${stderr}`));
    });
  });
}

/** POSTs samples to /api/v1/samples; resolves with the status, after the body was read. */
export function pushSamples(agent, serverUrl, samples) {
  const body = JSON.stringify(samples.length === 1 ? samples[0] : { samples });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${serverUrl}/api/v1/samples`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${PUSH_TOKEN}`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text, atMs: performance.now() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
