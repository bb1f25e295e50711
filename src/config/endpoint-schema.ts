// Where notifications go: an SMTP server, a webhook, Slack, Teams or PagerDuty. Secrets (passwords,
// URLs that carry tokens, keys) are `{ env }` or `{ value }` references, read in resolve-endpoints.ts.

import { z } from 'zod';
import type { ChannelKind } from '../domain/notification.js';
import type { EndpointInput } from './config-input.js';
import { FROM_EXPECTED, isMailbox } from './email-address.js';
import { endpointUrlCheck, isEndpointUrl, ENDPOINT_URL_EXPECTED } from './endpoint-url.js';
import { idSchema, strict, textSchema } from './schema-parts.js';
import { anyText, secretRefSchema } from './secret-ref-schema.js';
import type { SecretCheck } from './secret-ref-schema.js';

export const ENDPOINT_KINDS = [
  'email',
  'webhook',
  'slack',
  'teams',
  'pagerduty',
] as const satisfies readonly ChannelKind[];

/** PagerDuty Events API v2: alerts are sent to this URL unless an endpoint says otherwise. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Standard Webhooks (standardwebhooks.com, spec v1): "whsec_" + base64 of 24 to 64 random bytes. */
export const signingSecretCheck: SecretCheck = {
  test: (v) => {
    if (!v.startsWith('whsec_')) return false;
    const b64 = v.slice('whsec_'.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
    const bytes = Buffer.from(b64, 'base64').length;
    return bytes >= 24 && bytes <= 64;
  },
  expected: 'a Standard Webhooks secret: "whsec_" followed by base64 of 24 to 64 random bytes',
};

/** PagerDuty Events API v2: the routing key is the 32-character integration key. */
export const routingKeyCheck: SecretCheck = {
  test: (v) => /^[A-Za-z0-9]{32}$/.test(v),
  expected: 'a PagerDuty integration key of 32 letters and digits',
};

const portSchema = z
  .number({ error: 'a port number from 1 to 65535' })
  .int({ error: 'a port number from 1 to 65535' })
  .min(1, { error: 'a port number from 1 to 65535' })
  .max(65535, { error: 'a port number from 1 to 65535' });

const smtpSchema = strict({
  host: textSchema,
  port: portSchema.default(587),
  // Port 465 is implicit TLS (RFC 8314); 587 and 25 upgrade with STARTTLS.
  secure: z.boolean({ error: 'true or false' }).optional(),
  user: textSchema.optional(),
  password: secretRefSchema(anyText, 'SMTP_PASSWORD').optional(),
  from: z.string({ error: FROM_EXPECTED }).refine(isMailbox, { error: FROM_EXPECTED }),
})
  .superRefine((s, ctx) => {
    if (s.password !== undefined && s.user === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['user'],
        message: 'a user name to go with the password',
        input: undefined,
      });
    }
  })
  .transform((s) => ({
    host: s.host,
    port: s.port,
    secure: s.secure ?? s.port === 465,
    ...(s.user === undefined ? {} : { user: s.user }),
    ...(s.password === undefined ? {} : { password: s.password }),
    from: s.from,
  }));

const urlRef = (envExample: string) => secretRefSchema(endpointUrlCheck, envExample);

const emailEndpoint = strict({ id: idSchema, kind: z.literal('email'), smtp: smtpSchema });
const webhookEndpoint = strict({
  id: idSchema,
  kind: z.literal('webhook'),
  url: urlRef('CLIENT_WEBHOOK_URL'),
  signingSecret: secretRefSchema(signingSecretCheck, 'WEBHOOK_SECRET'),
});
const slackEndpoint = strict({
  id: idSchema,
  kind: z.literal('slack'),
  url: urlRef('SLACK_WEBHOOK_URL'),
});
const teamsEndpoint = strict({
  id: idSchema,
  kind: z.literal('teams'),
  url: urlRef('TEAMS_WEBHOOK_URL'),
});
const pagerDutyEndpoint = strict({
  id: idSchema,
  kind: z.literal('pagerduty'),
  routingKey: secretRefSchema(routingKeyCheck, 'PD_ROUTING_KEY'),
  url: z
    .string({ error: ENDPOINT_URL_EXPECTED })
    .refine(isEndpointUrl, { error: ENDPOINT_URL_EXPECTED })
    .default(PAGERDUTY_EVENTS_URL),
});

export const endpointSchema = z
  .discriminatedUnion(
    'kind',
    [emailEndpoint, webhookEndpoint, slackEndpoint, teamsEndpoint, pagerDutyEndpoint],
    {
      error: (issue) =>
        issue.code === 'invalid_union' ? `a kind: ${ENDPOINT_KINDS.join(', ')}` : undefined,
    },
  )
  .transform((e): EndpointInput => e);

/** Fields whose text is secret, by endpoint kind: errors there show `<secret>`. */
const SECRET_FIELDS: Record<string, readonly string[]> = {
  email: ['password'],
  webhook: ['url', 'signingSecret'],
  slack: ['url'],
  teams: ['url'],
  pagerduty: ['routingKey'],
};

/** Redacts any field that may be secret; for an unknown kind, all of them. */
export function isSecretEndpointPath(data: unknown, path: readonly (string | number)[]): boolean {
  const kind = (data as { kind?: unknown } | null)?.kind;
  const fields =
    typeof kind === 'string' && SECRET_FIELDS[kind] !== undefined
      ? SECRET_FIELDS[kind]
      : ['password', 'url', 'signingSecret', 'routingKey'];
  return path.some((segment) => typeof segment === 'string' && fields.includes(segment));
}
