// The admin token: FOREWARN_ADMIN_TOKEN if set, else one generated once and kept in the data
// folder (mode 0600) so restarts keep it.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '../config/secret.js';

export function resolveAdminToken(
  env: Record<string, string | undefined>,
  dataDir: string,
): { token: Secret; source: 'env' | 'file' | 'generated'; path?: string } {
  const fromEnv = env.FOREWARN_ADMIN_TOKEN;
  if (fromEnv !== undefined && fromEnv.length > 0)
    return { token: new Secret(fromEnv), source: 'env' };
  const path = join(dataDir, 'admin-token');
  if (existsSync(path)) {
    return { token: new Secret(readFileSync(path, 'utf8').trim()), source: 'file', path };
  }
  mkdirSync(dataDir, { recursive: true });
  const token = `fwa_${randomBytes(24).toString('base64url')}`;
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return { token: new Secret(token), source: 'generated', path };
}
