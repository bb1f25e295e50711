import { describe, expect, it } from 'vitest';
import {
  aBudgetObjective,
  aThresholdObjective,
  DAY_MS,
  MINUTE_MS,
} from '../../test/support/builders.js';
import { defaultBurnRates } from '../domain/evaluation/burn-rate-table.js';
import { parsePolicy, withPolicy } from './backtest-policy.js';

function policy(name: string) {
  const parsed = parsePolicy(name);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.policy;
}

describe('parsing policy names', () => {
  it.each([
    ['own', []],
    ['fraction:0.8', [{ kind: 'fraction', enterRatio: 0.8, hysteresisRatio: 0.05 }]],
    ['trend:15m', [{ kind: 'trend', horizonMs: 15 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS }]],
    ['burn:workbook', [{ kind: 'burn-workbook' }]],
    [
      'fraction:0.9+trend:1h',
      [
        { kind: 'fraction', enterRatio: 0.9, hysteresisRatio: 0.05 },
        { kind: 'trend', horizonMs: 60 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS },
      ],
    ],
  ])('reads %s', (name, parts) => {
    expect(parsePolicy(name)).toEqual({ ok: true, policy: { name, parts } });
  });

  it.each([
    'fraction:1.2',
    'fraction:abc',
    'trend:soon',
    'burn:fast',
    'magic',
    'fraction:0.8+fraction:0.9',
    'trend',
  ])('refuses %s, saying what is expected', (name) => {
    const parsed = parsePolicy(name);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(name);
  });
});

describe('applying a policy to an objective', () => {
  it('replaces a threshold objective early warning and keeps everything else', () => {
    const def = aThresholdObjective();
    const changed = withPolicy(def, policy('trend:15m'));
    expect(changed).toEqual({
      ...def,
      earlyWarning: { trendProjection: { horizonMs: 15 * MINUTE_MS, lookbackMs: 10 * MINUTE_MS } },
    });
  });

  it('scales the Workbook table to a budget objective period', () => {
    const def = aBudgetObjective({
      period: { kind: 'rolling', durationMs: 7 * DAY_MS },
      earlyWarning: {},
    });
    expect(withPolicy(def, policy('burn:workbook'))?.earlyWarning).toEqual({
      burnRates: defaultBurnRates(7 * DAY_MS),
    });
  });

  it('takes from a combination only the parts that fit, and nothing when none does', () => {
    expect(
      withPolicy(aBudgetObjective(), policy('fraction:0.8+burn:workbook'))?.earlyWarning,
    ).toEqual({
      burnRates: defaultBurnRates(30 * DAY_MS),
    });
    expect(withPolicy(aBudgetObjective(), policy('fraction:0.8'))).toBeUndefined();
    expect(withPolicy(aThresholdObjective(), policy('burn:workbook'))).toBeUndefined();
  });

  it('leaves the objective as it is under its own policy', () => {
    const def = aThresholdObjective();
    expect(withPolicy(def, policy('own'))).toBe(def);
  });
});
