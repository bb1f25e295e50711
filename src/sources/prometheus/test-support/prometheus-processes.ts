// The real Prometheus and Alertmanager from Debian's packages, started by the integration tests on
// free loopback ports with their data in a temporary folder, waited for until ready, and always
// stopped (the test's afterAll, and at the latest when the test process exits). Tests skip
// without the binaries, except in CI (CI=true), where .ci/run installs them and a missing binary
// must fail instead of passing quietly.

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

const PACKAGE_OF: Record<string, string> = {
  [PROMETHEUS_BIN]: 'prometheus',
  [ALERTMANAGER_BIN]: 'prometheus-alertmanager',
};

/** Why the binary cannot run here, or undefined when it can. */
export function binaryMissing(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    const pkg = PACKAGE_OF[path] ?? 'its package';
    return `${path} not found: install it with \`apt-get install ${pkg}\` (CI installs it in .ci/run)`;
  }
}

/**
 * Whether tests needing `path` run: false (with a warning naming the reason) when it is missing
 * outside CI; in CI a missing binary throws, so the suite fails.
 */
export function canRun(path: string, what: string): boolean {
  const missing = binaryMissing(path);
  if (missing === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`${what} needs ${missing}`);
  console.warn(`skipping ${what}: ${missing}`);
  return false;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picked it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The temporary folder holding config and data; removed by stop(). */
  dir: string;
  /** The last 20,000 characters the process printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed or interrupted test run must not leave servers listening.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

interface StartOptions {
  bin: string;
  name: string;
  /** Files written into the temp folder before the start: name → content. */
  files: Record<string, string> | ((dir: string) => Record<string, string>);
  args: (dir: string, port: number) => string[];
  readyTimeoutMs?: number;
}

async function startProcess(options: StartOptions): Promise<RunningProcess> {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), `forewarn-${options.name}-`));
  const files = typeof options.files === 'function' ? options.files(dir) : options.files;
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const port = await freePort();
  const child = spawn(options.bin, options.args(dir, port), {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const proc: RunningProcess = {
    url,
    port,
    dir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForReady(`${url}/-/ready`, options.readyTimeoutMs ?? 20_000, () =>
      child.exitCode !== null ? `${options.name} exited with ${child.exitCode}` : undefined,
    );
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${output}`);
  }
  return proc;
}

/** Polls `url` until it answers 200; fails early when `exited()` names a reason. */
export async function waitForReady(
  url: string,
  timeoutMs: number,
  exited: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone !== undefined) throw new Error(gone);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
}

/** Prometheus with `config` as prometheus.yml (and rules files next to it, if given). */
export function startPrometheus(
  config: string,
  extraFiles: Record<string, string> = {},
): Promise<RunningProcess> {
  return startProcess({
    bin: PROMETHEUS_BIN,
    name: 'prometheus',
    files: { 'prometheus.yml': config, ...extraFiles },
    args: (dir, port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
  });
}

/**
 * Alertmanager with `config` as alertmanager.yml, clustering off. `config` may be built from the
 * folder it runs in, to name files written there (`extraFiles`, e.g. a credentials file).
 */
export function startAlertmanager(
  config: string | ((dir: string) => string),
  extraFiles: Record<string, string> = {},
): Promise<RunningProcess> {
  return startProcess({
    bin: ALERTMANAGER_BIN,
    name: 'alertmanager',
    files: (dir) => ({
      'alertmanager.yml': typeof config === 'string' ? config : config(dir),
      ...extraFiles,
    }),
    args: (dir, port) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty: no gossip listener, so parallel runs cannot join each other's cluster.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
  });
}
