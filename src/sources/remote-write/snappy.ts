// Snappy *block* format decoder (the remote-write body is one block, not the framed stream).
// Format: https://github.com/google/snappy/blob/main/format_description.txt — a varint of the
// uncompressed length, then elements: literals and back-references (copies) with 1, 2 or 4-byte
// offsets. Every read and every copy is bounds-checked: corrupt input is refused, never read past.

export class SnappyError extends Error {
  constructor(
    message: string,
    /** Byte offset into the compressed input where the problem was found. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SnappyError';
  }
}

/** The decoded length a block declares, read from its preamble without decoding. */
export function snappyDecodedLength(input: Uint8Array): number {
  return readPreamble(input).length;
}

/**
 * Decodes one snappy block. `maxDecodedBytes` bounds the declared length before anything is
 * allocated, so a 20-byte body cannot ask for gigabytes.
 */
export function decodeSnappy(input: Uint8Array, maxDecodedBytes: number): Uint8Array {
  const { length, next } = readPreamble(input);
  if (length > maxDecodedBytes) {
    throw new SnappyError(
      `declares ${length} decoded bytes, more than the limit of ${maxDecodedBytes}`,
      0,
    );
  }
  const out = new Uint8Array(length);
  let o = 0;
  let i = next;
  const end = input.length;
  while (i < end) {
    const at = i;
    const tag = input[i++]!;
    const type = tag & 3;
    if (type === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59; // 60..63 → 1..4 bytes of little-endian length - 1
        if (i + extra > end) throw new SnappyError('literal length runs past the end', at);
        len = input[i]!;
        if (extra > 1) len |= input[i + 1]! << 8;
        if (extra > 2) len |= input[i + 2]! << 16;
        if (extra > 3) len = (len | (input[i + 3]! << 24)) >>> 0;
        i += extra;
      }
      len += 1;
      if (len > end - i) throw new SnappyError('literal runs past the end of the input', at);
      if (len > length - o) throw new SnappyError('literal overflows the declared length', at);
      // Short runs (most of a label-heavy body) copy faster by hand than through a subarray.
      if (len < 32) for (let k = 0; k < len; k++) out[o + k] = input[i + k]!;
      else out.set(input.subarray(i, i + len), o);
      i += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (i + 1 > end) throw new SnappyError('copy offset runs past the end', at);
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | input[i]!;
      i += 1;
    } else if (type === 2) {
      if (i + 2 > end) throw new SnappyError('copy offset runs past the end', at);
      len = 1 + (tag >>> 2);
      offset = input[i]! | (input[i + 1]! << 8);
      i += 2;
    } else {
      if (i + 4 > end) throw new SnappyError('copy offset runs past the end', at);
      len = 1 + (tag >>> 2);
      offset =
        (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0;
      i += 4;
    }
    if (offset === 0 || offset > o) {
      throw new SnappyError(
        `copy offset ${offset} points outside the ${o} bytes decoded so far`,
        at,
      );
    }
    if (len > length - o) throw new SnappyError('copy overflows the declared length', at);
    const from = o - offset;
    if (len >= 32 && offset >= len) {
      out.copyWithin(o, from, from + len);
    } else {
      // Short or overlapping (a run repeating the last `offset` bytes): byte by byte.
      for (let k = 0; k < len; k++) out[o + k] = out[from + k]!;
    }
    o += len;
  }
  if (o !== length) {
    throw new SnappyError(`decoded ${o} bytes but the preamble declares ${length}`, end);
  }
  return out;
}

function readPreamble(input: Uint8Array): { length: number; next: number } {
  let length = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= input.length) {
      throw new SnappyError(
        input.length === 0 ? 'the body is empty' : 'the length preamble is cut short',
        i,
      );
    }
    const b = input[i]!;
    length += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) {
      if (length > 0xffff_ffff) throw new SnappyError('the length preamble exceeds 32 bits', 0);
      return { length, next: i + 1 };
    }
    shift += 7;
  }
  throw new SnappyError('the length preamble is longer than 5 bytes', 0);
}
