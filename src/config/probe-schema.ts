// A `probes:` entry: an HTTP check Forewarn runs itself, feeding an availability SLI (one
// good/total event per check) and/or a latency SLI (the response time of each answer).

import { z } from 'zod';
import type { ProbeDef } from '../domain/sources.js';
import type { SecretRef } from './config-input.js';
import { headersSchema } from './source-headers-schema.js';
import { durationSchema, idSchema, strict } from './schema-parts.js';

export type ProbeInput = Omit<ProbeDef, 'headers'> & { headers: Record<string, SecretRef> };

export const PROBE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const MIN_PROBE_INTERVAL_MS = 1_000;
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;

const PROBE_URL_EXPECTED =
  'an http:// or https:// URL with a host, e.g. "https://api.example.com/health"';

function isProbeUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const statusSchema = z
  .number({ error: 'an HTTP status code from 100 to 599' })
  .int({ error: 'an HTTP status code from 100 to 599' })
  .min(100, { error: 'an HTTP status code from 100 to 599' })
  .max(599, { error: 'an HTTP status code from 100 to 599' });

const expectSchema = strict({
  status: z
    .union([statusSchema.transform((s) => [s]), z.array(statusSchema).min(1)], {
      error: 'a status code or a list of them, e.g. [200, 204]',
    })
    .optional(),
  bodyContains: z
    .string({ error: 'a non-empty text to find in the body' })
    .min(1, { error: 'a non-empty text to find in the body' })
    .max(1000, { error: 'a text of at most 1000 characters' })
    .optional(),
  maxLatency: durationSchema().optional(),
});

export const probeSchema = strict({
  id: idSchema,
  service: idSchema,
  url: z.string({ error: PROBE_URL_EXPECTED }).refine(isProbeUrl, { error: PROBE_URL_EXPECTED }),
  method: z.enum(PROBE_METHODS, { error: `one of ${PROBE_METHODS.join(', ')}` }).default('GET'),
  headers: headersSchema,
  body: z.string({ error: 'a text' }).max(65_536, { error: 'a body of at most 64 KiB' }).optional(),
  interval: durationSchema({ expected: 'a duration of at least "1s", such as "10s" or "1m"' })
    .refine((ms) => ms >= MIN_PROBE_INTERVAL_MS, {
      error: 'a duration of at least "1s", such as "10s" or "1m"',
    })
    .default(DEFAULT_INTERVAL_MS),
  /** Default: 10 s, or the interval when that is shorter. */
  timeout: durationSchema()
    .refine((ms) => ms > 0, { error: 'a duration above zero' })
    .optional(),
  expect: expectSchema.default({}),
  certificateMinValidity: durationSchema().optional(),
  availabilitySli: idSchema.optional(),
  latencySli: idSchema.optional(),
})
  .superRefine((p, ctx) => {
    if (p.timeout !== undefined && p.timeout > p.interval) {
      ctx.issues.push({
        code: 'custom',
        path: ['timeout'],
        message: `a timeout no longer than the interval (${p.interval / 1000}s), so checks never overlap`,
        input: p.timeout,
      });
    }
    if (p.availabilitySli === undefined && p.latencySli === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['availabilitySli'],
        message:
          'an SLI the probe feeds: availabilitySli (a ratio SLI) and/or latencySli (a distribution SLI)',
        input: undefined,
      });
    }
    if (p.certificateMinValidity !== undefined && !p.url.startsWith('https:')) {
      ctx.issues.push({
        code: 'custom',
        path: ['certificateMinValidity'],
        message: 'an https:// URL: only those have a certificate to check',
        input: p.certificateMinValidity,
      });
    }
  })
  .transform((p): ProbeInput => ({
    id: p.id,
    serviceId: p.service,
    method: p.method,
    url: p.url,
    headers: p.headers,
    ...(p.body === undefined ? {} : { body: p.body }),
    intervalMs: p.interval,
    timeoutMs: p.timeout ?? Math.min(DEFAULT_TIMEOUT_MS, p.interval),
    expect: {
      status: p.expect.status ?? [],
      ...(p.expect.bodyContains === undefined ? {} : { bodyContains: p.expect.bodyContains }),
      ...(p.expect.maxLatency === undefined ? {} : { maxLatencyMs: p.expect.maxLatency }),
    },
    ...(p.certificateMinValidity === undefined
      ? {}
      : { certificateMinValidityMs: p.certificateMinValidity }),
    ...(p.availabilitySli === undefined ? {} : { availabilitySli: p.availabilitySli }),
    ...(p.latencySli === undefined ? {} : { latencySli: p.latencySli }),
  }));
