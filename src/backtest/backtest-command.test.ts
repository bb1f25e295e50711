// The command end to end on the shipped recording (examples/backtest), output captured.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the end-to-end test drives the command itself
import { backtest } from '../cli/backtest-command.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/backtest');

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk) => ((stderr += String(chunk)), true),
  );
  await backtest(args, {});
  vi.restoreAllMocks();
  return { stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('forewarn backtest on the example recording', () => {
  it('writes transitions as JSON lines and a summary scoring every policy against the labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backtest-cli-'));
    const chart = join(dir, 'chart.html');
    const { stdout } = await run([
      '--config',
      join(EXAMPLE, 'forewarn.yaml'),
      '--samples',
      join(EXAMPLE, 'latency.csv.gz'),
      '--samples',
      join(EXAMPLE, 'requests.ndjson.gz'),
      '--labels',
      join(EXAMPLE, 'labels.json'),
      '--policy',
      'fraction:0.8',
      '--policy',
      'trend:15m',
      '--policy',
      'burn:workbook',
      '--format',
      'json',
      '--chart',
      chart,
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    expect(summary.type).toBe('summary');
    expect(summary.samples).toEqual({ accepted: 129_600 + 43_200, refused: 0 });
    const transitions = lines.slice(0, -1);
    expect(
      transitions.every((t) => t.type === 'transition' && typeof t.reason.kind === 'string'),
    ).toBe(true);
    const times = transitions.map((t) => t.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const score = (objective: string, policy: string) =>
      summary.scores.find(
        (s: { objectiveKey: string; policy: string }) =>
          s.objectiveKey === `northwind-checkout/${objective}` && s.policy === policy,
      );
    // The worked example in docs/backtest.md: 80 % of the threshold cries wolf at every evening peak.
    expect(score('latency-p95', 'own').precision).toBe(1);
    expect(score('latency-p95', 'fraction:0.8').falseWarningsPerWeek).toBeGreaterThan(5);
    // The Workbook's slow-burn rule catches the two-day burn the team's single page rule misses.
    expect(score('availability', 'own').recall).toBeLessThan(1);
    expect(score('availability', 'burn:workbook').recall).toBe(1);
    // Policies that do not fit an objective's kind are not scored for it.
    expect(score('availability', 'trend:15m')).toBeUndefined();

    const html = readFileSync(chart, 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  }, 60_000);

  it('reports bad lines with their numbers on stderr and in the summary, and uses the good ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backtest-cli-'));
    const samples = join(dir, 'bad.ndjson');
    const t0 = Date.UTC(2026, 2, 1);
    writeFileSync(
      samples,
      [
        `{"sli":"checkout-requests","ts":${t0},"good":99,"total":100}`,
        `{"sli":"checkout-requests","ts":${t0},"good":99,"total":100}`,
        `{"sli":"typo","ts":${t0 + 60_000},"good":1,"total":1}`,
        `{"sli":"checkout-requests","ts":${t0 + 60_000},"good":100,"total":100}`,
      ].join('\n'),
    );
    const { stdout, stderr } = await run([
      '--config',
      join(EXAMPLE, 'forewarn.yaml'),
      '--samples',
      samples,
      '--format',
      'table',
    ]);
    expect(stderr).toContain(`${samples}:2: E_TS_DUPLICATE`);
    expect(stderr).toContain(`${samples}:3: E_SLI_UNKNOWN`);
    expect(stdout).toMatch(/2 samples, 2 refused/);
  });

  it('refuses an unknown policy name before reading anything', async () => {
    await expect(
      run(['--config', 'x.yaml', '--samples', 'y', '--policy', 'fraction:2']),
    ).rejects.toThrow(/fraction:2/);
  });
});
