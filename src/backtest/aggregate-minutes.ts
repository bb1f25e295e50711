// Samples of one SLI → minute data, exactly as ingest aggregates one pushed batch: one entry per
// UTC minute in order of first appearance, counts summed, values added to a fresh sketch. Ingest's
// own aggregation is private to src/app/ingest-samples.ts and tied to a request, so this is the
// same rule as a pure function over the recorded columns.

import { MINUTE_MS, type MinuteData } from '../domain/windows/minute-data.js';
import { Sketch } from '../domain/windows/sketch.js';
import type { SampleColumns } from './sample-columns.js';

/** Minute data of the rows [from, to) of one SLI's columns. */
export function aggregateMinutes(columns: SampleColumns, from: number, to: number): MinuteData[] {
  const out: MinuteData[] = [];
  const ratio = columns.kind === 'ratio';
  let current: MinuteData | undefined;
  for (let i = from; i < to; i++) {
    const tsMs = columns.tsAt(i);
    const minuteMs = tsMs - (((tsMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    // Rows are in time order, so a minute's rows are contiguous.
    if (current === undefined || current.minuteMs !== minuteMs) {
      current = { minuteMs, good: 0, total: 0, sketch: ratio ? null : new Sketch() };
      out.push(current);
    }
    if (ratio) {
      current.good += columns.firstAt(i);
      current.total += columns.secondAt(i);
    } else {
      current.sketch?.add(columns.firstAt(i), columns.secondAt(i));
    }
  }
  return out;
}

/**
 * The same minutes, handed to `each` one at a time in `scratch`, refilled for every minute (its
 * sketch cleared): windows copy what they keep, so a replay need not allocate a minute's data at
 * every step. `scratch.sketch` must be a sketch for a distribution SLI, null for a ratio SLI.
 */
export function eachMinute(
  columns: SampleColumns,
  from: number,
  to: number,
  scratch: MinuteData,
  each: (data: MinuteData) => void,
): void {
  const ratio = columns.kind === 'ratio';
  let open = false;
  for (let i = from; i < to; i++) {
    const tsMs = columns.tsAt(i);
    const minuteMs = tsMs - (((tsMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    if (!open || scratch.minuteMs !== minuteMs) {
      if (open) each(scratch);
      open = true;
      scratch.minuteMs = minuteMs;
      scratch.good = 0;
      scratch.total = 0;
      scratch.sketch?.clear();
    }
    if (ratio) {
      scratch.good += columns.firstAt(i);
      scratch.total += columns.secondAt(i);
    } else {
      scratch.sketch?.add(columns.firstAt(i), columns.secondAt(i));
    }
  }
  if (open) each(scratch);
}
