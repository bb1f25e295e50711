import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MinuteData } from '../domain/windows/minute-data.js';
import { Sketch } from '../domain/windows/sketch.js';
import { aggregateMinutes, eachMinute } from './aggregate-minutes.js';
import { SampleColumns } from './sample-columns.js';

const T0 = Date.UTC(2026, 2, 1);

/** Sorted rows a few seconds apart, so minutes hold one to several rows. */
const rows = fc.array(
  fc.record({
    gapMs: fc.integer({ min: 1, max: 90_000 }),
    first: fc.nat(1000),
    second: fc.integer({ min: 0, max: 50 }),
  }),
  { maxLength: 60 },
);

function columnsOf(
  kind: 'ratio' | 'distribution',
  rs: Array<{ gapMs: number; first: number; second: number }>,
) {
  const c = new SampleColumns(kind);
  let ts = T0;
  for (const r of rs) c.push((ts += r.gapMs), r.first, r.second);
  return c;
}

/** What a window could keep of a minute: its numbers and its sketch's encoding. */
const copy = (m: MinuteData) => ({ ...m, sketch: m.sketch?.encode() ?? null });

describe('eachMinute', () => {
  it.each(['ratio', 'distribution'] as const)(
    'hands out the minutes aggregateMinutes lists, in order (%s SLI)',
    (kind) => {
      fc.assert(
        fc.property(rows, fc.nat(10), (rs, skip) => {
          const c = columnsOf(kind, rs);
          const from = Math.min(skip, c.length);
          const seen: unknown[] = [];
          const scratch = {
            minuteMs: 0,
            good: 0,
            total: 0,
            sketch: kind === 'ratio' ? null : new Sketch(),
          };
          eachMinute(c, from, c.length, scratch, (m) => seen.push(copy(m)));
          expect(seen).toEqual(aggregateMinutes(c, from, c.length).map(copy));
        }),
      );
    },
  );
});
