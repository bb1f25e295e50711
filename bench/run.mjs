// Runs the benchmarks one after another in child processes (pinned as each method says), prints
// their JSON results as one array and writes it to bench/results/latest.json.
// `node bench/run.mjs P3 P6` runs a subset. Expects a fresh `npm run build` (npm run bench does it).

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * In-process benchmarks run on core 0, alone. Server benchmarks run their load generator on core 1;
 * they start the server themselves with `taskset -c 0`.
 */
const BENCHES = [
  { target: 'P3', file: 'p3-evaluation-tick.mjs', cpu: '0', nodeArgs: [] },
  { target: 'P6', file: 'p6-memory.mjs', cpu: '0', nodeArgs: ['--expose-gc'] },
  { target: 'BT', file: 'backtest.mjs', cpu: '0', nodeArgs: [] },
  { target: 'P4', file: 'p4-batched-ingest.mjs', cpu: '1', nodeArgs: [] },
  { target: 'P5', file: 'p5-single-ingest.mjs', cpu: '1', nodeArgs: [] },
  { target: 'P12', file: 'p12-restart.mjs', cpu: '1', nodeArgs: [] },
  { target: 'P1', file: 'p1-crossing-to-notification.mjs', cpu: '1', nodeArgs: [] },
  { target: 'P10', file: 'p10-dispatch.mjs', cpu: '1', nodeArgs: [] },
  { target: 'RW', file: 'remote-write.mjs', cpu: '1', nodeArgs: [] },
  { target: 'P1-SBS', file: 'p1-side-by-side.mjs', cpu: '1', nodeArgs: [] },
  { target: 'P11', file: 'p11-probes.mjs', cpu: '0', nodeArgs: [] },
  { target: 'P8', file: 'p8-dashboard.mjs', cpu: '0', nodeArgs: [] },
  { target: 'P9', file: 'p9-status-page.mjs', cpu: '0', nodeArgs: [] },
];

function runOne(bench) {
  return new Promise((resolve) => {
    const args = ['-c', bench.cpu, process.execPath, ...bench.nodeArgs, join(here, bench.file)];
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exited with ${code ?? signal}`);
        resolve(JSON.parse(line));
      } catch (err) {
        resolve({
          target: bench.target,
          name: bench.file,
          error: String(err),
          output: out.slice(-2000),
        });
      }
    });
  });
}

const wanted = process.argv.slice(2).map((a) => a.toUpperCase());
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.target === w));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown target(s) ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.target).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = wanted.length === 0 ? BENCHES : BENCHES.filter((b) => wanted.includes(b.target));

const results = [];
for (const bench of selected) {
  const started = Date.now();
  process.stderr.write(`== ${bench.target} (${bench.file})\n`);
  const result = await runOne(bench);
  result.benchSeconds = Math.round((Date.now() - started) / 1000);
  results.push(result);
}

const text = JSON.stringify(results, null, 2);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), `${text}\n`);
process.stdout.write(`${text}\n`);
process.exitCode = results.some((r) => r.error !== undefined) ? 1 : 0;
