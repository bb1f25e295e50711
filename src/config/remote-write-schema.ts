// A `remoteWrite:` entry: which remote-written series feed an SLI. Ratio SLIs take cumulative
// counters selected by `good` and `total`; distribution SLIs take the samples of `value`.

import { z } from 'zod';
import type { RemoteWriteRule } from '../domain/sources.js';
import { idSchema, strict } from './schema-parts.js';
import { parseSeriesSelector } from './series-selector.js';

const selector = (what: string) => {
  const expected = `a series selector for ${what}, e.g. http_requests_total{job="api",code!~"5.."}`;
  return z.string({ error: expected }).transform((text, ctx) => {
    const parsed = parseSeriesSelector(text);
    if (!parsed.ok) {
      ctx.issues.push({
        code: 'custom',
        message: `${expected}: expected ${parsed.problem}`,
        input: text,
      });
      return z.NEVER;
    }
    return parsed.matchers;
  });
};

export const remoteWriteRuleSchema = strict({
  sli: idSchema,
  good: selector('the good-event counters').optional(),
  total: selector('all-event counters').optional(),
  value: selector("the SLI's values").optional(),
}).transform((r, ctx): RemoteWriteRule => {
  if (r.value !== undefined && r.good === undefined && r.total === undefined) {
    return { sliId: r.sli, kind: 'value', value: r.value };
  }
  if (r.value === undefined && r.good !== undefined && r.total !== undefined) {
    return { sliId: r.sli, kind: 'ratio', good: r.good, total: r.total };
  }
  ctx.issues.push({
    code: 'custom',
    message:
      'either "good" and "total" selectors (a ratio SLI) or one "value" selector (a distribution SLI)',
    input: r,
  });
  return z.NEVER;
});
