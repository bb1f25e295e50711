import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeSnappy, SnappyError, snappyDecodedLength } from './snappy.js';
import { encodeSnappy, pushCopy, pushLiteral, pushVarint } from './test-support/snappy-encoder.js';

const LIMIT = 1 << 20;
const text = (s: string) => new TextEncoder().encode(s);

function block(declared: number, build: (out: number[]) => void): Uint8Array {
  const out: number[] = [];
  pushVarint(out, declared);
  build(out);
  return Uint8Array.from(out);
}

function refusal(input: Uint8Array, limit = LIMIT): string {
  try {
    decodeSnappy(input, limit);
  } catch (e) {
    expect(e).toBeInstanceOf(SnappyError);
    return (e as Error).message;
  }
  throw new Error('expected the block to be refused');
}

describe('decodeSnappy', () => {
  it('round-trips text, repetitive label sets, random bytes and the empty block', () => {
    const labels = 'http_requests_total{code="200",handler="/api",instance="app-1:8080"}\n';
    const inputs = [
      new Uint8Array(0),
      text('a'),
      text('hello, hello, hello, hello world'),
      text(labels.repeat(500)),
      new Uint8Array(randomBytes(70_000)),
      text('x'.repeat(100_000)),
    ];
    for (const input of inputs) {
      expect(same(decodeSnappy(encodeSnappy(input), LIMIT), input), `${input.length} bytes`).toBe(
        true,
      );
    }
  });

  it('reads literals of every length encoding (inline, 1, 2, 3 and 4 length bytes)', () => {
    for (const size of [1, 60, 61, 256, 257, 65_536, 65_537]) {
      const bytes = new Uint8Array(size).map((_, i) => i * 7);
      const input = block(size, (out) => pushLiteral(out, bytes));
      expect(same(decodeSnappy(input, LIMIT), bytes), `${size} bytes`).toBe(true);
    }
    // Encoders may spend more length bytes than needed; 4 bytes is legal for any length.
    const wide = block(3, (out) => out.push(63 << 2, 2, 0, 0, 0, 7, 8, 9));
    expect([...decodeSnappy(wide, LIMIT)]).toEqual([7, 8, 9]);
  });

  it('reads copies with 1-, 2- and 4-byte offsets, including overlapping runs', () => {
    const input = block(4 + 8 + 20 + 30, (out) => {
      pushLiteral(out, text('abcd'));
      pushCopy(out, 4, 8, 1); // abcdabcd (overlaps itself)
      pushCopy(out, 1, 20, 2); // 20 × "d"
      pushCopy(out, 32, 30, 4); // the first 30 bytes again
    });
    const expected = `abcdabcdabcd${'d'.repeat(20)}`;
    expect(new TextDecoder().decode(decodeSnappy(input, LIMIT))).toBe(
      `${expected}${expected.slice(0, 30)}`,
    );
  });

  it('reads copies whose offset is larger than 65,535 bytes back', () => {
    const head = new Uint8Array(randomBytes(70_000));
    const input = block(70_010, (out) => {
      pushLiteral(out, head);
      pushCopy(out, 70_000, 10, 4);
    });
    const decoded = decodeSnappy(input, LIMIT);
    expect([...decoded.subarray(70_000)]).toEqual([...head.subarray(0, 10)]);
  });

  it('refuses an empty body and a cut-short or oversized length preamble', () => {
    expect(refusal(new Uint8Array(0))).toMatch(/empty/);
    expect(refusal(Uint8Array.of(0x80, 0x80))).toMatch(/cut short/);
    expect(refusal(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01))).toMatch(/longer than 5/);
    expect(refusal(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x7f))).toMatch(/32 bits/);
  });

  it('refuses a block declaring more than the limit before allocating it', () => {
    expect(
      refusal(
        block(2_000_000_000, () => {}),
        1000,
      ),
    ).toMatch(/declares 2000000000 decoded bytes, more than the limit of 1000/);
    expect(snappyDecodedLength(block(1234, () => {}))).toBe(1234);
  });

  it('refuses literals and copies that run past the input or the declared length', () => {
    expect(refusal(block(10, (out) => out.push(9 << 2, 1, 2)))).toMatch(
      /literal runs past the end/,
    );
    expect(refusal(block(10, (out) => out.push(61 << 2, 1)))).toMatch(/literal length runs past/);
    expect(refusal(block(2, (out) => pushLiteral(out, text('abc'))))).toMatch(
      /overflows the declared length/,
    );
    expect(
      refusal(
        block(5, (out) => {
          pushLiteral(out, text('ab'));
          pushCopy(out, 2, 4, 1);
        }),
      ),
    ).toMatch(/copy overflows/);
    expect(refusal(block(8, (out) => out.push(2 | (3 << 2), 1)))).toMatch(/offset runs past/);
  });

  it('refuses copies pointing before the start or at offset zero', () => {
    const early = block(12, (out) => {
      pushLiteral(out, text('ab'));
      pushCopy(out, 3, 10, 2);
    });
    expect(refusal(early)).toMatch(/copy offset 3 points outside the 2 bytes decoded so far/);
    const zero = block(6, (out) => {
      pushLiteral(out, text('ab'));
      pushCopy(out, 0, 4, 1);
    });
    expect(refusal(zero)).toMatch(/copy offset 0/);
  });

  it('refuses a block that ends before producing the declared length', () => {
    expect(refusal(block(10, (out) => pushLiteral(out, text('abc'))))).toMatch(
      /decoded 3 bytes but the preamble declares 10/,
    );
  });

  it('never reads out of range or loops on random garbage', () => {
    for (let n = 0; n < 2000; n++) {
      const garbage = new Uint8Array(randomBytes(1 + (n % 64)));
      try {
        const out = decodeSnappy(garbage, 4096);
        expect(out.length).toBe(snappyDecodedLength(garbage));
      } catch (e) {
        expect(e).toBeInstanceOf(SnappyError);
      }
    }
  });
});

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
