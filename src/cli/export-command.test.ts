import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CliError } from './cli-error.js';
import { exportDefinitions } from './export-command.js';

const EXAMPLE = 'examples/forewarn.yaml';
const dir = mkdtempSync(join(tmpdir(), 'forewarn-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ruleNames = (yaml: string) =>
  (parse(yaml) as { groups: Array<{ name: string }> }).groups.map((g) => g.name);

describe('forewarn export prometheus', () => {
  it('writes rules for the example’s ratio budgets and explains what it skips', () => {
    const yaml = exportDefinitions(['prometheus', EXAMPLE], {});
    expect(ruleNames(yaml)).toContain('forewarn-slo-submissions-acme-submissions-availability');
    expect(yaml).toContain('forewarn_sli_events_total{sli="submission-success",outcome="bad"}');
    expect(yaml).toMatch(/# - acme-submissions\/latency: threshold objective on p95/);
  });

  it('uses the PromQL of a --queries file', () => {
    const queries = join(dir, 'queries.yaml');
    writeFileSync(
      queries,
      [
        'checkout-latency:',
        '  good: sum(rate(http_request_duration_seconds_bucket{le="1.5"}[{{window}}]))',
        '  total: sum(rate(http_request_duration_seconds_count[{{window}}]))',
      ].join('\n'),
    );
    const yaml = exportDefinitions(['prometheus', '--queries', queries, EXAMPLE], {});
    expect(ruleNames(yaml)).toContain('forewarn-slo-checkout-globex-checkout-fast-checkout');
    expect(yaml).toContain('http_request_duration_seconds_bucket{le="1.5"}[1h]');
    expect(exportDefinitions(['prometheus', `--queries=${queries}`, EXAMPLE], {})).toBe(yaml);
  });

  it('names the file and the field when --queries is wrong', () => {
    const queries = join(dir, 'bad.yaml');
    writeFileSync(queries, 'no-such-sli:\n  errors: a[{{window}}]\n  total: b[{{window}}]\n');
    expect(() => exportDefinitions(['prometheus', '--queries', queries, EXAMPLE], {})).toThrow(
      `--queries ${queries}: no-such-sli: expected the id of a defined SLI`,
    );
  });

  it.each([
    [['prometheus']],
    [['prometheus', '--queries']],
    [['prometheus', '--bogus', EXAMPLE]],
    [['nagios', EXAMPLE]],
  ])('shows the usage for %j', (args) => {
    try {
      exportDefinitions(args, {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as CliError).message).toContain(
        'forewarn export prometheus [--queries QUERIES] FILE…',
      );
    }
  });
});
