// Turns decoded remote-write series into Forewarn samples by the `remoteWrite` rules.
// Ratio rules: the series their `good` and `total` selectors pick are cumulative counters; each
// series keeps its last value, consecutive samples become increases (a decrease is a counter
// reset, so the new value is the increase, as PromQL's increase() reads it), summed per SLI and
// minute. Value rules: every sample value is one value sample. Series matching no rule are counted
// and dropped. Which rules a series matches is decided once per series and rule set: the state is
// keyed by a hash of the raw bytes of the series' labels, so a known series costs one lookup.

import type { SliDef } from '../../domain/definitions.js';
import type { RemoteWriteSampleCounts } from '../../app/instance-metrics.js';
import type { RemoteWriteRule } from '../../domain/sources.js';
import { compileSelector, type CompiledSelector } from '../../domain/label-matcher.js';
import type { WriteRequestView } from './write-request.js';

const MINUTE_MS = 60_000;
const ROLE_VALUE = 0;
const ROLE_GOOD = 1;
const ROLE_TOTAL = 2;
/** Rules per rule set; the accumulator key packs the SLI index below this. */
const MAX_SLIS = 65_536;

export type RemoteWriteItem =
  | { sli: string; ts: number; good: number; total: number }
  | { sli: string; ts: number; value: number };

export interface RuleProblem {
  rule: number;
  sliId: string;
  problem: string;
}

interface CompiledRule {
  sliIndex: number;
  kind: 'ratio' | 'value';
  value?: CompiledSelector;
  good?: CompiledSelector;
  total?: CompiledSelector;
}

/** The rules of one set of definitions, compiled once; invalid rules are left out with a reason. */
export class CompiledRules {
  readonly sliIds: string[] = [];
  readonly problems: RuleProblem[] = [];
  private readonly rules: CompiledRule[] = [];

  constructor(rules: readonly RemoteWriteRule[], slis: ReadonlyMap<string, SliDef>) {
    const sliIndex = new Map<string, number>();
    rules.forEach((rule, index) => {
      const sli = slis.get(rule.sliId);
      const refuse = (problem: string) =>
        this.problems.push({ rule: index, sliId: rule.sliId, problem });
      if (sli === undefined) return refuse('no SLI with this id is defined');
      const wanted = rule.kind === 'ratio' ? 'ratio' : 'distribution';
      if (sli.kind !== wanted) {
        return refuse(`a ${rule.kind} rule needs a ${wanted} SLI, this one is ${sli.kind}`);
      }
      let i = sliIndex.get(rule.sliId);
      if (i === undefined) {
        if (this.sliIds.length === MAX_SLIS) return refuse(`more than ${MAX_SLIS} SLIs`);
        i = this.sliIds.length;
        this.sliIds.push(rule.sliId);
        sliIndex.set(rule.sliId, i);
      }
      if (rule.kind === 'value') {
        const value = compileSelector(rule.value);
        if (!value.ok) return refuse(`value: ${value.problem}`);
        this.rules.push({ sliIndex: i, kind: 'value', value: value.value });
      } else {
        const good = compileSelector(rule.good);
        if (!good.ok) return refuse(`good: ${good.problem}`);
        const total = compileSelector(rule.total);
        if (!total.ok) return refuse(`total: ${total.problem}`);
        this.rules.push({ sliIndex: i, kind: 'ratio', good: good.value, total: total.value });
      }
    });
  }

  /** Targets of a series: SLI index × 4 + role, for every rule selector it satisfies. */
  targetsOf(labels: (name: string) => string | undefined): number[] {
    const targets: number[] = [];
    for (const r of this.rules) {
      if (r.kind === 'value') {
        if (r.value!.matches(labels)) targets.push(r.sliIndex * 4 + ROLE_VALUE);
      } else {
        if (r.good!.matches(labels)) targets.push(r.sliIndex * 4 + ROLE_GOOD);
        if (r.total!.matches(labels)) targets.push(r.sliIndex * 4 + ROLE_TOTAL);
      }
    }
    return targets;
  }
}

interface SeriesState {
  /** The raw bytes of the series' labels: its identity. */
  key: Uint8Array;
  /** The next state whose key has the same hash. */
  next: SeriesState | undefined;
  /** The rule set `targets` was decided for. */
  rules: CompiledRules | undefined;
  targets: number[];
  /** NaN until the first sample: a counter's first value only sets the baseline. */
  lastValue: number;
  lastTs: number;
  seenAtMs: number;
}

export interface MapCounts extends RemoteWriteSampleCounts {
  /** Minutes where good exceeded total and was capped at total. */
  cappedMinutes: number;
}

export interface MapResult {
  items: RemoteWriteItem[];
  counts: MapCounts;
  /** Puts back the counter state this request moved, unless a later request moved it again. */
  undo(): void;
}

interface Minute {
  sliIndex: number;
  ts: number;
  good: number;
  total: number;
}

const utf8 = new TextDecoder('utf-8');

/** Per-series state of one instance, kept across requests and re-applied definitions. */
export class SeriesStates {
  /** Hash of the label bytes → states (chained on collisions): no string per series. */
  private readonly states = new Map<number, SeriesState>();
  private count = 0;
  private lastPruneMs = 0;

  constructor(
    /** A series not seen for this long is forgotten (its next sample starts a new baseline). */
    private readonly forgetAfterMs: number,
  ) {}

  get size(): number {
    return this.count;
  }

  map(view: WriteRequestView, rules: CompiledRules, nowMs: number): MapResult {
    this.prune(nowMs);
    const counts: MapCounts = {
      series: view.seriesCount,
      samples: view.sampleCount,
      droppedSeries: 0,
      droppedSamples: 0,
      repeatedSamples: 0,
      staleSamples: 0,
      invalidSamples: 0,
      cappedMinutes: 0,
    };
    const items: RemoteWriteItem[] = [];
    const minutes = new Map<number, Minute>();
    const undo: Array<{ state: SeriesState; value: number; ts: number; newTs: number }> = [];
    for (let s = 0; s < view.seriesCount; s++) {
      const state = this.stateOf(view, s);
      state.seenAtMs = nowMs;
      if (state.rules !== rules) {
        state.targets = rules.targetsOf(labelLookup(view, s));
        state.rules = rules;
      }
      const first = view.seriesSampleStart[s]!;
      const end = first + view.seriesSampleCount[s]!;
      const targets = state.targets;
      if (targets.length === 0) {
        counts.droppedSeries++;
        counts.droppedSamples += end - first;
        continue;
      }
      const before = { state, value: state.lastValue, ts: state.lastTs, newTs: state.lastTs };
      for (let i = first; i < end; i++) {
        const ts = view.sampleTimestamp[i]!;
        const v = view.sampleValue[i]!;
        if (ts <= state.lastTs) {
          counts.repeatedSamples++;
          continue;
        }
        if (Number.isNaN(v)) {
          counts.staleSamples++;
          continue;
        }
        const last = state.lastValue;
        for (const t of targets) {
          const sliIndex = t >>> 2;
          const role = t & 3;
          if (role === ROLE_VALUE) {
            if (v >= 0 && v !== Infinity)
              items.push({ sli: rules.sliIds[sliIndex]!, ts, value: v });
            else counts.invalidSamples++;
            continue;
          }
          if (Number.isNaN(last)) continue; // the baseline
          const increase = v >= last ? v - last : v;
          if (!Number.isFinite(increase) || increase < 0) continue;
          const minuteMs = ts - (((ts % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
          const mk = (minuteMs / MINUTE_MS) * MAX_SLIS + sliIndex;
          let m = minutes.get(mk);
          if (m === undefined) {
            m = { sliIndex, ts, good: 0, total: 0 };
            minutes.set(mk, m);
          }
          if (ts > m.ts) m.ts = ts;
          if (role === ROLE_GOOD) m.good += increase;
          else m.total += increase;
        }
        state.lastValue = v;
        state.lastTs = ts;
      }
      before.newTs = state.lastTs;
      if (before.newTs !== before.ts) undo.push(before);
    }
    for (const m of minutes.values()) {
      // Event counters are whole numbers; float counters are rounded per minute.
      const total = Math.round(m.total);
      let good = Math.round(m.good);
      if (good > total) {
        good = total;
        counts.cappedMinutes++;
      }
      items.push({ sli: rules.sliIds[m.sliIndex]!, ts: m.ts, good, total });
    }
    return {
      items,
      counts,
      undo() {
        for (let k = undo.length - 1; k >= 0; k--) {
          const u = undo[k]!;
          if (u.state.lastTs !== u.newTs) continue;
          u.state.lastValue = u.value;
          u.state.lastTs = u.ts;
        }
      },
    };
  }

  private stateOf(view: WriteRequestView, s: number): SeriesState {
    const buf = view.buf;
    let from = view.seriesKeyStart[s]!;
    let to = view.seriesKeyEnd[s]!;
    let keyBytes = buf;
    if (from < 0) {
      // Labels split by another field (no encoder does this): join name and value bytes instead.
      keyBytes = joinedLabels(view, s);
      from = 0;
      to = keyBytes.length;
    }
    const hash = hashBytes(keyBytes, from, to);
    const head = this.states.get(hash);
    for (let st = head; st !== undefined; st = st.next) {
      if (sameBytes(st.key, keyBytes, from, to)) return st;
    }
    const state: SeriesState = {
      key: keyBytes.slice(from, to),
      next: head,
      rules: undefined,
      targets: [],
      lastValue: NaN,
      lastTs: -Infinity,
      seenAtMs: 0,
    };
    this.states.set(hash, state);
    this.count++;
    return state;
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < this.forgetAfterMs / 4) return;
    this.lastPruneMs = nowMs;
    const cutoff = nowMs - this.forgetAfterMs;
    for (const [hash, head] of this.states) {
      let kept: SeriesState | undefined;
      for (let st: SeriesState | undefined = head; st !== undefined;) {
        const next: SeriesState | undefined = st.next;
        if (st.seenAtMs >= cutoff) {
          st.next = kept;
          kept = st;
        } else this.count--;
        st = next;
      }
      if (kept === undefined) this.states.delete(hash);
      else this.states.set(hash, kept);
    }
  }
}

/**
 * FNV-1a over 4-byte words, then MurmurHash3's finaliser to spread the bits; masked to 30 bits so
 * the Map key stays a small integer (no boxed number per lookup).
 */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const word = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    h = Math.imul(h ^ word, 0x01000193);
  }
  for (; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 0x3fff_ffff;
}

function sameBytes(key: Uint8Array, bytes: Uint8Array, from: number, to: number): boolean {
  if (key.length !== to - from) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[from + i]) return false;
  return true;
}

function joinedLabels(view: WriteRequestView, s: number): Uint8Array {
  const parts: number[] = [0]; // a contiguous key starts with a label tag (0x0a), never 0
  const l0 = view.seriesLabelStart[s]!;
  for (let l = l0; l < l0 + view.seriesLabelCount[s]!; l++) {
    for (let i = view.nameStart[l]!; i < view.nameEnd[l]!; i++) parts.push(view.buf[i]!);
    parts.push(0);
    for (let i = view.valueStart[l]!; i < view.valueEnd[l]!; i++) parts.push(view.buf[i]!);
    parts.push(0);
  }
  return Uint8Array.from(parts);
}

function labelLookup(view: WriteRequestView, s: number) {
  const bytes = view.buf;
  const labels = new Map<string, string>();
  const l0 = view.seriesLabelStart[s]!;
  for (let l = l0; l < l0 + view.seriesLabelCount[s]!; l++) {
    labels.set(
      utf8.decode(bytes.subarray(view.nameStart[l]!, view.nameEnd[l]!)),
      utf8.decode(bytes.subarray(view.valueStart[l]!, view.valueEnd[l]!)),
    );
  }
  return (name: string) => labels.get(name);
}
