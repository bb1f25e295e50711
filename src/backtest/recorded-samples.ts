// Collects samples from any reader into per-SLI columns, refusing (with the line) what the server
// would refuse, and what a recording cannot mean: an SLI's timestamps must strictly increase.

import type { SliDef } from '../domain/definitions.js';
import { parseSample, type SampleProblem } from '../domain/parse-sample.js';
import type { Sample } from '../domain/sample.js';
import type { InputPlace, InputProblem, InputProblemCode } from './input-problem.js';
import { SampleColumns } from './sample-columns.js';

/** Recorded samples carry their own time: age and future limits do not apply. */
const NO_TIME_LIMITS = {
  nowMs: 0,
  maxAgeMs: Number.POSITIVE_INFINITY,
  maxFutureMs: Number.POSITIVE_INFINITY,
};

/** Problems kept in full; beyond this only counted, so a broken file cannot fill memory. */
export const MAX_KEPT_PROBLEMS = 1000;

export class RecordedSamples {
  readonly bySli = new Map<string, SampleColumns>();
  readonly problems: InputProblem[] = [];
  problemCount = 0;
  accepted = 0;
  private readonly slis: Map<string, SliDef>;

  constructor(slis: readonly SliDef[]) {
    this.slis = new Map(slis.map((s) => [s.id, s]));
  }

  /** An untrusted push-format item (one NDJSON line, one CSV row made into an object). */
  addItem(item: unknown, at: InputPlace): void {
    if (
      typeof item === 'object' &&
      item !== null &&
      !Array.isArray(item) &&
      (item as { ts?: unknown }).ts === undefined
    ) {
      this.problem(at, 'E_SAMPLE_INVALID', '"ts": missing; a recorded sample needs its time');
      return;
    }
    const parsed = parseSample(item, NO_TIME_LIMITS);
    if (!parsed.ok) {
      this.problem(at, 'E_SAMPLE_INVALID', describeProblem(parsed.problem));
      return;
    }
    this.addSample(parsed.sample, at);
  }

  addSample(sample: Sample, at: InputPlace): void {
    const sli = this.slis.get(sample.sliId);
    if (sli === undefined) {
      const msg = `"sli": ${JSON.stringify(sample.sliId)} is not an SLI of the configuration`;
      this.problem(at, 'E_SLI_UNKNOWN', msg);
      return;
    }
    if (sli.kind === 'ratio' && sample.kind !== 'ratio') {
      const msg = `"value": SLI "${sli.id}" is a ratio SLI, expected "good" and "total" counts`;
      this.problem(at, 'E_SAMPLE_INVALID', msg);
      return;
    }
    if (sli.kind === 'distribution' && sample.kind !== 'value') {
      const msg = `"good": SLI "${sli.id}" is a distribution SLI, expected a "value"`;
      this.problem(at, 'E_SAMPLE_INVALID', msg);
      return;
    }
    let columns = this.bySli.get(sli.id);
    if (columns === undefined) {
      columns = new SampleColumns(sli.kind);
      this.bySli.set(sli.id, columns);
    }
    const last = columns.lastTsMs;
    if (sample.tsMs <= last) {
      const same = sample.tsMs === last;
      const time = new Date(sample.tsMs).toISOString();
      this.problem(
        at,
        same ? 'E_TS_DUPLICATE' : 'E_TS_UNSORTED',
        same
          ? `"ts": ${time} repeats the previous timestamp of SLI "${sli.id}"`
          : `"ts": ${time} is before the previous sample of SLI "${sli.id}" (${new Date(last).toISOString()}); samples of one SLI must be in time order`,
      );
      return;
    }
    columns.pushSample(sample);
    this.accepted++;
  }

  problem(at: InputPlace, code: InputProblemCode, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_KEPT_PROBLEMS) this.problems.push({ ...at, code, message });
  }
}

function describeProblem(p: SampleProblem): string {
  const field = p.field === '' ? 'the item' : `"${p.field}"`;
  return `${field}: got ${JSON.stringify(p.value) ?? 'nothing'}, expected ${p.expected}`;
}
