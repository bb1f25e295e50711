import { readFileSync } from 'node:fs';
import { formatConfigErrors, loadConfigFiles } from '../config/load-config.js';
import { exportOpenSlo } from '../config/openslo.js';
import type { Definitions } from '../domain/definitions.js';
import { renderPrometheusRules } from '../sources/prometheus/render-prometheus-rules.js';
import { parseSliQueries } from '../sources/prometheus/sli-queries.js';
import type { SliQueries } from '../sources/prometheus/sli-queries.js';
import { CliError } from './cli-error.js';

export const EXPORT_HELP = `forewarn export openslo FILE…
forewarn export prometheus [--queries QUERIES] FILE…

  openslo     Writes the definitions in FILE… as OpenSLO v1 documents (with Forewarn's SLA
              extension kind) to standard output.
  prometheus  Writes Prometheus recording and multi-window burn-rate alert rules for each
              objective (Sloth-compatible names) to standard output. QUERIES maps SLI ids to
              PromQL (errors or good, and total, with a {{window}} placeholder; statistics for
              threshold objectives); without it, ratio SLIs read forewarn_sli_events_total.
              See docs/prometheus-rules.md.`;

export function exportDefinitions(args: string[], env: Record<string, string | undefined>): string {
  const [format, ...rest] = args;
  const usage = () => new CliError(`forewarn export: got "${args.join(' ')}"\n\n${EXPORT_HELP}`, 2);
  if (format === 'openslo') {
    if (rest.length === 0) throw usage();
    return exportOpenSlo(loadDefinitions(rest, env));
  }
  if (format === 'prometheus') {
    const { queriesPath, paths } = prometheusArgs(rest, usage);
    const defs = loadDefinitions(paths, env);
    return renderPrometheusRules(
      defs,
      queriesPath === undefined ? {} : readQueries(queriesPath, defs),
    );
  }
  throw usage();
}

function loadDefinitions(paths: string[], env: Record<string, string | undefined>): Definitions {
  const loaded = loadConfigFiles(paths, env);
  if (!loaded.ok) throw new CliError(formatConfigErrors(loaded.errors), 1);
  return loaded.config.definitions;
}

function prometheusArgs(
  args: string[],
  usage: () => CliError,
): { queriesPath: string | undefined; paths: string[] } {
  let queriesPath: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--queries' || arg.startsWith('--queries=')) {
      const value = arg === '--queries' ? args[++i] : arg.slice('--queries='.length);
      if (value === undefined || value === '' || queriesPath !== undefined) throw usage();
      queriesPath = value;
    } else if (arg.startsWith('--')) {
      throw usage();
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw usage();
  return { queriesPath, paths };
}

function readQueries(path: string, defs: Definitions): SliQueries {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`--queries ${path}: cannot read it (${(err as Error).message})`, 1);
  }
  const parsed = parseSliQueries(text, defs);
  if (!parsed.ok) {
    throw new CliError(parsed.errors.map((e) => `--queries ${path}: ${e}`).join('\n'), 1);
  }
  return parsed.queries;
}
