// A small snappy block encoder for tests: greedy hash matching like the reference encoder, so
// bodies hold literals and copies of every offset size. Also raw element writers, to build
// exactly the (corrupt) blocks a test needs.

export function encodeSnappy(data: Uint8Array, options: { maxOffset?: number } = {}): Uint8Array {
  const out: number[] = [];
  pushVarint(out, data.length);
  const maxOffset = options.maxOffset ?? 0xffff_ffff;
  const table = new Map<number, number>();
  let literalStart = 0;
  let i = 0;
  while (i + 4 <= data.length) {
    const key = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    const candidate = table.get(key);
    table.set(key, i);
    if (candidate === undefined || i - candidate > maxOffset) {
      i++;
      continue;
    }
    let len = 4;
    while (i + len < data.length && data[candidate + len] === data[i + len]) len++;
    if (literalStart < i) pushLiteral(out, data.subarray(literalStart, i));
    let left = len;
    while (left > 0) {
      const chunk = left > 64 ? (left - 64 < 4 ? left - 4 : 64) : left;
      pushCopy(out, i - candidate, chunk);
      left -= chunk;
    }
    i += len;
    literalStart = i;
  }
  if (literalStart < data.length) pushLiteral(out, data.subarray(literalStart));
  return Uint8Array.from(out);
}

export function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export function pushLiteral(out: number[], bytes: Uint8Array): void {
  const n = bytes.length - 1;
  if (n < 60) out.push(n << 2);
  else if (n < 0x100) out.push(60 << 2, n);
  else if (n < 0x1_0000) out.push(61 << 2, n & 0xff, n >>> 8);
  else if (n < 0x100_0000) out.push(62 << 2, n & 0xff, (n >>> 8) & 0xff, n >>> 16);
  else out.push(63 << 2, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  for (const b of bytes) out.push(b);
}

/** One copy element (len 1–64), choosing the smallest offset encoding that fits. */
export function pushCopy(out: number[], offset: number, len: number, force?: 1 | 2 | 4): void {
  const size = force ?? (len >= 4 && len <= 11 && offset < 2048 ? 1 : offset < 0x1_0000 ? 2 : 4);
  if (size === 1) {
    out.push(1 | ((len - 4) << 2) | ((offset >>> 8) << 5), offset & 0xff);
  } else if (size === 2) {
    out.push(2 | ((len - 1) << 2), offset & 0xff, offset >>> 8);
  } else {
    out.push(
      3 | ((len - 1) << 2),
      offset & 0xff,
      (offset >>> 8) & 0xff,
      (offset >>> 16) & 0xff,
      offset >>> 24,
    );
  }
}
