import { describe, expect, it } from 'vitest';
import type { SliDef } from '../../domain/definitions.js';
import type { LabelMatcher, RemoteWriteRule } from '../../domain/sources.js';
import { CompiledRules, hashBytes, SeriesStates } from './map-series.js';
import {
  encodeSeries,
  encodeWriteRequest,
  type TestSeries,
} from './test-support/write-request-encoder.js';
import { decodeWriteRequest } from './write-request.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);
const S = 1000;
const HOUR_MS = 3_600_000;

const slis = new Map<string, SliDef>([
  ['checkout', { id: 'checkout', serviceId: 'shop', name: 'Checkout', kind: 'ratio' }],
  [
    'latency',
    { id: 'latency', serviceId: 'shop', name: 'Latency', kind: 'distribution', unit: 'ms' },
  ],
]);

const eq = (name: string, value: string): LabelMatcher => ({ name, op: '=', value });
const checkoutRule: RemoteWriteRule = {
  sliId: 'checkout',
  kind: 'ratio',
  good: [eq('__name__', 'http_requests_total'), { name: 'code', op: '!~', value: '5..' }],
  total: [eq('__name__', 'http_requests_total')],
};
const latencyRule: RemoteWriteRule = {
  sliId: 'latency',
  kind: 'value',
  value: [eq('__name__', 'checkout_latency_ms')],
};

const requests = (code: string, points: Array<[number, number]>): TestSeries => ({
  labels: { __name__: 'http_requests_total', code, job: 'shop' },
  samples: points.map(([t, value]) => ({ timestampMs: T0 + t, value })),
});

function setup(rules: RemoteWriteRule[] = [checkoutRule, latencyRule]) {
  const compiled = new CompiledRules(rules, slis);
  const states = new SeriesStates(HOUR_MS);
  return {
    compiled,
    states,
    send: (series: TestSeries[], nowMs = T0 + 5 * 60_000, rulesNow = compiled) =>
      states.map(decodeWriteRequest(encodeWriteRequest(series)), rulesNow, nowMs),
  };
}

describe('mapping remote-written series to samples', () => {
  it('turns counters into increases summed per SLI and minute; the first value is the baseline', () => {
    const { send } = setup();
    const r = send([
      requests('200', [
        [0, 1000],
        [15 * S, 1090],
        [30 * S, 1180],
        [75 * S, 1200],
      ]),
      requests('503', [
        [0, 10],
        [15 * S, 12],
        [30 * S, 20],
        [75 * S, 20],
      ]),
    ]);
    expect(r.items).toEqual([
      { sli: 'checkout', ts: T0 + 30 * S, good: 180, total: 190 },
      { sli: 'checkout', ts: T0 + 75 * S, good: 20, total: 20 },
    ]);
  });

  it('continues from the last value of the previous request', () => {
    const { send } = setup();
    send([requests('200', [[0, 100]])]);
    const r = send([requests('200', [[15 * S, 130]])]);
    expect(r.items).toEqual([{ sli: 'checkout', ts: T0 + 15 * S, good: 30, total: 30 }]);
  });

  it('reads a decrease as a counter reset: the new value is the increase', () => {
    const { send } = setup();
    const r = send([
      requests('200', [
        [0, 500],
        [15 * S, 520],
        [30 * S, 7], // the process restarted and has counted 7 since
        [45 * S, 10],
      ]),
    ]);
    expect(r.items).toEqual([{ sli: 'checkout', ts: T0 + 45 * S, good: 30, total: 30 }]);
  });

  it('skips staleness markers and keeps counting from the value before them', () => {
    const { send } = setup();
    const r = send([
      requests('200', [
        [0, 100],
        [15 * S, NaN],
        [30 * S, 110],
      ]),
    ]);
    expect(r.counts.staleSamples).toBe(1);
    expect(r.items).toEqual([{ sli: 'checkout', ts: T0 + 30 * S, good: 10, total: 10 }]);
  });

  it('gives nothing for a re-sent batch: its samples are not newer than each series last one', () => {
    const { send } = setup();
    const batch = [
      requests('200', [
        [0, 100],
        [15 * S, 150],
      ]),
      { labels: { __name__: 'checkout_latency_ms' }, samples: [{ timestampMs: T0, value: 80 }] },
    ];
    expect(send(batch).items).toHaveLength(2);
    const again = send(batch);
    expect(again.items).toEqual([]);
    expect(again.counts.repeatedSamples).toBe(3);
  });

  it('makes every sample of a value rule one value sample', () => {
    const { send } = setup();
    const r = send([
      {
        labels: { __name__: 'checkout_latency_ms', instance: 'a' },
        samples: [
          { timestampMs: T0, value: 120 },
          { timestampMs: T0 + 15 * S, value: 95.5 },
        ],
      },
      {
        labels: { __name__: 'checkout_latency_ms', instance: 'b' },
        samples: [{ timestampMs: T0, value: -1 }],
      },
    ]);
    expect(r.items).toEqual([
      { sli: 'latency', ts: T0, value: 120 },
      { sli: 'latency', ts: T0 + 15 * S, value: 95.5 },
    ]);
    expect(r.counts.invalidSamples).toBe(1);
  });

  it('counts and drops series that match no rule', () => {
    const { send } = setup();
    const r = send([
      { labels: { __name__: 'up', job: 'shop' }, samples: [{ timestampMs: T0, value: 1 }] },
      {
        labels: { __name__: 'go_goroutines' },
        samples: [
          { timestampMs: T0, value: 9 },
          { timestampMs: T0 + S, value: 9 },
        ],
      },
      requests('200', [[0, 5]]),
    ]);
    expect(r.counts).toMatchObject({ series: 3, samples: 4, droppedSeries: 2, droppedSamples: 3 });
  });

  it('caps good at total in a minute where the good counter moved more', () => {
    const rule: RemoteWriteRule = {
      sliId: 'checkout',
      kind: 'ratio',
      good: [eq('__name__', 'ok_total')],
      total: [eq('__name__', 'all_total')],
    };
    const { send } = setup([rule]);
    const r = send([
      {
        labels: { __name__: 'ok_total' },
        samples: [
          { timestampMs: T0, value: 0 },
          { timestampMs: T0 + S, value: 9 },
        ],
      },
      {
        labels: { __name__: 'all_total' },
        samples: [
          { timestampMs: T0, value: 0 },
          { timestampMs: T0 + S, value: 5 },
        ],
      },
    ]);
    expect(r.items).toEqual([{ sli: 'checkout', ts: T0 + S, good: 5, total: 5 }]);
    expect(r.counts.cappedMinutes).toBe(1);
  });

  it('puts the counter state back on undo, so a retried request counts the same increases', () => {
    const { send } = setup();
    send([requests('200', [[0, 100]])]);
    const batch = [requests('200', [[15 * S, 140]])];
    send(batch).undo();
    expect(send(batch).items).toEqual([{ sli: 'checkout', ts: T0 + 15 * S, good: 40, total: 40 }]);
  });

  it('matches a known series again when the rules change, keeping its counter state', () => {
    const { send, compiled } = setup();
    send([requests('503', [[0, 10]])]);
    const everythingGood = new CompiledRules(
      [{ ...checkoutRule, good: [eq('__name__', 'http_requests_total')] } as RemoteWriteRule],
      slis,
    );
    const r = send([requests('503', [[15 * S, 14]])], T0 + 60_000, everythingGood);
    expect(r.items).toEqual([{ sli: 'checkout', ts: T0 + 15 * S, good: 4, total: 4 }]);
    expect(send([requests('503', [[30 * S, 15]])], T0 + 60_000, compiled).items).toEqual([
      { sli: 'checkout', ts: T0 + 30 * S, good: 0, total: 1 },
    ]);
  });

  it('keeps the counters of two series apart when their label bytes hash alike', () => {
    const labelsOf = (instance: string) => ({ __name__: 'http_requests_total', instance });
    const keyOf = (instance: string) => encodeSeries({ labels: labelsOf(instance), samples: [] });
    // The key bytes of `i<n>` built by hand (the test encoder is too slow for 2^15 tries).
    const prefix = [...keyOf('')].slice(0, -('instance'.length + 6));
    const name = [...new TextEncoder().encode('instance')];
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const instance = `i${i}`; // ASCII: one byte per character
      const chars = [...instance].map((c) => c.charCodeAt(0));
      const key = Uint8Array.from([
        ...prefix,
        ...[0x0a, 12 + chars.length, 0x0a, 8, ...name, 0x12, chars.length, ...chars],
      ]);
      const h = hashBytes(key, 0, key.length);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, instance];
      else seen.set(h, instance);
    }
    const [a, b] = pair.map((i) => hashBytes(keyOf(i), 0, keyOf(i).length));
    expect(a).toBe(b);
    const { send } = setup();
    const points = (instance: string, values: number[]): TestSeries => ({
      labels: labelsOf(instance),
      samples: values.map((value, k) => ({ timestampMs: T0 + k * S, value })),
    });
    const r = send([points(pair[0], [10, 11]), points(pair[1], [1000, 1100])]);
    expect(r.items).toEqual([{ sli: 'checkout', ts: T0 + S, good: 101, total: 101 }]);
  });

  it('follows a series whose labels are split by another field across requests', () => {
    const { send } = setup();
    const split = (t: number, value: number): TestSeries => ({
      ...requests('200', [[t, value]]),
      extra: [Uint8Array.of(0x48, 0x01)], // field 9, varint 1, between the labels
      extraBetweenLabels: true,
    });
    send([split(0, 5)]);
    expect(send([split(15 * S, 9)]).items).toEqual([
      { sli: 'checkout', ts: T0 + 15 * S, good: 4, total: 4 },
    ]);
  });

  it('forgets series not seen for the sample age limit', () => {
    const { send, states } = setup();
    send([requests('200', [[0, 100]])], T0);
    expect(states.size).toBe(1);
    send([{ labels: { __name__: 'up' }, samples: [] }], T0 + 2 * HOUR_MS);
    expect(states.size).toBe(1); // only `up` is left
    const r = send([requests('200', [[2 * HOUR_MS, 150]])], T0 + 2 * HOUR_MS);
    expect(r.items).toEqual([]); // a new baseline
  });

  it('leaves out rules for unknown SLIs, of the wrong kind, or with a bad regex, with a reason', () => {
    const { compiled } = setup([
      { sliId: 'nope', kind: 'value', value: [] },
      { sliId: 'checkout', kind: 'value', value: [] },
      { sliId: 'latency', kind: 'value', value: [{ name: 'a', op: '=~', value: '(?=x)' }] },
      latencyRule,
    ]);
    expect(compiled.problems).toEqual([
      { rule: 0, sliId: 'nope', problem: 'no SLI with this id is defined' },
      {
        rule: 1,
        sliId: 'checkout',
        problem: 'a value rule needs a distribution SLI, this one is ratio',
      },
      {
        rule: 2,
        sliId: 'latency',
        problem: 'value: a=~"(?=x)": lookahead and lookbehind are not RE2 syntax',
      },
    ]);
    expect(compiled.sliIds).toEqual(['latency']);
  });
});
