import { describe, expect, it } from 'vitest';
import type { RotationDef } from '../definitions.js';
import { onCallAt } from './on-call-at.js';

const rotation = (o: Partial<RotationDef> = {}): RotationDef => ({
  id: 'submissions-on-call',
  memberIds: ['alice', 'bob', 'carol'],
  handoffWeekday: 1,
  handoffMinuteOfDay: 9 * 60,
  timeZone: 'Europe/Berlin',
  // A Monday 09:00 in summer time (UTC+2): alice's first turn.
  startsAtMs: Date.parse('2026-10-19T09:00:00+02:00'),
  overrides: [],
  ...o,
});

describe('onCallAt, weekly turns handing over Monday 09:00 Europe/Berlin', () => {
  it.each([
    ['at the start', '2026-10-19T07:00:00Z', 'alice'],
    [
      'the minute before the start (the turn before, wrapping round)',
      '2026-10-19T06:59:00Z',
      'carol',
    ],
    ['Sunday night of the first week', '2026-10-25T22:00:00Z', 'alice'],
    // Clocks went back on 2026-10-25: 09:00 is now 08:00 UTC, 169 hours after the last handoff.
    ['08:30 Monday in winter time, 168 h after the start', '2026-10-26T07:30:00Z', 'alice'],
    ['09:00 Monday in winter time', '2026-10-26T08:00:00Z', 'bob'],
    ['the third week', '2026-11-02T08:00:00Z', 'carol'],
    ['the minute before the fourth handoff', '2026-11-09T07:59:00Z', 'carol'],
    ['the fourth week, back to the first member', '2026-11-09T08:00:00Z', 'alice'],
    // Clocks went forward on 2027-03-28: 09:00 is 07:00 UTC again, 167 hours after the last.
    ['08:59 Monday after the spring change', '2027-03-29T06:59:00Z', 'bob'],
    ['09:00 Monday after the spring change', '2027-03-29T07:00:00Z', 'carol'],
  ])('%s (%s) → %s', (_, at, person) => {
    expect(onCallAt(rotation(), Date.parse(at))).toBe(person);
  });
});

describe('onCallAt, handing over at 02:30 on Sundays, an hour DST skips or repeats', () => {
  const sunday = rotation({
    handoffWeekday: 0,
    handoffMinuteOfDay: 2 * 60 + 30,
    startsAtMs: Date.parse('2026-10-01T00:00:00Z'),
  });

  it.each([
    ['before the first 02:30 of the autumn change', '2026-10-25T00:29:00Z', 'alice'],
    ['at the first 02:30 (summer time)', '2026-10-25T00:30:00Z', 'bob'],
    ['at 02:00 again in winter time: no step back', '2026-10-25T01:00:00Z', 'bob'],
    ['at the second 02:45', '2026-10-25T01:45:00Z', 'bob'],
    ['before 03:30 on the spring change, when 02:30 does not exist', '2027-03-28T01:29:00Z', 'bob'],
    ['at 03:30 summer time, just after the gap', '2027-03-28T01:30:00Z', 'carol'],
  ])('%s (%s) → %s', (_, at, person) => {
    expect(onCallAt(sunday, Date.parse(at))).toBe(person);
  });
});

describe('onCallAt with overrides', () => {
  const covered = rotation({
    overrides: [
      {
        personId: 'dana',
        fromMs: Date.parse('2026-10-21T00:00:00+02:00'),
        toMs: Date.parse('2026-10-22T00:00:00+02:00'),
      },
      {
        personId: 'erin',
        fromMs: Date.parse('2026-10-21T12:00:00+02:00'),
        toMs: Date.parse('2026-10-21T13:00:00+02:00'),
      },
    ],
  });

  it.each([
    ['just before the override', '2026-10-20T21:59:00Z', 'alice'],
    ['from its start', '2026-10-20T22:00:00Z', 'dana'],
    ['where a later override overlaps, the later one', '2026-10-21T10:30:00Z', 'erin'],
    ['after the overlap, the first again', '2026-10-21T11:00:00Z', 'dana'],
    ['at its end (exclusive), the rotation again', '2026-10-21T22:00:00Z', 'alice'],
  ])('%s (%s) → %s', (_, at, person) => {
    expect(onCallAt(covered, Date.parse(at))).toBe(person);
  });
});

describe('onCallAt in UTC with one member', () => {
  it('is always that member, before and after the start', () => {
    const solo = rotation({ memberIds: ['dana'], timeZone: 'UTC' });
    for (const at of ['2020-01-01T00:00:00Z', '2026-10-19T07:00:00Z', '2030-06-01T12:00:00Z']) {
      expect(onCallAt(solo, Date.parse(at))).toBe('dana');
    }
  });
});
