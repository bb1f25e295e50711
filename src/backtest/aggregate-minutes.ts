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
