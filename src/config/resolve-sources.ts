// Reads the header secrets of probes and Prometheus sources (`{ env: NAME }` from the environment,
// inline values as they are) into Secrets. Errors name the variable, never a value.

import type { ProbeDef, PrometheusSourceDef } from '../domain/sources.js';
import type { ConfigError } from './config-error.js';
import type { ConfigInputs, Located, SecretRef } from './config-input.js';
import { Secret } from './secret.js';
import { errorAt } from './source-document.js';

type Env = Record<string, string | undefined>;

export interface ResolvedSources {
  probes: ProbeDef[];
  prometheusSources: PrometheusSourceDef[];
  errors: ConfigError[];
}

export function resolveSources(inputs: ConfigInputs, env: Env): ResolvedSources {
  const errors: ConfigError[] = [];
  const headersOf = (
    item: Located<{ id: string; headers: Record<string, SecretRef> }>,
    what: string,
  ) => {
    const out: Record<string, Secret> = {};
    for (const [name, ref] of Object.entries(item.value.headers)) {
      if ('value' in ref) {
        out[name] = new Secret(ref.value);
        continue;
      }
      const text = env[ref.env];
      if (text === undefined || text === '') {
        errors.push(
          errorAt(
            item.at(`headers.${name}.env`),
            `the environment variable ${ref.env} to hold a header value`,
            {
              message: `environment variable ${ref.env} is not set, expected it to hold header "${name}" of ${what} "${item.value.id}"`,
            },
          ),
        );
      } else if (/[\r\n\0]/.test(text)) {
        errors.push(
          errorAt(
            item.at(`headers.${name}.env`),
            `a header value without line breaks in ${ref.env}`,
            {
              redact: true,
            },
          ),
        );
      }
      out[name] = new Secret(text ?? '');
    }
    return out;
  };
  const probes = inputs.probes.map((p) => ({ ...p.value, headers: headersOf(p, 'probe') }));
  const prometheusSources = inputs.prometheus.map((s) => ({
    ...s.value,
    headers: headersOf(s, 'Prometheus source'),
  }));
  return { probes, prometheusSources, errors };
}
