// The real Prometheus (Debian's `prometheus` package) for the remote-write tests: started on a
// free loopback port with its config and TSDB in a temp folder, waited for until ready, and
// always stopped (by the test, or with the test process at the latest). And a tiny exporter it
// scrapes. Skipped without the binary, except in CI (CI=true), where a missing binary fails.

import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS = '/usr/bin/prometheus';

/** True when the binary is here; false with a warning outside CI; throws in CI. */
export function prometheusAvailable(what: string): boolean {
  try {
    accessSync(PROMETHEUS, constants.X_OK);
    return true;
  } catch {
    const why = `${PROMETHEUS} not found: install it with \`apt-get install prometheus\` (CI installs it in .ci/run)`;
    if (process.env.CI === 'true') throw new Error(`${what} needs ${why}`);
    console.warn(`skipping ${what}: ${why}`);
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      );
    });
  });
}

export interface PrometheusProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startPrometheus(
  configYaml: string,
  extraArgs: string[] = [],
): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-rw-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), configYaml);
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...extraArgs,
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(kill, 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, output: () => output, stop };
}

/** Counters a test moves: requests by status code, and a latency gauge. */
export interface TestExporter {
  /** host:port for a scrape config. */
  target: string;
  counts: { ok: number; errors: number };
  latencyMs: number;
  close(): Promise<void>;
}

export async function startTestExporter(): Promise<TestExporter> {
  const exporter: Omit<TestExporter, 'target' | 'close'> = {
    counts: { ok: 0, errors: 0 },
    latencyMs: 120,
  };
  const server: Server = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# TYPE http_requests_total counter',
        `http_requests_total{code="200"} ${exporter.counts.ok}`,
        `http_requests_total{code="500"} ${exporter.counts.errors}`,
        '# TYPE checkout_latency_ms gauge',
        `checkout_latency_ms ${exporter.latencyMs}`,
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return Object.assign(exporter, {
    target: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
