// Time-slice attainment: each minute with data is one slice, good when its statistic meets the
// slice rule. The last 61 minutes stay re-readable so late data can flip a verdict (samples more
// than 1 h late are refused at ingest); older minutes are final and late data for them is ignored.

import type { SliKind, TimeSliceDef } from '../definitions.js';
import type { ByteReader, ByteWriter } from './byte-codec.js';
import { satisfies } from './compare.js';
import { MINUTE_MS, type MinuteData } from './minute-data.js';
import { MinuteRing } from './minute-ring.js';
import { statisticOf } from './statistic.js';

export const SLICE_MINUTES_KEPT = 61;

/** The change a delta made to (good slices, slices) of its minute. */
export interface SliceDelta {
  goodSlices: number;
  slices: number;
}

/** -1 bad slice, 0 no slice, 1 good slice. */
type Verdict = -1 | 0 | 1;

export class SliceVerdicts {
  private readonly verdicts = new Int8Array(SLICE_MINUTES_KEPT);

  private constructor(
    private readonly rule: TimeSliceDef,
    private readonly ring: MinuteRing,
  ) {}

  static create(rule: TimeSliceDef, sliKind: SliKind, headMs: number): SliceVerdicts {
    return new SliceVerdicts(rule, new MinuteRing(SLICE_MINUTES_KEPT, sliKind, headMs));
  }

  /** Folds a delta in; undefined when its minute is already final. Advance to it first. */
  apply(data: MinuteData): SliceDelta | undefined {
    const minute = Math.floor(data.minuteMs / MINUTE_MS);
    if (!this.ring.holds(minute)) return undefined;
    const slot = this.ring.add(minute, data);
    const before = (this.verdicts[slot] ?? 0) as Verdict;
    const after = this.verdictOf(slot);
    if (before === after) return undefined;
    this.verdicts[slot] = after;
    return {
      goodSlices: (after === 1 ? 1 : 0) - (before === 1 ? 1 : 0),
      slices: (after !== 0 ? 1 : 0) - (before !== 0 ? 1 : 0),
    };
  }

  advance(nowMs: number): void {
    const minute = Math.floor(nowMs / MINUTE_MS);
    if (minute <= this.ring.head) return;
    if (minute - this.ring.head >= SLICE_MINUTES_KEPT) this.verdicts.fill(0);
    else for (let m = this.ring.head + 1; m <= minute; m++) this.verdicts[this.ring.slot(m)] = 0;
    this.ring.stepTo(minute);
  }

  write(w: ByteWriter): void {
    this.ring.write(w);
  }

  static read(rule: TimeSliceDef, sliKind: SliKind, r: ByteReader): SliceVerdicts {
    const v = new SliceVerdicts(rule, MinuteRing.read(SLICE_MINUTES_KEPT, sliKind, r));
    for (let slot = 0; slot < SLICE_MINUTES_KEPT; slot++) v.verdicts[slot] = v.verdictOf(slot);
    return v;
  }

  memoryBytes(): number {
    return 64 + this.verdicts.byteLength + this.ring.memoryBytes();
  }

  private verdictOf(slot: number): Verdict {
    if (!this.ring.hasData(slot)) return 0;
    const value = statisticOf(this.rule.statistic, this.ring.dataAt(slot));
    if (value === undefined) return 0;
    return satisfies(this.rule.comparator, value, this.rule.threshold) ? 1 : -1;
  }
}
