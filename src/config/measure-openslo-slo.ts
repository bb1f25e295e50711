// What an OpenSLO SLO measures, in Forewarn's terms: a threshold objective (annotated
// forewarn.dev/objective-kind: threshold) or an error budget, with goodWhen or a time slice.

import type { z } from 'zod';
import type { WindowDef } from '../domain/definitions.js';
import type { ConfigError, PathSegment } from './config-error.js';
import { parseDuration } from './duration.js';
import { describeBudget, TIME_SLICE_MS } from './objective-schema.js';
import type { documentHeaderSchema, sloSpecSchema } from './openslo-schema.js';
import { ANNOTATION } from './openslo-schema.js';
import type { SliceRule } from './openslo-slice-rule.js';
import {
  comparatorOfOp,
  formatSliceRule,
  parseSliceRule,
  SLICE_TARGET_EXPECTED,
  sliceRuleFromOpenSlo,
} from './openslo-slice-rule.js';
import { PERIOD_EXPECTED, percentToRatio, ratioToPercent } from './schema-parts.js';
import type { Where } from './source-document.js';
import { errorAt } from './source-document.js';

export type Metadata = z.output<typeof documentHeaderSchema>['metadata'];
export type SloSpec = z.output<typeof sloSpecSchema>;

export interface Doc<Spec> {
  metadata: Metadata;
  spec: Spec;
  /** The document (or, for an inline SLI, the indicator mapping). */
  where: Where;
}

export const within = (where: Where, ...path: PathSegment[]): Where => ({
  source: where.source,
  path: [...where.path, ...path],
});

export interface Measured {
  objective: MeasuredObjective;
  defaultName: string;
  calendarTimeZone?: string;
  /** Where the fields of our format live in the SLO document. */
  fields: Record<string, PathSegment[]>;
}

type MeasuredObjective =
  | {
      kind: 'threshold';
      statistic: SliceRule['statistic'];
      comparator: SliceRule['comparator'];
      threshold: number;
      measurementWindowMs: number;
    }
  | {
      kind: 'budget';
      objectiveRatio: number;
      period: WindowDef;
      goodWhen?: { comparator: SliceRule['comparator']; threshold: number };
      timeSlice?: { sliceMs: number } & SliceRule;
    };

type MeasureResult = { ok: true; value: Measured } | { ok: false; errors: ConfigError[] };

const THRESHOLD_KIND = 'threshold';

export function measureSlo(slo: Doc<SloSpec>): MeasureResult {
  const errors: ConfigError[] = [];
  const at = (...path: PathSegment[]) => within(slo.where, ...path);
  const spec = slo.spec;
  const annotations = slo.metadata.annotations ?? {};
  const objectivePath: PathSegment[] = ['spec', 'objectives', 0];
  if (spec.objectives.length > 1) {
    errors.push(
      errorAt(
        at('spec', 'objectives', 1),
        'one objective per SLO (put each objective in its own SLO document)',
        {
          message:
            'Forewarn reads one objective per SLO; put each objective in its own SLO document',
        },
      ),
    );
  }
  const o = spec.objectives[0];
  if (o === undefined) return { ok: false, errors };
  if (o.indicator !== undefined || o.indicatorRef !== undefined) {
    errors.push(
      errorAt(
        at(...objectivePath, o.indicator !== undefined ? 'indicator' : 'indicatorRef'),
        'no per-objective indicator (composite SLOs are not supported)',
      ),
    );
  }

  const kindText = annotations[ANNOTATION.objectiveKind] ?? 'budget';
  const kindPath: PathSegment[] = ['metadata', 'annotations', ANNOTATION.objectiveKind];
  if (kindText !== THRESHOLD_KIND && kindText !== 'budget') {
    errors.push(errorAt(at(...kindPath), '"budget" or "threshold"'));
    return { ok: false, errors };
  }

  const sliceRuleText = annotations[ANNOTATION.timeSlice];
  const sliceAnnotationPath: PathSegment[] = ['metadata', 'annotations', ANNOTATION.timeSlice];
  const readSliceRule = (): { rule: SliceRule; statisticPath: PathSegment[] } | undefined => {
    if (sliceRuleText !== undefined) {
      const rule = parseSliceRule(sliceRuleText);
      if (!rule)
        errors.push(
          errorAt(
            at(...sliceAnnotationPath),
            'a rule such as "p95 <= 800" or "good-ratio >= 0.95"',
          ),
        );
      return rule && { rule, statisticPath: sliceAnnotationPath };
    }
    if (o.timeSliceTarget === undefined) {
      errors.push(
        errorAt(
          at(...objectivePath, 'timeSliceTarget'),
          'a timeSliceTarget, the share of good events a slice needs',
        ),
      );
      return undefined;
    }
    const rule = sliceRuleFromOpenSlo({
      op: o.op,
      value: o.value,
      timeSliceTarget: o.timeSliceTarget,
    });
    if (!rule) errors.push(errorAt(at(...objectivePath, 'timeSliceTarget'), SLICE_TARGET_EXPECTED));
    return rule && { rule, statisticPath: [...objectivePath, 'timeSliceTarget'] };
  };

  if (kindText === THRESHOLD_KIND) {
    const slice = readSliceRule();
    if (o.timeSliceWindow === undefined) {
      errors.push(
        errorAt(
          at(...objectivePath, 'timeSliceWindow'),
          'the measurement window as timeSliceWindow, e.g. "5m"',
        ),
      );
    }
    if (!slice || o.timeSliceWindow === undefined || errors.length > 0)
      return { ok: false, errors };
    const { rule } = slice;
    return {
      ok: true,
      value: {
        objective: { kind: 'threshold', ...rule, measurementWindowMs: o.timeSliceWindow },
        defaultName: `${formatSliceRule(rule)} over ${spec.timeWindow[0]?.duration ?? ''}`.trim(),
        fields: { 'threshold.statistic': slice.statisticPath, threshold: objectivePath },
      },
    };
  }

  let objectiveRatio: number | undefined;
  if (o.target !== undefined && o.targetPercent !== undefined) {
    errors.push(
      errorAt(at(...objectivePath, 'targetPercent'), 'either target or targetPercent, not both'),
    );
  } else if (o.target !== undefined) objectiveRatio = o.target;
  else if (o.targetPercent !== undefined) objectiveRatio = percentToRatio(o.targetPercent);
  else
    errors.push(
      errorAt(
        at(...objectivePath, 'target'),
        'a target between 0 and 1 (or targetPercent between 0 and 100)',
      ),
    );

  const window = spec.timeWindow[0];
  let period: WindowDef | undefined;
  let calendarTimeZone: string | undefined;
  if (window) {
    const rolling = window.isRolling ?? window.calendar === undefined;
    if (rolling) {
      const ms = parseDuration(window.duration);
      if (ms === undefined || ms % 60_000 !== 0 || ms < 3_600_000) {
        errors.push(
          errorAt(
            at('spec', 'timeWindow', 0, 'duration'),
            PERIOD_EXPECTED.replace(' or "calendar-month"', ''),
          ),
        );
      } else period = { kind: 'rolling', durationMs: ms };
    } else if (window.duration !== '1M') {
      errors.push(
        errorAt(
          at('spec', 'timeWindow', 0, 'duration'),
          '"1M" (Forewarn\'s calendar windows are months) or a rolling window',
        ),
      );
    } else {
      period = { kind: 'calendar-month' };
      calendarTimeZone = window.calendar?.timeZone;
    }
  }

  const fields: Record<string, PathSegment[]> = { budget: objectivePath };
  let extra: Pick<Extract<MeasuredObjective, { kind: 'budget' }>, 'goodWhen' | 'timeSlice'> = {};
  if (spec.budgetingMethod === 'RatioTimeslices') {
    errors.push(
      errorAt(
        at('spec', 'budgetingMethod'),
        'Occurrences or Timeslices (RatioTimeslices is not supported)',
      ),
    );
  } else if (spec.budgetingMethod === 'Occurrences' && o.op !== undefined) {
    if (o.value === undefined)
      errors.push(errorAt(at(...objectivePath, 'value'), 'a value to compare each event with'));
    else extra = { goodWhen: { comparator: comparatorOfOp(o.op), threshold: o.value } };
    fields['budget.goodWhen'] = [...objectivePath, 'op'];
  } else if (spec.budgetingMethod === 'Timeslices') {
    if (o.timeSliceWindow !== undefined && o.timeSliceWindow !== TIME_SLICE_MS) {
      errors.push(
        errorAt(
          at(...objectivePath, 'timeSliceWindow'),
          '"1m" (Forewarn\'s time slices are one rollup minute)',
        ),
      );
    }
    const slice = readSliceRule();
    if (slice) {
      extra = { timeSlice: { sliceMs: TIME_SLICE_MS, ...slice.rule } };
      fields['budget.timeSlice'] = objectivePath;
      fields['budget.timeSlice.statistic'] = slice.statisticPath;
    }
  }
  if (errors.length > 0 || objectiveRatio === undefined || period === undefined)
    return { ok: false, errors };
  return {
    ok: true,
    value: {
      objective: { kind: 'budget', objectiveRatio, period, ...extra },
      defaultName: describeBudget(
        ratioToPercent(objectiveRatio),
        period,
        extra.goodWhen,
        extra.timeSlice,
      ),
      ...(calendarTimeZone === undefined ? {} : { calendarTimeZone }),
      fields,
    },
  };
}
