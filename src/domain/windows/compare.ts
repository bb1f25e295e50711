import type { Comparator } from '../definitions.js';

/** Whether `value comparator threshold` holds, e.g. satisfies('<=', 700, 800) is true. */
export function satisfies(comparator: Comparator, value: number, threshold: number): boolean {
  switch (comparator) {
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
  }
}
