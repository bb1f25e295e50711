// detectFractionOfThreshold skips rounding when the fraction is clearly below the level; it must
// hold exactly where the rounded fraction reaches the level, near the level above all.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aThresholdObjective } from '../../../test/support/builders.js';
import type { Comparator, ThresholdObjectiveDef } from '../definitions.js';
import { detectFractionOfThreshold, fractionOfThreshold } from './detect-early-warning.js';
import { toSignificant } from './significant.js';

/** The check as it read before the shortcut: round, then compare. */
function reference(def: ThresholdObjectiveDef, observed: number, alreadyWarning: boolean) {
  const policy = def.earlyWarning.fractionOfThreshold!;
  const used = fractionOfThreshold(def, observed);
  if (used === undefined) return false;
  const holdFrom = alreadyWarning
    ? toSignificant(policy.enterRatio - policy.hysteresisRatio)
    : policy.enterRatio;
  return !(used < holdFrom);
}

const scenario = fc
  .record({
    comparator: fc.constantFrom<Comparator>('<=', '<', '>=', '>'),
    goodRatio: fc.boolean(),
    threshold: fc.oneof(
      fc.constantFrom(0, 0.99, 1, 500, 800),
      fc.double({ min: -10, max: 2000, noNaN: true }),
    ),
    enterRatio: fc.oneof(
      fc.constantFrom(0.7, 0.8, 0.85),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    ),
    hysteresisRatio: fc.constantFrom(0, 0.05, 0.8, 1),
    alreadyWarning: fc.boolean(),
    /** Observed values at the entry level, a hair off it, or anywhere. */
    nudge: fc.oneof(
      fc.constant(0),
      fc.integer({ min: -3, max: 3 }).map((k) => k * 1e-12),
      fc.double({ min: -1e-9, max: 1e-9, noNaN: true }),
    ),
    anywhere: fc.option(fc.double({ min: -100, max: 5000, noNaN: true }), { nil: undefined }),
  })
  .map((s) => {
    const def = aThresholdObjective({
      comparator: s.comparator,
      statistic: s.goodRatio ? 'good-ratio' : 'p95',
      threshold: s.threshold,
      earlyWarning: {
        fractionOfThreshold: { enterRatio: s.enterRatio, hysteresisRatio: s.hysteresisRatio },
      },
    });
    const level = s.alreadyWarning ? s.enterRatio - s.hysteresisRatio : s.enterRatio;
    const upper = s.comparator === '<=' || s.comparator === '<';
    const atLevel = upper
      ? level * s.threshold
      : s.goodRatio
        ? 1 - level * (1 - s.threshold)
        : s.threshold / level;
    const observed = s.anywhere ?? atLevel * (1 + s.nudge);
    return { def, observed, alreadyWarning: s.alreadyWarning };
  });

describe('detectFractionOfThreshold', () => {
  it('holds exactly where the rounded fraction of the threshold reaches the level', () => {
    fc.assert(
      fc.property(scenario, ({ def, observed, alreadyWarning }) => {
        const obs = { kind: 'threshold' as const, value: observed, series: [] };
        const holds = detectFractionOfThreshold(def, obs, alreadyWarning) !== undefined;
        expect(holds).toBe(reference(def, observed, alreadyWarning));
      }),
      { numRuns: 20_000 },
    );
  });
});
