// Reads each endpoint's secret references into Secrets: inline values were checked by the
// schema, values from the environment are checked here. Errors name the variable, never its value.

import type { EndpointDef } from '../domain/notification.js';
import type { ConfigError } from './config-error.js';
import type { EndpointInput, Located, SecretRef } from './config-input.js';
import { signingSecretCheck, routingKeyCheck } from './endpoint-schema.js';
import { endpointUrlCheck } from './endpoint-url.js';
import { Secret } from './secret.js';
import { anyText } from './secret-ref-schema.js';
import type { SecretCheck } from './secret-ref-schema.js';
import { errorAt } from './source-document.js';

type Env = Record<string, string | undefined>;

export function resolveEndpoints(
  endpoints: readonly Located<EndpointInput>[],
  env: Env,
): { endpoints: EndpointDef[]; errors: ConfigError[] } {
  const resolved: EndpointDef[] = [];
  const errors: ConfigError[] = [];
  for (const endpoint of endpoints) {
    const e = endpoint.value;
    let ok = true;
    const read = (ref: SecretRef, field: string, what: string, check: SecretCheck): Secret => {
      if ('value' in ref) return new Secret(ref.value);
      const text = env[ref.env];
      const where = endpoint.at(`${field}.env`);
      if (text === undefined || text === '') {
        ok = false;
        errors.push(
          errorAt(where, `the environment variable ${ref.env} to hold ${what}`, {
            message: `environment variable ${ref.env} is not set, expected it to hold ${what} of endpoint "${e.id}"`,
          }),
        );
      } else if (!check.test(text)) {
        ok = false;
        errors.push(
          errorAt(where, `${check.expected} in ${ref.env}`, {
            message: `environment variable ${ref.env} does not hold ${check.expected} (${what} of endpoint "${e.id}")`,
          }),
        );
      }
      return new Secret(text ?? '');
    };
    let def: EndpointDef;
    switch (e.kind) {
      case 'email': {
        const { password, ...smtp } = e.smtp;
        def = {
          kind: 'email',
          id: e.id,
          smtp: {
            ...smtp,
            ...(password === undefined
              ? {}
              : { password: read(password, 'smtp.password', 'the SMTP password', anyText) }),
          },
        };
        break;
      }
      case 'webhook':
        def = {
          kind: 'webhook',
          id: e.id,
          url: read(e.url, 'url', 'the webhook URL', endpointUrlCheck),
          signingSecret: read(
            e.signingSecret,
            'signingSecret',
            'the signing secret',
            signingSecretCheck,
          ),
        };
        break;
      case 'slack':
      case 'teams':
        def = {
          kind: e.kind,
          id: e.id,
          url: read(e.url, 'url', 'the webhook URL', endpointUrlCheck),
        };
        break;
      case 'pagerduty':
        def = {
          kind: 'pagerduty',
          id: e.id,
          routingKey: read(e.routingKey, 'routingKey', 'the routing key', routingKeyCheck),
          url: e.url,
        };
        break;
    }
    if (ok) resolved.push(def);
  }
  return { endpoints: resolved, errors };
}
