// Definitions ⇄ JSON for the store. Plain JSON.stringify prints secrets as "<secret>", which would
// lose endpoint URLs and keys across a restart; here they are written as { "$secret": "…" } and
// read back as Secrets. The text therefore holds secrets: keep it where the config is kept.

import type { ContractTerms, Definitions } from '../domain/definitions.js';
import {
  DEFAULT_CREDIT_INTERVAL_MS,
  DEFAULT_MINIMUM_DOWNTIME_MS,
  DEFAULT_POSTMORTEM_DUE_MS,
} from './contract-schema.js';
import type { SecretValue } from '../domain/notification.js';
import { Secret } from './secret.js';

const SECRET_KEY = '$secret';

const isSecretValue = (value: unknown): value is SecretValue =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { reveal?: unknown }).reveal === 'function';

export function serializeDefinitions(defs: Definitions): string {
  // The replacer sees values after toJSON ran ("<secret>"), so it looks at the holder's own field.
  return JSON.stringify(defs, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return isSecretValue(raw) ? { [SECRET_KEY]: raw.reveal() } : value;
  });
}

export function deserializeDefinitions(text: string): Definitions {
  return withContractDefaults(parse(text));
}

/** Definitions stored before a contract field existed read as if it had its default. */
function withContractDefaults(defs: Definitions): Definitions {
  for (const sla of defs.slas) {
    const c = sla.contract as Partial<ContractTerms> & ContractTerms;
    c.noticeFallback ??= 'auto-send';
    c.postmortemDueMs ??= DEFAULT_POSTMORTEM_DUE_MS;
    c.credits ??= {
      basis: 'time',
      minimumDowntimeMs: DEFAULT_MINIMUM_DOWNTIME_MS,
      intervalMs: DEFAULT_CREDIT_INTERVAL_MS,
    };
  }
  return defs;
}

/**
 * Plain JSON.parse, then secrets put back in one walk over objects and arrays (a reviver would
 * be called for every value: 3x slower on 10,000 objectives, and it is on the restart's path).
 */
function parse(text: string): Definitions {
  const defs = JSON.parse(text) as unknown;
  return (text.includes(`"${SECRET_KEY}"`) ? withSecrets(defs) : defs) as Definitions;
}

function withSecrets(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const next = withSecrets(value[i]);
      if (next !== value[i]) value[i] = next;
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const secret = record[SECRET_KEY];
  if (keys.length === 1 && typeof secret === 'string') return new Secret(secret);
  for (const key of keys) {
    const next = withSecrets(record[key]);
    // Only a secret is ever put back, and never through __proto__'s setter.
    if (next !== record[key] && key !== '__proto__') record[key] = next;
  }
  return record;
}
