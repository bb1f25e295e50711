// Starts the real `forewarn serve` from dist/, pinned to core 0, and stops it cleanly.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout, clearTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const CLI = fileURLToPath(new URL('../../dist/cli/forewarn.js', import.meta.url));
const START_TIMEOUT_MS = 120_000;

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `forewarn-bench-${prefix}-`));
}

export function writeConfig(dir, yaml) {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, yaml);
  return path;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Spawns `taskset -c <cpu> node dist/cli/forewarn.js serve --data DIR [--config FILE] --port 0
 * --quiet` and resolves once it prints its URL, with the wall time from spawn to that line.
 */
export function startServer({ dataDir, configPath, cpu = '0' }) {
  const args = [
    '-c',
    cpu,
    process.execPath,
    CLI,
    'serve',
    '--data',
    dataDir,
    '--port',
    '0',
    '--quiet',
  ];
  if (configPath !== undefined) args.push('--config', configPath);
  const startedAt = performance.now();
  const child = spawn('taskset', args, {
    env: { ...process.env, FOREWARN_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
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
        listeningAfterMs: performance.now() - startedAt,
        startedAt,
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
