// Turns each client's token references ({ env } or { value }) into Secrets.

import { MIN_TOKEN_LENGTH } from './client-schema.js';
import type { ConfigError } from './config-error.js';
import type { ClientInput, Located } from './config-input.js';
import { errorAt } from './source-document.js';
import { Secret } from './secret.js';

export interface PushToken {
  clientId: string;
  token: Secret;
}

export function resolvePushTokens(
  clients: readonly Located<ClientInput>[],
  env: Record<string, string | undefined>,
): { tokens: PushToken[]; errors: ConfigError[] } {
  const tokens: PushToken[] = [];
  const errors: ConfigError[] = [];
  const owners = new Map<string, string>();
  for (const client of clients) {
    for (const [i, ref] of client.value.pushTokens.entries()) {
      let value: string;
      if ('env' in ref) {
        const where = client.at(`pushTokens.${i}.env`);
        const fromEnv = env[ref.env];
        if (fromEnv === undefined || fromEnv === '') {
          errors.push(
            errorAt(where, `the environment variable ${ref.env} to hold the token`, {
              message: `environment variable ${ref.env} is not set, expected it to hold a push token for client "${client.value.id}"`,
            }),
          );
          continue;
        }
        if (fromEnv.length < MIN_TOKEN_LENGTH) {
          errors.push(
            errorAt(where, `a token of at least ${MIN_TOKEN_LENGTH} characters in ${ref.env}`, {
              message: `environment variable ${ref.env} holds ${fromEnv.length} characters, expected a token of at least ${MIN_TOKEN_LENGTH}`,
            }),
          );
          continue;
        }
        value = fromEnv;
      } else {
        value = ref.value;
      }
      const owner = owners.get(value);
      if (owner !== undefined) {
        const field = 'env' in ref ? 'env' : 'value';
        errors.push(
          errorAt(
            client.at(`pushTokens.${i}.${field}`),
            `a token no other client uses (this one is also a token of "${owner}")`,
            {
              redact: field === 'value',
            },
          ),
        );
        continue;
      }
      owners.set(value, client.value.id);
      tokens.push({ clientId: client.value.id, token: new Secret(value) });
    }
  }
  return { tokens, errors };
}
