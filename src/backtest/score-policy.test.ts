import { describe, expect, it } from 'vitest';
import type { ObjectiveStatus, Transition } from '../domain/objective-state.js';
import { parseLabels } from './degradation-label.js';
import { scorePolicy, warningEpisodes } from './score-policy.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 1);
const WEEK = 7 * 24 * 60 * MIN;

/** A timeline of [minute, from, to]. */
function timeline(...steps: Array<[number, ObjectiveStatus, ObjectiveStatus]>): Transition[] {
  return steps.map(([m, from, to]) => ({
    objectiveKey: 'a/b',
    atMs: T0 + m * MIN,
    from,
    to,
    reason: { kind: 'within-objective' },
  }));
}
const degraded = (fromMin: number, toMin: number) => ({
  fromMs: T0 + fromMin * MIN,
  toMs: T0 + toMin * MIN,
});
const options = { fromMs: T0, toMs: T0 + WEEK, matchBeforeMs: 60 * MIN };

describe('scoring a policy against labelled degradations', () => {
  it('counts a warning 10 minutes ahead of a breach as detected early, with its lead time', () => {
    // Degraded 100–140; warned at 90, breach at 100, recovered 140, ok at 150.
    const score = scorePolicy(
      timeline(
        [90, 'ok', 'early-warning'],
        [100, 'early-warning', 'breach'],
        [140, 'breach', 'recovered'],
        [150, 'recovered', 'ok'],
      ),
      [degraded(100, 140)],
      options,
    );
    expect(score).toMatchObject({
      warnings: 1,
      trueWarnings: 1,
      precision: 1,
      recall: 1,
      detectionMs: -10 * MIN,
      resetMs: 10 * MIN,
      breaches: 1,
      leadTimesMs: [10 * MIN],
      falseWarningsPerWeek: 0,
    });
  });

  it('counts warnings far from any degradation as false, per week, and a missed degradation against recall', () => {
    const score = scorePolicy(
      timeline(
        [10, 'ok', 'early-warning'],
        [20, 'early-warning', 'ok'], // false
        [1000, 'ok', 'early-warning'],
        [1010, 'early-warning', 'ok'], // false
        [3000, 'ok', 'breach'],
        [3030, 'breach', 'recovered'],
        [3040, 'recovered', 'ok'], // true, no warning first
      ),
      [degraded(3000, 3030), degraded(5000, 5100)],
      options,
    );
    expect(score).toMatchObject({
      warnings: 3,
      trueWarnings: 1,
      precision: 1 / 3,
      degradations: 2,
      detected: 1,
      recall: 0.5,
      detectionMs: 0,
      leadTimesMs: [0],
      falseWarningsPerWeek: 2,
    });
  });

  it('counts a warning that cleared within the match window before a degradation as true', () => {
    const warned = timeline([100, 'ok', 'early-warning'], [110, 'early-warning', 'ok']);
    expect(scorePolicy(warned, [degraded(150, 160)], options).trueWarnings).toBe(1);
    expect(
      scorePolicy(warned, [degraded(150, 160)], { ...options, matchBeforeMs: 0 }).trueWarnings,
    ).toBe(0);
  });

  it('leaves reset time unknown while a warning is still open at the end of the recording', () => {
    const score = scorePolicy(timeline([100, 'ok', 'early-warning']), [degraded(95, 120)], options);
    expect(score.recall).toBe(1);
    expect(score.resetMs).toBeUndefined();
    expect(warningEpisodes(timeline([100, 'ok', 'early-warning']))[0]?.endMs).toBeUndefined();
  });

  it('reports no precision when there was no warning and no recall without labels', () => {
    const score = scorePolicy([], [], options);
    expect([score.precision, score.recall, score.detectionMs]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('reading labels', () => {
  it('reads JSON and CSV, with or without an objective', () => {
    const json = parseLabels(
      '[{"objective":"a/b","from":"2026-03-01T00:00:00Z","to":"2026-03-01T01:00:00Z"},{"from":1,"to":2}]',
      'l.json',
    );
    expect(json).toEqual({
      ok: true,
      labels: [
        { objectiveKey: 'a/b', fromMs: T0, toMs: T0 + 60 * MIN },
        { fromMs: 1, toMs: 2 },
      ],
    });
    const csv = parseLabels(
      'objective,from,to\n,2026-03-01T00:00:00Z,2026-03-01T00:30:00Z\n',
      'l.csv',
    );
    expect(csv).toEqual({ ok: true, labels: [{ fromMs: T0, toMs: T0 + 30 * MIN }] });
  });

  it('names the row and field of every bad label', () => {
    const parsed = parseLabels(
      'objective,from,to\na/b,yesterday,2026-03-01T00:00:00Z\na/b,2026-03-01T01:00:00Z,2026-03-01T00:00:00Z\n',
      'l.csv',
    );
    expect(parsed).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^l\.csv:2: "from": got "yesterday"/),
        'l.csv:3: "to" must be after "from"',
      ],
    });
  });
});
