// One objective of an SLA: a threshold on a statistic over a short window, or an error budget
// over a period. Checks that need the SLI (its kind, its service) run later, in check-inputs.ts.

import { z } from 'zod';
import type { GoodWhen, Statistic, TimeSliceDef, WindowDef } from '../domain/definitions.js';
import type { ObjectiveInput } from './config-input.js';
import { formatDuration } from './duration.js';
import { earlyWarningSchema } from './early-warning-schema.js';
import {
  comparatorSchema,
  durationSchema,
  finiteNumber,
  idSchema,
  percentToRatio,
  periodSchema,
  statisticSchema,
  strict,
  textSchema,
} from './schema-parts.js';

/** Brief defaults: recovered after 10 minutes within threshold, warnings clear after 5 quiet minutes. */
export const DEFAULT_RECOVERY_PERIOD_MS = 10 * 60_000;
export const DEFAULT_CLEAR_AFTER_MS = 5 * 60_000;
/** Time slices are one rollup minute long. */
export const TIME_SLICE_MS = 60_000;

export const OBJECTIVE_PERCENT_EXPECTED = 'a percentage between 0 and 100 (exclusive)';
export const GOOD_RATIO_EXPECTED = 'a good-ratio above 0 and at most 1, e.g. 0.95';

const thresholdValue = finiteNumber('a number');

const thresholdSchema = strict({
  statistic: statisticSchema,
  comparator: comparatorSchema,
  value: thresholdValue,
  window: durationSchema({ wholeMinutes: true }),
}).superRefine((t, ctx) => checkGoodRatioValue(t.statistic, t.value, ctx));

const goodWhenSchema = strict({ comparator: comparatorSchema, value: thresholdValue }).transform(
  (g): GoodWhen => ({ comparator: g.comparator, threshold: g.value }),
);

const timeSliceSchema = strict({
  statistic: statisticSchema,
  comparator: comparatorSchema,
  value: thresholdValue,
})
  .superRefine((t, ctx) => checkGoodRatioValue(t.statistic, t.value, ctx))
  .transform((t): TimeSliceDef => ({
    sliceMs: TIME_SLICE_MS,
    statistic: t.statistic,
    comparator: t.comparator,
    threshold: t.value,
  }));

const budgetSchema = strict({
  objective: finiteNumber(OBJECTIVE_PERCENT_EXPECTED).refine((n) => n > 0 && n < 100, {
    error: OBJECTIVE_PERCENT_EXPECTED,
  }),
  period: periodSchema,
  goodWhen: goodWhenSchema.optional(),
  timeSlice: timeSliceSchema.optional(),
}).superRefine((b, ctx) => {
  if (b.goodWhen && b.timeSlice) {
    ctx.issues.push({
      code: 'custom',
      path: ['timeSlice'],
      message: 'either goodWhen (each value) or timeSlice (each minute), not both',
      input: b.timeSlice,
    });
  }
});

const ONE_KIND_EXPECTED = 'exactly one of "threshold" or "budget"';

export const objectiveSchema = strict({
  id: idSchema,
  name: textSchema.optional(),
  sli: idSchema,
  threshold: thresholdSchema.optional(),
  budget: budgetSchema.optional(),
  earlyWarning: earlyWarningSchema.optional(),
  recoveryPeriod: durationSchema().default(DEFAULT_RECOVERY_PERIOD_MS),
  clearAfter: durationSchema().default(DEFAULT_CLEAR_AFTER_MS),
}).transform((o, ctx): ObjectiveInput => {
  const common = {
    localId: o.id,
    sliId: o.sli,
    earlyWarning: o.earlyWarning,
    recoveryPeriodMs: o.recoveryPeriod,
    clearAfterMs: o.clearAfter,
  };
  if (o.threshold && !o.budget) {
    const t = o.threshold;
    return {
      ...common,
      kind: 'threshold',
      name: o.name ?? `${t.statistic} ${t.comparator} ${t.value} over ${formatDuration(t.window)}`,
      statistic: t.statistic,
      comparator: t.comparator,
      threshold: t.value,
      measurementWindowMs: t.window,
    };
  }
  if (o.budget && !o.threshold) {
    const b = o.budget;
    return {
      ...common,
      kind: 'budget',
      name: o.name ?? describeBudget(b.objective, b.period, b.goodWhen, b.timeSlice),
      objectiveRatio: percentToRatio(b.objective),
      period: b.period,
      ...(b.goodWhen ? { goodWhen: b.goodWhen } : {}),
      ...(b.timeSlice ? { timeSlice: b.timeSlice } : {}),
    };
  }
  // A misspelt "budget" is already reported as an unknown key; saying "missing" too is noise.
  if (ctx.issues.some((i) => i.code === 'unrecognized_keys')) return z.NEVER;
  ctx.issues.push({
    code: 'custom',
    path: o.threshold ? ['budget'] : [],
    message: ONE_KIND_EXPECTED,
    input: o,
  });
  return z.NEVER;
});

function checkGoodRatioValue(statistic: Statistic, value: number, ctx: z.RefinementCtx): void {
  if (statistic === 'good-ratio' && (value <= 0 || value > 1)) {
    ctx.issues.push({
      code: 'custom',
      path: ['value'],
      message: GOOD_RATIO_EXPECTED,
      input: value,
    });
  }
}

export function describeBudget(
  percent: number,
  period: WindowDef,
  goodWhen: GoodWhen | undefined,
  timeSlice: TimeSliceDef | undefined,
): string {
  const over =
    period.kind === 'calendar-month'
      ? 'per calendar month'
      : `over ${formatDuration(period.durationMs)}`;
  if (goodWhen) return `${percent}% of values ${goodWhen.comparator} ${goodWhen.threshold} ${over}`;
  if (timeSlice) {
    return `${percent}% of minutes with ${timeSlice.statistic} ${timeSlice.comparator} ${timeSlice.threshold} ${over}`;
  }
  return `${percent}% good ${over}`;
}
