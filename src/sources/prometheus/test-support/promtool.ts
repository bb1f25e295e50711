// The real promtool from Debian's `prometheus` package. Tests skip without it, except in CI
// (CI=true), where .ci/run installs it and a missing promtool must fail instead of passing quietly.

import { spawnSync } from 'node:child_process';

export const PROMTOOL_MISSING =
  'promtool not found: install it with `apt-get install prometheus` (CI installs it in .ci/run)';

export function promtoolVersion(): string | undefined {
  const run = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (run.error !== undefined || run.status !== 0) return undefined;
  return run.stdout.split('\n')[0];
}

export interface PromtoolRun {
  exitCode: number | null;
  output: string;
}

/** `promtool <args…>`, its exit code and everything it printed. */
export function promtool(args: string[], cwd: string): PromtoolRun {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (run.error !== undefined) throw run.error;
  return { exitCode: run.status, output: `${run.stdout}${run.stderr}` };
}
