// Reads a Prometheus remote-write 1.0 `prometheus.WriteRequest` (prompb/remote.proto, types.proto):
//   WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
//                  repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }
// Hand-written over the bytes: labels and samples land in reusable flat arrays (offsets into the
// body, not strings), so a 2,000-series request allocates almost nothing. Unknown fields are
// skipped by wire type; a wrong wire type on a known field or a field running past its message is
// refused with the path of the field.

export class ProtobufError extends Error {
  constructor(
    message: string,
    /** Byte offset into the decoded (uncompressed) body. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ProtobufError';
  }
}

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];
const MAX_GROUP_DEPTH = 32;

/** One decoded request: per series, its labels and samples as ranges of the flat arrays. */
export class WriteRequestView {
  buf: Uint8Array = new Uint8Array(0);
  seriesCount = 0;
  labelCount = 0;
  sampleCount = 0;
  /** Per series: first label index, label count, first sample index, sample count. */
  seriesLabelStart = new Int32Array(256);
  seriesLabelCount = new Int32Array(256);
  seriesSampleStart = new Int32Array(256);
  seriesSampleCount = new Int32Array(256);
  /**
   * Per series: the byte range of its label fields in `buf`, tags included. When the labels are not
   * contiguous (another field between them), keyStart is -1 and the key is built label by label.
   */
  seriesKeyStart = new Int32Array(256);
  seriesKeyEnd = new Int32Array(256);
  /** Per label: byte ranges of name and value in `buf`. */
  nameStart = new Int32Array(1024);
  nameEnd = new Int32Array(1024);
  valueStart = new Int32Array(1024);
  valueEnd = new Int32Array(1024);
  /** Per sample. Timestamps are epoch ms (int64 read exactly up to 2^53). */
  sampleValue = new Float64Array(1024);
  sampleTimestamp = new Float64Array(1024);
}

/** Decodes `buf` into `view` (reused between requests when given). */
export function decodeWriteRequest(
  buf: Uint8Array,
  view: WriteRequestView = new WriteRequestView(),
): WriteRequestView {
  view.buf = buf;
  view.seriesCount = 0;
  view.labelCount = 0;
  view.sampleCount = 0;
  const r = new Reader(buf);
  while (r.pos < buf.length) {
    r.at(-1, PART_NONE, 0, '');
    const tagAt = r.pos;
    const tag = r.varint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) {
      r.at(view.seriesCount, PART_NONE, 0, '');
      r.expectWire(wire, 2, tagAt);
      const end = r.lengthDelimited(-1);
      readSeries(r, end, view);
    } else {
      r.skip(field, wire, buf.length, tagAt, 0);
    }
  }
  return view;
}

function readSeries(r: Reader, end: number, view: WriteRequestView): void {
  const s = view.seriesCount;
  if (s === view.seriesLabelStart.length) growSeries(view);
  const labelStart = view.labelCount;
  const sampleStart = view.sampleCount;
  view.seriesLabelStart[s] = labelStart;
  view.seriesSampleStart[s] = sampleStart;
  let keyStart = -1;
  let keyEnd = -1;
  let contiguous = true;
  while (r.pos < end) {
    r.at(s, PART_NONE, 0, '');
    const tagAt = r.pos;
    const tag = r.varint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) {
      r.at(s, PART_LABELS, view.labelCount - labelStart, '');
      r.expectWire(wire, 2, tagAt);
      if (keyEnd !== -1 && keyEnd !== tagAt) contiguous = false;
      if (keyStart === -1) keyStart = tagAt;
      const labelEnd = r.lengthDelimited(end);
      readLabel(r, labelEnd, view);
      keyEnd = labelEnd;
    } else if (field === 2) {
      r.at(s, PART_SAMPLES, view.sampleCount - sampleStart, '');
      r.expectWire(wire, 2, tagAt);
      const sampleEnd = r.lengthDelimited(end);
      readSample(r, sampleEnd, view);
    } else {
      r.skip(field, wire, end, tagAt, 0);
    }
  }
  view.seriesLabelCount[s] = view.labelCount - labelStart;
  view.seriesSampleCount[s] = view.sampleCount - sampleStart;
  view.seriesKeyStart[s] = contiguous ? keyStart : -1;
  view.seriesKeyEnd[s] = keyEnd;
  view.seriesCount = s + 1;
}

function readLabel(r: Reader, end: number, view: WriteRequestView): void {
  const l = view.labelCount;
  if (l === view.nameStart.length) growLabels(view);
  // proto3 defaults: an absent name or value is the empty string.
  view.nameStart[l] = view.nameEnd[l] = view.valueStart[l] = view.valueEnd[l] = 0;
  while (r.pos < end) {
    r.leaf = '';
    const tagAt = r.pos;
    const tag = r.varint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 || field === 2) {
      r.leaf = field === 1 ? '.name' : '.value';
      r.expectWire(wire, 2, tagAt);
      const stop = r.lengthDelimited(end);
      if (field === 1) {
        view.nameStart[l] = r.pos;
        view.nameEnd[l] = stop;
      } else {
        view.valueStart[l] = r.pos;
        view.valueEnd[l] = stop;
      }
      r.pos = stop;
    } else {
      r.skip(field, wire, end, tagAt, 0);
    }
  }
  view.labelCount = l + 1;
}

function readSample(r: Reader, end: number, view: WriteRequestView): void {
  const i = view.sampleCount;
  if (i === view.sampleValue.length) growSamples(view);
  let value = 0;
  let timestamp = 0;
  while (r.pos < end) {
    r.leaf = '';
    const tagAt = r.pos;
    const tag = r.varint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1) {
      r.leaf = '.value';
      r.expectWire(wire, 1, tagAt);
      value = r.double(end);
    } else if (field === 2) {
      r.leaf = '.timestamp';
      r.expectWire(wire, 0, tagAt);
      timestamp = r.int64(end);
    } else {
      r.skip(field, wire, end, tagAt, 0);
    }
  }
  view.sampleValue[i] = value;
  view.sampleTimestamp[i] = timestamp;
  view.sampleCount = i + 1;
}

const PART_NONE = 0;
const PART_LABELS = 1;
const PART_SAMPLES = 2;

class Reader {
  pos = 0;
  /** Where the reader is, kept as numbers: the path text is only built for an error. */
  private series = -1;
  private part = PART_NONE;
  private index = 0;
  leaf = '';
  /** The unknown field being skipped, 0 when none. */
  private skipping = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  at(series: number, part: number, index: number, leaf: string): void {
    this.series = series;
    this.part = part;
    this.index = index;
    this.leaf = leaf;
  }

  private where(): string {
    const skipped = this.skipping > 0 ? ` field ${this.skipping}` : '';
    if (this.series < 0) return `WriteRequest${skipped}`;
    let path = `timeseries[${this.series}]`;
    if (this.part === PART_LABELS) path += `.labels[${this.index}]`;
    else if (this.part === PART_SAMPLES) path += `.samples[${this.index}]`;
    return path + this.leaf + skipped;
  }

  private fail(problem: string, offset: number): never {
    throw new ProtobufError(`${this.where()}${problem}`, offset);
  }

  expectWire(wire: number, expected: number, offset: number): void {
    if (wire !== expected) {
      this.fail(
        ` has wire type ${wire} (${WIRE_NAMES[wire] ?? 'invalid'}), expected ${expected} (${WIRE_NAMES[expected]})`,
        offset,
      );
    }
  }

  varint32(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    const start = this.pos;
    for (let n = 0; n < 10; n++) {
      if (this.pos >= buf.length) this.fail(': varint runs past the end', start);
      const b = buf[this.pos++]!;
      // Bits above 32 are dropped, as protobuf does for 32-bit fields.
      if (shift < 32) result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
    return this.fail(': varint longer than 10 bytes', start);
  }

  /** An int64 varint as a number (exact within ±2^53; negative values are 10 bytes). */
  int64(end: number): number {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    const start = this.pos;
    for (let n = 0; ; n++) {
      if (n === 10) this.fail(': varint longer than 10 bytes', start);
      if (this.pos >= end) this.fail(': varint runs past its message', start);
      const b = buf[this.pos++]!;
      if (n < 4) lo |= (b & 0x7f) << (n * 7);
      else if (n === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (n * 7 - 32);
      if ((b & 0x80) === 0) break;
    }
    lo >>>= 0;
    if (hi & 0x8000_0000) return -((~hi >>> 0) * 0x1_0000_0000 + (~lo >>> 0) + 1);
    return (hi >>> 0) * 0x1_0000_0000 + lo;
  }

  double(end: number): number {
    if (this.pos + 8 > end) this.fail(': 8-byte double runs past its message', this.pos);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /**
   * Reads a length prefix and returns where the field ends; pos is at its first byte.
   * `enclosingEnd` -1: the field is at the top level and may run to the end of the body.
   */
  lengthDelimited(enclosingEnd: number): number {
    const start = this.pos;
    const len = this.varint32();
    const end = this.pos + len;
    if (end > (enclosingEnd < 0 ? this.buf.length : enclosingEnd)) {
      this.fail(
        `: length ${len} runs past the end of its ${enclosingEnd < 0 ? 'body' : 'enclosing message'}`,
        start,
      );
    }
    return end;
  }

  skip(field: number, wire: number, end: number, tagAt: number, depth: number): void {
    const outer = this.skipping;
    this.skipping = field;
    this.skipField(field, wire, end, tagAt, depth);
    this.skipping = outer;
  }

  private skipField(field: number, wire: number, end: number, tagAt: number, depth: number) {
    if (field === 0) this.fail(': field number 0 is not valid', tagAt);
    switch (wire) {
      case 0:
        this.int64(end);
        return;
      case 1:
        if (this.pos + 8 > end) this.fail(': fixed64 runs past its message', tagAt);
        this.pos += 8;
        return;
      case 2:
        this.pos = this.lengthDelimited(end);
        return;
      case 5:
        if (this.pos + 4 > end) this.fail(': fixed32 runs past its message', tagAt);
        this.pos += 4;
        return;
      case 3: {
        if (depth >= MAX_GROUP_DEPTH) this.fail(': groups nested too deep', tagAt);
        for (;;) {
          if (this.pos >= end) this.fail(': group is never closed', tagAt);
          const innerAt = this.pos;
          const tag = this.varint32();
          if ((tag & 7) === 4) {
            if (tag >>> 3 !== field) this.fail(`: group closed by field ${tag >>> 3}`, innerAt);
            return;
          }
          this.skipField(tag >>> 3, tag & 7, end, innerAt, depth + 1);
        }
      }
      default:
        this.fail(
          ` has wire type ${wire} (${WIRE_NAMES[wire] ?? 'invalid'}), which cannot start a field`,
          tagAt,
        );
    }
  }
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const next = new (a.constructor as new (n: number) => T)(a.length * 2);
  next.set(a);
  return next;
}

function growSeries(v: WriteRequestView): void {
  v.seriesLabelStart = grow(v.seriesLabelStart);
  v.seriesLabelCount = grow(v.seriesLabelCount);
  v.seriesSampleStart = grow(v.seriesSampleStart);
  v.seriesSampleCount = grow(v.seriesSampleCount);
  v.seriesKeyStart = grow(v.seriesKeyStart);
  v.seriesKeyEnd = grow(v.seriesKeyEnd);
}

function growLabels(v: WriteRequestView): void {
  v.nameStart = grow(v.nameStart);
  v.nameEnd = grow(v.nameEnd);
  v.valueStart = grow(v.valueStart);
  v.valueEnd = grow(v.valueEnd);
}

function growSamples(v: WriteRequestView): void {
  v.sampleValue = grow(v.sampleValue);
  v.sampleTimestamp = grow(v.sampleTimestamp);
}

const utf8 = new TextDecoder('utf-8');

/** The request as plain objects: for tests and diagnostics, not the hot path. */
export function writeRequestObjects(view: WriteRequestView): Array<{
  labels: Array<{ name: string; value: string }>;
  samples: Array<{ value: number; timestampMs: number }>;
}> {
  const text = (a: number, b: number) => utf8.decode(view.buf.subarray(a, b));
  const out = [];
  for (let s = 0; s < view.seriesCount; s++) {
    const labels = [];
    const l0 = view.seriesLabelStart[s]!;
    for (let l = l0; l < l0 + view.seriesLabelCount[s]!; l++) {
      labels.push({
        name: text(view.nameStart[l]!, view.nameEnd[l]!),
        value: text(view.valueStart[l]!, view.valueEnd[l]!),
      });
    }
    const samples = [];
    const i0 = view.seriesSampleStart[s]!;
    for (let i = i0; i < i0 + view.seriesSampleCount[s]!; i++) {
      samples.push({ value: view.sampleValue[i]!, timestampMs: view.sampleTimestamp[i]! });
    }
    out.push({ labels, samples });
  }
  return out;
}
