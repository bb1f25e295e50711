import { formatConfigErrors, loadConfigFiles } from '../config/load-config.js';
import { CliError } from './cli-error.js';

export const CHECK_HELP = `forewarn check FILE…

  Validates definitions offline (Forewarn YAML or OpenSLO documents) and prints every error at
  once with file, line, path, the value found and what was expected. Exit 0 when valid.`;

export function check(paths: string[], env: Record<string, string | undefined>): string {
  if (paths.length === 0)
    throw new CliError(`forewarn check: name at least one file\n\n${CHECK_HELP}`, 2);
  const loaded = loadConfigFiles(paths, env);
  if (!loaded.ok) throw new CliError(formatConfigErrors(loaded.errors), 1);
  const d = loaded.config.definitions;
  const objectives = d.slas.reduce((n, s) => n + s.objectives.length, 0);
  return `ok: ${d.clients.length} clients, ${d.services.length} services, ${d.slis.length} SLIs, ${d.slas.length} SLAs, ${objectives} objectives`;
}
