import { describe, expect, it } from 'vitest';
import {
  ProtoWriter,
  encodeLabel,
  encodeSample,
  encodeSeries,
  encodeWriteRequest,
} from './test-support/write-request-encoder.js';
import {
  decodeWriteRequest,
  ProtobufError,
  WriteRequestView,
  writeRequestObjects,
} from './write-request.js';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function refusal(bytes: Uint8Array): ProtobufError {
  try {
    decodeWriteRequest(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ProtobufError);
    return e as ProtobufError;
  }
  throw new Error('expected the request to be refused');
}

describe('decodeWriteRequest', () => {
  it('reads series with their labels and samples in order', () => {
    const bytes = encodeWriteRequest([
      {
        labels: { __name__: 'http_requests_total', code: '200', job: 'shop' },
        samples: [
          { value: 10, timestampMs: T0 },
          { value: 12.5, timestampMs: T0 + 1000 },
        ],
      },
      { labels: { __name__: 'up', job: 'shop' }, samples: [{ value: 1, timestampMs: T0 }] },
    ]);
    expect(writeRequestObjects(decodeWriteRequest(bytes))).toEqual([
      {
        labels: [
          { name: '__name__', value: 'http_requests_total' },
          { name: 'code', value: '200' },
          { name: 'job', value: 'shop' },
        ],
        samples: [
          { value: 10, timestampMs: T0 },
          { value: 12.5, timestampMs: T0 + 1000 },
        ],
      },
      {
        labels: [
          { name: '__name__', value: 'up' },
          { name: 'job', value: 'shop' },
        ],
        samples: [{ value: 1, timestampMs: T0 }],
      },
    ]);
  });

  it('reads an empty request, empty label values, unicode and special float values', () => {
    expect(decodeWriteRequest(new Uint8Array(0)).seriesCount).toBe(0);
    const stale = new Uint8Array(8);
    new DataView(stale.buffer).setUint32(0, 0x7ff00000 | 2, false);
    const bytes = encodeWriteRequest([
      {
        labels: [
          ['__name__', 'température_°C'],
          ['empty', ''],
        ],
        samples: [
          { value: -0.25, timestampMs: T0 },
          { value: Infinity, timestampMs: T0 + 1 },
          { value: NaN, timestampMs: T0 + 2 },
        ],
      },
    ]);
    const [series] = writeRequestObjects(decodeWriteRequest(bytes));
    expect(series!.labels).toEqual([
      { name: '__name__', value: 'température_°C' },
      { name: 'empty', value: '' },
    ]);
    expect(series!.samples.map((s) => s.value)).toEqual([-0.25, Infinity, NaN]);
  });

  it('reads negative and large int64 timestamps exactly', () => {
    for (const ts of [0, 1, -1, -1000, 2 ** 31, 2 ** 32 + 5, 2 ** 53 - 1, -(2 ** 53) + 1, T0]) {
      const bytes = encodeWriteRequest([
        { labels: { a: 'b' }, samples: [{ value: 1, timestampMs: ts }] },
      ]);
      expect(decodeWriteRequest(bytes).sampleTimestamp[0], String(ts)).toBe(ts);
    }
  });

  it('skips metadata, exemplars, histograms and unknown fields of every wire type', () => {
    const exemplar = new ProtoWriter()
      .bytesField(1, encodeLabel('trace_id', 'abc'))
      .doubleField(2, 0.3)
      .varintField(3, T0)
      .finish();
    const histogram = new ProtoWriter().varintField(1, 42).doubleField(3, 1.5).finish();
    const unknownKinds = new ProtoWriter()
      .varintField(9, 2n ** 63n)
      .fixed32Field(10, 7)
      .doubleField(11, 1)
      .tag(12, 3) // a (deprecated) group holding a field, skipped as a whole
      .varintField(1, 5)
      .tag(12, 4)
      .finish();
    const bytes = encodeWriteRequest(
      [
        {
          labels: { __name__: 'latency_seconds', le: '0.5' },
          samples: [{ value: 3, timestampMs: T0 }],
          extra: [
            new ProtoWriter().bytesField(3, exemplar).finish(),
            new ProtoWriter().bytesField(4, histogram).finish(),
            unknownKinds,
          ],
        },
      ],
      {
        metadata: [{ family: 'latency_seconds', help: 'Request latency.' }],
        extra: [unknownKinds],
      },
    );
    expect(writeRequestObjects(decodeWriteRequest(bytes))).toEqual([
      {
        labels: [
          { name: '__name__', value: 'latency_seconds' },
          { name: 'le', value: '0.5' },
        ],
        samples: [{ value: 3, timestampMs: T0 }],
      },
    ]);
  });

  it('keys a series by the bytes of its labels, and marks labels split by another field', () => {
    const view = decodeWriteRequest(
      encodeWriteRequest([
        { labels: { a: '1', b: '2' }, samples: [{ value: 1, timestampMs: T0 }] },
        {
          labels: { a: '1', b: '2' },
          samples: [{ value: 1, timestampMs: T0 }],
          extra: [new ProtoWriter().varintField(9, 1).finish()],
          extraBetweenLabels: true,
        },
      ]),
    );
    const labelBytes = encodeSeries({ labels: { a: '1', b: '2' }, samples: [] });
    expect(view.seriesKeyEnd[0]! - view.seriesKeyStart[0]!).toBe(labelBytes.length);
    expect(view.seriesKeyStart[1]).toBe(-1);
  });

  it('reuses one view across requests and grows it for large ones', () => {
    const view = new WriteRequestView();
    const many = Array.from({ length: 3000 }, (_, i) => ({
      labels: { __name__: 'm', i: String(i) },
      samples: [{ value: i, timestampMs: T0 + i }],
    }));
    decodeWriteRequest(encodeWriteRequest(many), view);
    expect([view.seriesCount, view.labelCount, view.sampleCount]).toEqual([3000, 6000, 3000]);
    expect(view.sampleValue[2999]).toBe(2999);
    decodeWriteRequest(encodeWriteRequest(many.slice(0, 1)), view);
    expect([view.seriesCount, view.labelCount, view.sampleCount]).toEqual([1, 2, 1]);
  });

  it('refuses a known field with the wrong wire type, naming the field', () => {
    const badSample = new ProtoWriter().varintField(1, 5).finish(); // value as a varint
    const series = new ProtoWriter().bytesField(2, badSample).finish();
    const e = refusal(new ProtoWriter().bytesField(1, series).finish());
    expect(e.message).toBe(
      'timeseries[0].samples[0].value has wire type 0 (varint), expected 1 (fixed64)',
    );
    const badTs = new ProtoWriter()
      .bytesField(2, new ProtoWriter().doubleField(2, 1).finish())
      .finish();
    expect(refusal(new ProtoWriter().bytesField(1, badTs).finish()).message).toMatch(
      /samples\[0\]\.timestamp has wire type 1 \(fixed64\), expected 0/,
    );
    expect(refusal(new ProtoWriter().varintField(1, 3).finish()).message).toMatch(
      /timeseries\[0\] has wire type 0/,
    );
  });

  it('refuses lengths that run past the body or their enclosing message', () => {
    const truncated = encodeWriteRequest([
      { labels: { a: 'b' }, samples: [{ value: 1, timestampMs: T0 }] },
    ]);
    expect(refusal(truncated.subarray(0, truncated.length - 3)).message).toMatch(
      /timeseries\[0\]: length \d+ runs past the end of its body/,
    );
    // A label claiming more bytes than its series holds.
    const label = new ProtoWriter().tag(1, 2).varint(50).raw(encodeLabel('a', 'b')).finish();
    const series = new ProtoWriter().raw(label).bytesField(2, encodeSample(1, T0)).finish();
    const wrapped = new ProtoWriter().bytesField(1, series).finish();
    expect(refusal(wrapped).message).toMatch(
      /labels\[0\]: length 50 runs past the end of its enclosing message/,
    );
  });

  it('refuses a cut varint, a double cut short, a bad wire type and field number 0', () => {
    expect(refusal(Uint8Array.of(0x0a, 0x80)).message).toMatch(/varint runs past the end/);
    const shortDouble = new ProtoWriter().bytesField(2, Uint8Array.of(0x09, 1, 2, 3)).finish();
    expect(refusal(new ProtoWriter().bytesField(1, shortDouble).finish()).message).toMatch(
      /samples\[0\]\.value: 8-byte double runs past its message/,
    );
    expect(refusal(Uint8Array.of((5 << 3) | 6, 0)).message).toMatch(/wire type 6 \(invalid\)/);
    expect(refusal(Uint8Array.of(0x02, 0)).message).toMatch(/field number 0/);
    expect(refusal(Uint8Array.of((7 << 3) | 3, 0x08, 1)).message).toMatch(/group is never closed/);
  });

  it('never throws anything but a ProtobufError on random bytes', () => {
    const base = encodeWriteRequest([
      { labels: { __name__: 'x', a: 'b' }, samples: [{ value: 1, timestampMs: T0 }] },
    ]);
    for (let n = 0; n < 3000; n++) {
      const mutated = Uint8Array.from(base);
      mutated[n % mutated.length] = (n * 131) & 0xff;
      const k = (n * 7) % mutated.length;
      mutated[k] = mutated[k]! ^ (n & 0xff);
      try {
        decodeWriteRequest(mutated);
      } catch (e) {
        expect(e).toBeInstanceOf(ProtobufError);
      }
    }
  });
});
