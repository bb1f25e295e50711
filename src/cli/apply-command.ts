import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError } from './cli-error.js';

export const APPLY_HELP = `forewarn apply FILE [--url URL]

  Sends the definitions in FILE to a running Forewarn (default http://127.0.0.1:8080), which
  validates and applies them all-or-nothing. Needs FOREWARN_ADMIN_TOKEN.`;

export async function apply(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    options: { url: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    throw new CliError(`forewarn apply: name one file\n\n${APPLY_HELP}`, 2);
  }
  const token = env.FOREWARN_ADMIN_TOKEN;
  if (token === undefined || token === '') {
    throw new CliError('forewarn apply: set FOREWARN_ADMIN_TOKEN to the server’s admin token', 2);
  }
  const url = new URL('/api/v1/definitions', values.url ?? 'http://127.0.0.1:8080');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml', authorization: `Bearer ${token}` },
    body: readFileSync(file, 'utf8'),
  });
  const body = (await res.json()) as {
    applied?: { clients: number; slas: number; objectives: number };
    error?: {
      message: string;
      problems?: Array<{ field: string; value?: unknown; expected: string; message?: string }>;
    };
  };
  if (!res.ok || body.applied === undefined) {
    const lines = (body.error?.problems ?? []).map(
      (p) => `${file} ${p.field}: got ${JSON.stringify(p.value)}, expected ${p.expected}`,
    );
    throw new CliError([body.error?.message ?? `HTTP ${res.status}`, ...lines].join('\n'), 1);
  }
  const a = body.applied;
  return `applied: ${a.clients} clients, ${a.slas} SLAs, ${a.objectives} objectives`;
}
