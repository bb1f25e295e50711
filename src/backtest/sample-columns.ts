// One SLI's recorded samples as growable typed columns: a 30-day, 1-minute recording is 43,200
// rows, and a fleet of them must not cost one object per sample.

import type { SliKind } from '../domain/definitions.js';
import type { Sample } from '../domain/sample.js';

const INITIAL_CAPACITY = 1024;

export class SampleColumns {
  private tsMs = new Float64Array(INITIAL_CAPACITY);
  /** Ratio SLIs: good. Distribution SLIs: the value. */
  private first = new Float64Array(INITIAL_CAPACITY);
  /** Ratio SLIs: total. Distribution SLIs: the count. */
  private second = new Float64Array(INITIAL_CAPACITY);
  private size = 0;

  constructor(readonly kind: SliKind) {}

  get length(): number {
    return this.size;
  }

  /** The last timestamp, or -Infinity when empty. */
  get lastTsMs(): number {
    return this.size === 0 ? Number.NEGATIVE_INFINITY : (this.tsMs[this.size - 1] ?? 0);
  }

  push(tsMs: number, first: number, second: number): void {
    if (this.size === this.tsMs.length) this.grow();
    this.tsMs[this.size] = tsMs;
    this.first[this.size] = first;
    this.second[this.size] = second;
    this.size++;
  }

  pushSample(sample: Sample): void {
    if (sample.kind === 'ratio') this.push(sample.tsMs, sample.good, sample.total);
    else this.push(sample.tsMs, sample.value, sample.count);
  }

  tsAt(i: number): number {
    return this.tsMs[i] ?? Number.NaN;
  }

  firstAt(i: number): number {
    return this.first[i] ?? 0;
  }

  secondAt(i: number): number {
    return this.second[i] ?? 0;
  }

  private grow(): void {
    const capacity = this.tsMs.length * 2;
    const grown = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.tsMs = grown(this.tsMs);
    this.first = grown(this.first);
    this.second = grown(this.second);
  }
}
