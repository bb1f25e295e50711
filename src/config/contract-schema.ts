// The contract terms of an SLA: notice time, update cadence, fee, service credits, exclusions,
// what happens when no notice is sent in time, when the postmortem is due, how credits are
// measured, and the contract's start and end.

import { z } from 'zod';
import type {
  ContractTerms,
  CreditMeasurement,
  CreditTier,
  Exclusion,
} from '../domain/definitions.js';
import {
  durationSchema,
  finiteNumber,
  instantSchema,
  percentToRatio,
  strict,
  textSchema,
} from './schema-parts.js';

/** Defaults Forewarn applies when a contract does not say (brief: notice 15m, updates every 30m). */
export const DEFAULT_NOTICE_MS = 15 * 60_000;
export const DEFAULT_UPDATE_CADENCE_MS = 30 * 60_000;
/** The postmortem is due within the week of the resolution. */
export const DEFAULT_POSTMORTEM_DUE_MS = 5 * 86_400_000;
/** GCP's "Downtime Period": five consecutive minutes of downtime. */
export const DEFAULT_MINIMUM_DOWNTIME_MS = 5 * 60_000;
export const DEFAULT_CREDIT_INTERVAL_MS = 5 * 60_000;

const PERCENT_UP_TO_100 = 'a percentage above 0 and at most 100';
const percentUpTo100 = finiteNumber(PERCENT_UP_TO_100).refine((n) => n > 0 && n <= 100, {
  error: PERCENT_UP_TO_100,
});

const creditTierSchema = strict({ below: percentUpTo100, credit: percentUpTo100 }).transform(
  (t): CreditTier => ({ belowPercent: t.below, creditPercent: t.credit }),
);

const creditTiersSchema = z
  .array(creditTierSchema, { error: 'a list of { below, credit } tiers' })
  .superRefine((tiers, ctx) => {
    for (let i = 1; i < tiers.length; i++) {
      const previous = tiers[i - 1];
      const tier = tiers[i];
      if (previous === undefined || tier === undefined) continue;
      if (tier.belowPercent >= previous.belowPercent) {
        ctx.issues.push({
          code: 'custom',
          path: [i, 'below'],
          message: `a "below" lower than the previous tier's ${previous.belowPercent} (tiers go from the mildest breach to the worst)`,
          input: tier.belowPercent,
        });
      } else if (tier.creditPercent < previous.creditPercent) {
        ctx.issues.push({
          code: 'custom',
          path: [i, 'credit'],
          message: `a credit of at least the previous tier's ${previous.creditPercent} (a worse breach never earns less)`,
          input: tier.creditPercent,
        });
      }
    }
  });

const exclusionSchema = strict({ name: textSchema, from: instantSchema, to: instantSchema })
  .superRefine((e, ctx) => {
    if (Date.parse(e.to) <= Date.parse(e.from)) {
      ctx.issues.push({
        code: 'custom',
        path: ['to'],
        message: `an instant after "from" (${e.from})`,
        input: e.to,
      });
    }
  })
  .transform((e): Exclusion => ({ name: e.name, startsAt: e.from, endsAt: e.to }));

const CURRENCY_EXPECTED = 'an ISO 4217 currency code such as "EUR"';
const monthlyFeeSchema = strict({
  amount: finiteNumber('an amount of 0 or more').refine((n) => n >= 0, {
    error: 'an amount of 0 or more',
  }),
  currency: z
    .string({ error: CURRENCY_EXPECTED })
    .regex(/^[A-Z]{3}$/, { error: CURRENCY_EXPECTED }),
});

const ERROR_RATE_EXPECTED = 'a percentage from 0 up to (not including) 100';
const badMinuteErrorRateSchema = finiteNumber(ERROR_RATE_EXPECTED).refine(
  (n) => n >= 0 && n < 100,
  {
    error: ERROR_RATE_EXPECTED,
  },
);

const creditMeasurementSchema = strict({
  basis: z
    .enum(['time', 'requests'], {
      error: 'one of "time" (good minutes) or "requests" (error rate)',
    })
    .default('time'),
  minimumDowntime: durationSchema({ wholeMinutes: true }).default(DEFAULT_MINIMUM_DOWNTIME_MS),
  badMinuteErrorRate: badMinuteErrorRateSchema.optional(),
  interval: durationSchema({ wholeMinutes: true }).default(DEFAULT_CREDIT_INTERVAL_MS),
})
  .prefault({})
  .transform((m): CreditMeasurement => ({
    basis: m.basis,
    minimumDowntimeMs: m.minimumDowntime,
    intervalMs: m.interval,
    ...(m.badMinuteErrorRate === undefined
      ? {}
      : { badMinuteErrorRatio: percentToRatio(m.badMinuteErrorRate) }),
  }));

export const contractSchema = strict({
  noticeTime: durationSchema().default(DEFAULT_NOTICE_MS),
  updateCadence: durationSchema().default(DEFAULT_UPDATE_CADENCE_MS),
  monthlyFee: monthlyFeeSchema.optional(),
  creditTiers: creditTiersSchema.default([]),
  exclusions: z.array(exclusionSchema, { error: 'a list of exclusions' }).default([]),
  autoNotice: z.boolean({ error: 'true or false' }).default(true),
  noticeFallback: z
    .enum(['auto-send', 'remind-only'], { error: 'one of "auto-send" or "remind-only"' })
    .default('auto-send'),
  postmortemDue: durationSchema().default(DEFAULT_POSTMORTEM_DUE_MS),
  credits: creditMeasurementSchema,
  startsAt: instantSchema.optional(),
  endsAt: instantSchema.optional(),
})
  .superRefine((c, ctx) => {
    if (c.startsAt === undefined || c.endsAt === undefined) return;
    if (Date.parse(c.endsAt) <= Date.parse(c.startsAt)) {
      ctx.issues.push({
        code: 'custom',
        path: ['endsAt'],
        message: `an instant after "startsAt" (${c.startsAt})`,
        input: c.endsAt,
      });
    }
  })
  .prefault({})
  .transform((c): ContractTerms => ({
    noticeMs: c.noticeTime,
    updateCadenceMs: c.updateCadence,
    creditTiers: c.creditTiers,
    exclusions: c.exclusions,
    autoNotice: c.autoNotice,
    noticeFallback: c.noticeFallback,
    postmortemDueMs: c.postmortemDue,
    credits: c.credits,
    ...(c.startsAt === undefined ? {} : { startsAt: c.startsAt }),
    ...(c.endsAt === undefined ? {} : { endsAt: c.endsAt }),
    ...(c.monthlyFee === undefined ? {} : { monthlyFee: c.monthlyFee }),
  }));
