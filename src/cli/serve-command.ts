import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { formatConfigErrors, loadConfigFiles } from '../config/load-config.js';
import { createLogger } from '../logger.js';
import { startForewarn, type RunningForewarn } from '../main.js';
import { resolveAdminToken } from './admin-token.js';
import { CliError } from './cli-error.js';
import { exampleConfigPath } from './example-files.js';

export const SERVE_HELP = `forewarn serve [options]

  --config FILE      definitions to apply at start (repeatable); default: the stored ones,
                     or the bundled example on a new data folder
  --data DIR         data folder for the embedded SQLite database (default ./data)
  --database URL     sqlite:FILE, sqlite::memory: or postgres://… (overrides --data)
  --host HOST        listen address (default 127.0.0.1)
  --port PORT        listen port (default 8080; 0 picks a free one)
  --quiet            log warnings and errors only
  --allow-outbound D private or loopback destination notifications may reach, e.g.
                     127.0.0.1:8025 or 10.0.0.0/8 (repeatable; default: none)

Environment: FOREWARN_ADMIN_TOKEN (else generated into DATA/admin-token).`;

export interface ServeOptions {
  configPaths: string[];
  dataDir: string;
  databaseUrl: string;
  host: string;
  port: number;
  quiet: boolean;
  outboundAllow: string[];
}

export function parseServeArgs(args: string[]): ServeOptions {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', multiple: true },
      data: { type: 'string' },
      database: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      quiet: { type: 'boolean' },
      'allow-outbound': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const dataDir = resolve(values.data ?? 'data');
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`--port: got "${values.port}", expected a whole number from 0 to 65535`, 2);
  }
  return {
    configPaths: values.config ?? [],
    dataDir,
    databaseUrl: values.database ?? `sqlite:${join(dataDir, 'forewarn.db')}`,
    host: values.host ?? '127.0.0.1',
    port,
    quiet: values.quiet ?? false,
    outboundAllow: values['allow-outbound'] ?? [],
  };
}

export async function serve(
  options: ServeOptions,
  env: Record<string, string | undefined>,
  defaults: { fallbackConfig?: string } = {},
): Promise<RunningForewarn & { adminTokenNote: string }> {
  const logger = createLogger({ quiet: options.quiet });
  const admin = resolveAdminToken(env, options.dataDir);
  const load = (paths: string[]) => {
    const loaded = loadConfigFiles(paths, env);
    if (!loaded.ok) throw new CliError(formatConfigErrors(loaded.errors), 2);
    return loaded.config;
  };
  const config = options.configPaths.length > 0 ? load(options.configPaths) : undefined;
  const fallback = defaults.fallbackConfig ?? exampleConfigPath();
  const running = await startForewarn({
    databaseUrl: options.databaseUrl,
    ...(config !== undefined ? { config } : {}),
    fallbackConfig: () => load([fallback]),
    host: options.host,
    port: options.port,
    adminToken: admin.token,
    env,
    logger,
    outboundAllow: options.outboundAllow,
  });
  const adminTokenNote =
    admin.source === 'env'
      ? 'admin token: from FOREWARN_ADMIN_TOKEN'
      : `admin token: in ${admin.path} (export FOREWARN_ADMIN_TOKEN to choose one)`;
  return { ...running, adminTokenNote };
}
