// When is a time slice good? Forewarn says "p95 <= 800" or "good-ratio >= 0.95"; OpenSLO says
// op/value per event plus timeSliceTarget, the share of good events a slice needs.
// For "<=" and "<", "p95 <= 800" is "at least 95% of values <= 800", so the percentile maps to
// timeSliceTarget and no annotation is needed. Everything else travels in an annotation.

import type { Comparator, Statistic } from '../domain/definitions.js';
import { STATISTICS } from './schema-parts.js';

export interface SliceRule {
  statistic: Statistic;
  comparator: Comparator;
  threshold: number;
}

export type OpenSloOp = 'lte' | 'lt' | 'gte' | 'gt';

export interface OpenSloSliceFields {
  op?: OpenSloOp;
  value?: number;
  timeSliceTarget: number;
}

const OP_OF: Record<Comparator, OpenSloOp> = { '<=': 'lte', '<': 'lt', '>=': 'gte', '>': 'gt' };
const COMPARATOR_OF: Record<OpenSloOp, Comparator> = { lte: '<=', lt: '<', gte: '>=', gt: '>' };

const PERCENTILE_SHARE: Partial<Record<Statistic, number>> = {
  p50: 0.5,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
  p999: 0.999,
  max: 1,
};

export const comparatorOfOp = (op: OpenSloOp): Comparator => COMPARATOR_OF[op];
export const opOfComparator = (comparator: Comparator): OpenSloOp => OP_OF[comparator];

export const SLICE_TARGET_EXPECTED = `a timeSliceTarget Forewarn can read as a percentile (${Object.values(
  PERCENTILE_SHARE,
).join(', ')}) with op lte or lt, or a forewarn.dev/time-slice annotation such as "p95 <= 800"`;

/** The OpenSLO fields for a rule, and the annotation text when those fields cannot carry it. */
export function sliceRuleToOpenSlo(rule: SliceRule): {
  fields: OpenSloSliceFields;
  annotation?: string;
} {
  const annotation = formatSliceRule(rule);
  if (rule.statistic === 'good-ratio') {
    const fields = { timeSliceTarget: rule.threshold };
    return rule.comparator === '>=' ? { fields } : { fields, annotation };
  }
  const share = PERCENTILE_SHARE[rule.statistic];
  const fields = {
    op: OP_OF[rule.comparator],
    value: rule.threshold,
    timeSliceTarget: share ?? 1,
  };
  const derivable = share !== undefined && (rule.comparator === '<=' || rule.comparator === '<');
  return derivable ? { fields } : { fields, annotation };
}

/** The rule the standard fields describe, or undefined when they do not map to a statistic. */
export function sliceRuleFromOpenSlo(fields: {
  op?: OpenSloOp | undefined;
  value?: number | undefined;
  timeSliceTarget: number;
}): SliceRule | undefined {
  if (fields.op === undefined) {
    return { statistic: 'good-ratio', comparator: '>=', threshold: fields.timeSliceTarget };
  }
  if (fields.value === undefined || (fields.op !== 'lte' && fields.op !== 'lt')) return undefined;
  const statistic = (Object.keys(PERCENTILE_SHARE) as Statistic[]).find(
    (s) => PERCENTILE_SHARE[s] === fields.timeSliceTarget,
  );
  return statistic === undefined
    ? undefined
    : { statistic, comparator: COMPARATOR_OF[fields.op], threshold: fields.value };
}

export function formatSliceRule(rule: SliceRule): string {
  return `${rule.statistic} ${rule.comparator} ${rule.threshold}`;
}

const RULE_PATTERN = /^\s*([a-z0-9-]+)\s*(<=|<|>=|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;

export function parseSliceRule(text: string): SliceRule | undefined {
  const match = RULE_PATTERN.exec(text);
  if (!match) return undefined;
  const statistic = STATISTICS.find((s) => s === match[1]);
  const comparator = match[2] as Comparator;
  const threshold = Number(match[3]);
  return statistic === undefined || !Number.isFinite(threshold)
    ? undefined
    : { statistic, comparator, threshold };
}
