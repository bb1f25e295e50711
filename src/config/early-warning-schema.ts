// How an objective warns before it breaches: share of the threshold, projected trend, or
// multi-window burn rates (budget objectives).

import { z } from 'zod';
import type { BurnRateRule } from '../domain/definitions.js';
import type { EarlyWarningInput } from './config-input.js';
import { durationSchema, finiteNumber, strict } from './schema-parts.js';

/** Used when an objective says nothing about early warning (brief defaults). */
export const DEFAULT_FRACTION_OF_THRESHOLD = { enterRatio: 0.8, hysteresisRatio: 0.05 };
export const DEFAULT_TREND_LOOKBACK_MS = 10 * 60_000;

const ENTER_AT_EXPECTED = 'a share of the threshold between 0 and 1 (exclusive), e.g. 0.8';
const HYSTERESIS_EXPECTED = 'a share between 0 (inclusive) and 1, e.g. 0.05';

const fractionOfThresholdSchema = strict({
  enterAt: finiteNumber(ENTER_AT_EXPECTED).refine((n) => n > 0 && n < 1, {
    error: ENTER_AT_EXPECTED,
  }),
  hysteresis: finiteNumber(HYSTERESIS_EXPECTED)
    .refine((n) => n >= 0 && n < 1, { error: HYSTERESIS_EXPECTED })
    .default(DEFAULT_FRACTION_OF_THRESHOLD.hysteresisRatio),
})
  .superRefine((f, ctx) => {
    if (f.hysteresis >= f.enterAt) {
      ctx.issues.push({
        code: 'custom',
        path: ['hysteresis'],
        message: `a hysteresis below enterAt (${f.enterAt})`,
        input: f.hysteresis,
      });
    }
  })
  .transform((f) => ({ enterRatio: f.enterAt, hysteresisRatio: f.hysteresis }));

const trendProjectionSchema = strict({
  horizon: durationSchema(),
  lookback: durationSchema({ wholeMinutes: true }).default(DEFAULT_TREND_LOOKBACK_MS),
}).transform((t) => ({ horizonMs: t.horizon, lookbackMs: t.lookback }));

const RATE_EXPECTED = 'a burn rate above 0, e.g. 14.4';
const burnRateRuleSchema = strict({
  severity: z.enum(['page', 'ticket'], { error: '"page" or "ticket"' }),
  long: durationSchema(),
  short: durationSchema(),
  rate: finiteNumber(RATE_EXPECTED).refine((n) => n > 0, { error: RATE_EXPECTED }),
})
  .superRefine((r, ctx) => {
    if (r.short >= r.long) {
      ctx.issues.push({
        code: 'custom',
        path: ['short'],
        message: 'a short window shorter than the long window',
        input: r.short,
      });
    }
  })
  .transform((r): BurnRateRule => ({
    severity: r.severity,
    longWindowMs: r.long,
    shortWindowMs: r.short,
    burnRate: r.rate,
  }));

export const BURN_RATES_EXPECTED =
  '"default" (SRE Workbook table scaled to the period) or a list of { severity, long, short, rate }';

export const earlyWarningSchema = strict({
  fractionOfThreshold: fractionOfThresholdSchema.optional(),
  trendProjection: trendProjectionSchema.optional(),
  burnRates: z
    .union(
      [z.literal('default'), z.array(burnRateRuleSchema).min(1, { error: BURN_RATES_EXPECTED })],
      {
        error: BURN_RATES_EXPECTED,
      },
    )
    .optional(),
}).transform((e): EarlyWarningInput => ({
  ...(e.fractionOfThreshold ? { fractionOfThreshold: e.fractionOfThreshold } : {}),
  ...(e.trendProjection ? { trendProjection: e.trendProjection } : {}),
  ...(e.burnRates ? { burnRates: e.burnRates } : {}),
}));
