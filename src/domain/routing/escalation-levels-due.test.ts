import { describe, expect, it } from 'vitest';
import { escalationLevelsDue } from './escalation-levels-due.js';

const policy = { ackWithinMs: 600_000, chain: ['tech-lead', 'product-owner'] as const };

describe('escalationLevelsDue', () => {
  it.each([
    [0, 0],
    [599_999, 0],
    [600_000, 1],
    [1_200_000, 2],
    [9_000_000, 2],
  ])('%d ms after an unacknowledged page, %d steps are due', (afterMs, due) => {
    expect(escalationLevelsDue({ ...policy, chain: [...policy.chain] }, 1000, 1000 + afterMs)).toBe(
      due,
    );
  });
});
