import { describe, expect, it } from 'vitest';
import { describeReason, formatDuration } from './describe-reason.js';

describe('describeReason', () => {
  it('gives the burn rates, windows and budget left', () => {
    expect(
      describeReason({
        kind: 'burn-rate',
        severity: 'page',
        longWindowMs: 3_600_000,
        shortWindowMs: 300_000,
        longBurnRate: 15.2,
        shortBurnRate: 1000,
        thresholdBurnRate: 14.4,
        budgetRemainingRatio: 0.97,
      }),
    ).toBe(
      'error budget burning 15.2x over 1h and 1000x over 5m (page threshold 14.4x); budget left 97 %',
    );
  });

  it('gives the observed value against the threshold with its unit', () => {
    expect(
      describeReason(
        {
          kind: 'threshold-crossed',
          observed: 804.2,
          threshold: 800,
          comparator: '<=',
          measurementWindowMs: 300_000,
        },
        'ms',
      ),
    ).toBe('observed 804 ms breaks <= 800 ms over 5m');
  });

  it('says when a warning cleared that the breach was avoided', () => {
    expect(
      describeReason({ kind: 'warning-cleared', clearSinceMs: 0, clearAfterMs: 300_000 }),
    ).toMatch(/breach avoided/);
  });

  it('names the source and alert of an external alert', () => {
    expect(
      describeReason({
        kind: 'external-alert',
        source: 'alertmanager',
        alertname: 'SubmissionsSlow',
        fingerprint: 'c0ffee',
        startsAtMs: 0,
      }),
    ).toBe('alertmanager alert "SubmissionsSlow" firing');
  });
});

describe('formatDuration', () => {
  it.each([
    [45_000, '45s'],
    [300_000, '5m'],
    [3_600_000, '1h'],
    [90_000, '2m'],
    [3 * 86_400_000, '3d'],
    [90 * 60_000, '90m'],
    [38_080 * 60_000, '26d'],
  ])('formats %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
