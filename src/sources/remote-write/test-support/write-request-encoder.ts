// A test-only protobuf writer for prometheus.WriteRequest, with room for the fields the receiver
// must skip (metadata, exemplars, histograms, fields of any wire type) and for crafted corruption.

import { encodeSnappy } from './snappy-encoder.js';

export interface TestSeries {
  labels: Record<string, string> | Array<[string, string]>;
  samples: Array<{ value: number; timestampMs: number }>;
  /** Extra raw fields appended inside the TimeSeries message (exemplars, histograms, …). */
  extra?: Uint8Array[];
  /** Put the extra fields between the labels instead of after the samples. */
  extraBetweenLabels?: boolean;
}

export class ProtoWriter {
  private readonly bytes: number[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  bytesField(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  stringField(field: number, text: string): this {
    return this.bytesField(field, new TextEncoder().encode(text));
  }

  doubleField(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.tag(field, 1);
    for (const x of b) this.bytes.push(x);
    return this;
  }

  fixed32Field(field: number, value: number): this {
    this.tag(field, 5);
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
    return this;
  }

  varintField(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }

  raw(data: Uint8Array): this {
    for (const b of data) this.bytes.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export function encodeLabel(name: string, value: string): Uint8Array {
  return new ProtoWriter().stringField(1, name).stringField(2, value).finish();
}

export function encodeSample(value: number, timestampMs: number): Uint8Array {
  return new ProtoWriter().doubleField(1, value).varintField(2, timestampMs).finish();
}

export function encodeSeries(series: TestSeries): Uint8Array {
  const w = new ProtoWriter();
  const labels = Array.isArray(series.labels) ? series.labels : Object.entries(series.labels);
  labels.forEach(([name, value], i) => {
    w.bytesField(1, encodeLabel(name, value));
    if (series.extraBetweenLabels === true && i === 0) for (const e of series.extra ?? []) w.raw(e);
  });
  for (const s of series.samples) w.bytesField(2, encodeSample(s.value, s.timestampMs));
  if (series.extraBetweenLabels !== true) for (const e of series.extra ?? []) w.raw(e);
  return w.finish();
}

export function encodeWriteRequest(
  series: TestSeries[],
  options: { metadata?: Array<{ family: string; help: string }>; extra?: Uint8Array[] } = {},
): Uint8Array {
  const w = new ProtoWriter();
  for (const s of series) w.bytesField(1, encodeSeries(s));
  for (const m of options.metadata ?? []) {
    // MetricMetadata { type = 1 (enum); metric_family_name = 2; help = 4; unit = 5 }
    w.bytesField(
      3,
      new ProtoWriter().varintField(1, 1).stringField(2, m.family).stringField(4, m.help).finish(),
    );
  }
  for (const e of options.extra ?? []) w.raw(e);
  return w.finish();
}

/** The HTTP body Prometheus would send: the request, snappy-compressed. */
export function remoteWriteBody(
  series: TestSeries[],
  options?: Parameters<typeof encodeWriteRequest>[1],
): Uint8Array {
  return encodeSnappy(encodeWriteRequest(series, options));
}
