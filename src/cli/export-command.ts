import { formatConfigErrors, loadConfigFiles } from '../config/load-config.js';
import { exportOpenSlo } from '../config/openslo.js';
import { CliError } from './cli-error.js';

export const EXPORT_HELP = `forewarn export openslo FILE…

  Writes the definitions in FILE… as OpenSLO v1 documents (with Forewarn's SLA extension kind)
  to standard output.`;

export function exportDefinitions(args: string[], env: Record<string, string | undefined>): string {
  const [format, ...paths] = args;
  if (format !== 'openslo' || paths.length === 0) {
    throw new CliError(`forewarn export: got "${args.join(' ')}"\n\n${EXPORT_HELP}`, 2);
  }
  const loaded = loadConfigFiles(paths, env);
  if (!loaded.ok) throw new CliError(formatConfigErrors(loaded.errors), 1);
  return exportOpenSlo(loaded.config.definitions);
}
