// The README's first command is `npm start`: the script in package.json must start the demo
// (a broken script once asked `serve` for an option it does not have). Runs the built CLI, as
// `npm start` does; `npm run verify` builds before it tests.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('npm start', () => {
  it('starts the demo on an embedded SQLite file and prints where to look', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [node, cli, ...args] = (pkg.scripts.start ?? '').split(/\s+/);
    expect(node).toBe('node');
    expect(existsSync(join(root, cli ?? '')), `${cli} is built by npm run build`).toBe(true);
    const data = mkdtempSync(join(tmpdir(), 'forewarn-npm-start-'));
    const child = spawn(process.execPath, [cli!, ...args, '--port', '0', '--data', data], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const deadline = Date.now() + 25_000;
      while (!out.includes('dashboard: http://') && child.exitCode === null) {
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toMatch(/Forewarn demo running at http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('/setup to create the admin');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    }
  });
});
