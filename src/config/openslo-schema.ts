// Shapes of the OpenSLO v1 documents Forewarn reads (https://github.com/OpenSLO/OpenSLO, v1),
// plus Forewarn's own kinds under apiVersion forewarn.dev/v1. OpenSLO documents may carry
// fields Forewarn does not use (labels, metric queries), so their objects are not strict;
// our own kinds are.

import { z } from 'zod';
import { pushTokenSchema } from './client-schema.js';
import { contractSchema } from './contract-schema.js';
import { earlyWarningSchema } from './early-warning-schema.js';
import { DEFAULT_CLEAR_AFTER_MS, DEFAULT_RECOVERY_PERIOD_MS } from './objective-schema.js';
import {
  descriptionSchema,
  durationSchema,
  finiteNumber,
  idSchema,
  strict,
  textSchema,
  timeZoneSchema,
} from './schema-parts.js';

export const OPENSLO_API_VERSION = 'openslo/v1';
export const FOREWARN_EXTENSION_API_VERSION = 'forewarn.dev/v1';

/** Annotations carrying what OpenSLO cannot say (see docs of exportOpenSlo). */
export const ANNOTATION = {
  objectiveKind: 'forewarn.dev/objective-kind',
  timeSlice: 'forewarn.dev/time-slice',
  service: 'forewarn.dev/service',
  unit: 'forewarn.dev/unit',
  /** On a Service: "feature-flag=flag-service, …" (see openslo-levers.ts). */
  levers: 'forewarn.dev/levers',
} as const;

export const metadataSchema = z.object(
  {
    name: idSchema,
    displayName: textSchema.optional(),
    annotations: z
      .record(z.string(), z.string({ error: 'a string (annotation values are strings)' }), {
        error: 'a mapping of annotation names to strings',
      })
      .optional(),
  },
  { error: 'a mapping with at least a name' },
);

export const serviceSpecSchema = z
  .object({ description: descriptionSchema.optional() }, { error: 'a mapping' })
  .prefault({});

const metricSource = z.object(
  { metricSource: z.unknown() },
  { error: 'a mapping with a metricSource' },
);

export const sliSpecSchema = z
  .object(
    {
      description: descriptionSchema.optional(),
      thresholdMetric: metricSource.optional(),
      ratioMetric: z.object({}, { error: 'a mapping with good/bad and total' }).loose().optional(),
    },
    { error: 'a mapping with thresholdMetric or ratioMetric' },
  )
  .superRefine((spec, ctx) => {
    if ((spec.thresholdMetric === undefined) === (spec.ratioMetric === undefined)) {
      ctx.issues.push({
        code: 'custom',
        path: [],
        message:
          'exactly one of thresholdMetric (values, e.g. latency) or ratioMetric (good/total counts)',
        input: spec,
      });
    }
  });

export const inlineSliSchema = z.object(
  { metadata: metadataSchema, spec: sliSpecSchema },
  { error: 'an SLI with metadata and spec' },
);

const RATIO_EXPECTED = 'a ratio between 0 and 1 (exclusive), e.g. 0.999';
const PERCENT_EXPECTED = 'a percentage between 0 and 100 (exclusive)';
const SLICE_TARGET_EXPECTED = 'a ratio above 0 and at most 1, e.g. 0.95';

export const sloObjectiveSchema = z.object(
  {
    displayName: textSchema.optional(),
    op: z.enum(['lte', 'lt', 'gte', 'gt'], { error: 'one of lte, lt, gte, gt' }).optional(),
    value: finiteNumber('a number').optional(),
    target: finiteNumber(RATIO_EXPECTED)
      .refine((n) => n > 0 && n < 1, { error: RATIO_EXPECTED })
      .optional(),
    targetPercent: finiteNumber(PERCENT_EXPECTED)
      .refine((n) => n > 0 && n < 100, { error: PERCENT_EXPECTED })
      .optional(),
    timeSliceTarget: finiteNumber(SLICE_TARGET_EXPECTED)
      .refine((n) => n > 0 && n <= 1, { error: SLICE_TARGET_EXPECTED })
      .optional(),
    timeSliceWindow: durationSchema({ wholeMinutes: true }).optional(),
    indicator: z.unknown().optional(),
    indicatorRef: z.unknown().optional(),
  },
  { error: 'a mapping with a target' },
);

export const timeWindowSchema = z.object(
  {
    duration: z.string({ error: 'a duration such as "30d" or, for a calendar window, "1M"' }),
    isRolling: z.boolean({ error: 'true or false' }).optional(),
    calendar: z
      .object(
        { startTime: z.string({ error: 'a start time' }).optional(), timeZone: timeZoneSchema },
        { error: 'a mapping with startTime and timeZone' },
      )
      .optional(),
  },
  { error: 'a mapping with duration and isRolling' },
);

export const sloSpecSchema = z.object(
  {
    description: descriptionSchema.optional(),
    service: idSchema,
    indicator: inlineSliSchema.optional(),
    indicatorRef: idSchema.optional(),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices'], {
      error: 'Occurrences or Timeslices',
    }),
    timeWindow: z
      .array(timeWindowSchema, { error: 'a list with one time window' })
      .length(1, { error: 'exactly one time window' }),
    objectives: z
      .array(sloObjectiveSchema, { error: 'a list of objectives' })
      .min(1, { error: 'at least one objective' }),
    alertPolicies: z.unknown().optional(),
  },
  { error: 'a mapping with service, indicator, budgetingMethod, timeWindow and objectives' },
);

export const clientSpecSchema = strict({
  timeZone: timeZoneSchema.default('UTC'),
  pushTokens: z.array(pushTokenSchema, { error: 'a list of push tokens' }).default([]),
}).prefault({});

export const slaObjectiveEntrySchema = strict({
  slo: idSchema,
  id: idSchema.optional(),
  earlyWarning: earlyWarningSchema.optional(),
  recoveryPeriod: durationSchema().default(DEFAULT_RECOVERY_PERIOD_MS),
  clearAfter: durationSchema().default(DEFAULT_CLEAR_AFTER_MS),
});

export const slaSpecSchema = strict({
  client: idSchema,
  service: idSchema,
  contract: contractSchema,
  objectives: z
    .array(z.unknown(), { error: 'a list of { slo, id, earlyWarning, … } entries' })
    .min(1, { error: 'at least one objective' }),
});

export const documentHeaderSchema = z.object({
  apiVersion: z.string(),
  kind: z.string({ error: 'a kind such as SLO, SLI or Service' }),
  metadata: metadataSchema,
  spec: z.unknown().optional(),
});
