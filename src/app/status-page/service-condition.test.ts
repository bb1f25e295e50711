import { describe, expect, it } from 'vitest';
import { conditionOf, worstCondition, worstStatusPerDay } from './service-condition.js';

const DAY = 86_400_000;
const days = [0, 1, 2, 3].map((d) => ({ fromMs: d * DAY, toMs: (d + 1) * DAY }));

describe('what a client sees of an objective', () => {
  it.each([
    ['ok', 'operational'],
    ['early-warning', 'operational'],
    ['recovered', 'degraded'],
    ['breach', 'outage'],
  ] as const)('shows %s as %s', (status, condition) => {
    expect(conditionOf(status)).toBe(condition);
  });

  it('takes the worst of several conditions, operational when there are none', () => {
    expect(worstCondition(['operational', 'outage', 'degraded'])).toBe('outage');
    expect(worstCondition([])).toBe('operational');
  });
});

describe('the worst status per day', () => {
  it.each([
    {
      name: 'stays operational without changes',
      before: 'ok' as const,
      changes: [],
      want: ['operational', 'operational', 'operational', 'operational'],
    },
    {
      name: 'carries a breach that began before the first day into it',
      before: 'breach' as const,
      changes: [
        { atMs: DAY / 2, to: 'recovered' as const },
        { atMs: DAY + 5, to: 'ok' as const },
      ],
      want: ['outage', 'degraded', 'operational', 'operational'],
    },
    {
      name: 'marks a day with a short breach as outage, however short',
      before: 'ok' as const,
      changes: [
        { atMs: 2 * DAY + 10, to: 'breach' as const },
        { atMs: 2 * DAY + 20, to: 'recovered' as const },
        { atMs: 2 * DAY + 30, to: 'ok' as const },
      ],
      want: ['operational', 'operational', 'outage', 'operational'],
    },
    {
      name: 'keeps an unresolved breach on every later day',
      before: 'ok' as const,
      changes: [{ atMs: DAY, to: 'breach' as const }],
      want: ['operational', 'outage', 'outage', 'outage'],
    },
    {
      name: 'ignores early warnings, which stay internal',
      before: 'early-warning' as const,
      changes: [{ atMs: 3 * DAY, to: 'ok' as const }],
      want: ['operational', 'operational', 'operational', 'operational'],
    },
  ])('$name', ({ before, changes, want }) => {
    expect(worstStatusPerDay(days, before, changes)).toEqual(want);
  });
});

describe('days before anything was measured', () => {
  it('are no data until the day the record starts, then read as usual', () => {
    expect(worstStatusPerDay(days, 'ok', [{ atMs: 2.5 * DAY, to: 'breach' }], 1.5 * DAY)).toEqual([
      'no-data',
      'operational',
      'outage',
      'outage',
    ]);
  });

  it('give way to any measured condition of another objective on the same day', () => {
    expect(worstCondition(['no-data', 'operational'])).toBe('operational');
    expect(worstCondition(['no-data', 'no-data'])).toBe('no-data');
  });
});
