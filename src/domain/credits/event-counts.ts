// Good and total events of a minute for a budget objective: a ratio SLI's own counts, or a
// distribution SLI's values classified by the objective's goodWhen rule.

import type { BudgetObjectiveDef } from '../definitions.js';
import type { MinuteData } from '../windows/minute-data.js';

export interface EventCounts {
  good: number;
  total: number;
}

export function eventCountsOf(
  objective: Pick<BudgetObjectiveDef, 'goodWhen'>,
  data: MinuteData | undefined,
): EventCounts {
  if (data === undefined) return { good: 0, total: 0 };
  const rule = objective.goodWhen;
  if (rule === undefined) return { good: Math.min(data.good, data.total), total: data.total };
  const sketch = data.sketch;
  if (sketch === null) return { good: 0, total: 0 };
  return { good: sketch.countWhere(rule.comparator, rule.threshold), total: sketch.count };
}
