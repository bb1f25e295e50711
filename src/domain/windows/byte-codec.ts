// Little binary writer/reader for window snapshots and sketch encodings: unsigned LEB128 varints
// (arithmetic, so safe integers up to 2^53 work), zigzag for signed, and raw float64.

export class ByteWriter {
  private bytes = new Uint8Array(64);
  private length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): this {
    this.reserve(1);
    this.bytes[this.length++] = value & 0xff;
    return this;
  }

  /** A non-negative safe integer. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`cannot encode ${value} as a varint: expected a non-negative safe integer`);
    }
    let v = value;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    return this.byte(v);
  }

  /** A signed safe integer (zigzag). */
  zigzag(value: number): this {
    return this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  f64(value: number): this {
    this.reserve(8);
    new DataView(this.bytes.buffer).setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export class ByteReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    const b = this.bytes[this.offset];
    if (b === undefined) throw new Error(`truncated encoding at byte ${this.offset}`);
    this.offset++;
    return b;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new Error(`varint too long at byte ${this.offset}`);
    }
    return value;
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  f64(): number {
    if (this.offset + 8 > this.bytes.length) {
      throw new Error(`truncated encoding at byte ${this.offset}`);
    }
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  raw(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) {
      throw new Error(`truncated encoding at byte ${this.offset}`);
    }
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  expectEnd(): void {
    if (!this.done) throw new Error(`unexpected trailing bytes at byte ${this.offset}`);
  }
}
