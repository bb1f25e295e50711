// The header every serialised objective window starts with, so a snapshot is never read as the
// wrong kind of window: magic "FW", format version, window kind, SLI kind.

import type { SliKind } from '../definitions.js';
import { ByteReader, ByteWriter } from './byte-codec.js';

export type WindowKind = 'budget-events' | 'budget-slices' | 'threshold';

const MAGIC = [0x46, 0x57] as const;
const VERSION = 1;
const KINDS: readonly WindowKind[] = ['budget-events', 'budget-slices', 'threshold'];
const SLI_KINDS: readonly SliKind[] = ['ratio', 'distribution'];

export function startSnapshot(kind: WindowKind, sliKind: SliKind): ByteWriter {
  return new ByteWriter()
    .byte(MAGIC[0])
    .byte(MAGIC[1])
    .byte(VERSION)
    .byte(KINDS.indexOf(kind))
    .byte(SLI_KINDS.indexOf(sliKind));
}

/** Reads the header; throws a clear Error unless it is a snapshot of the expected kind. */
export function openSnapshot(
  bytes: Uint8Array,
  expected: { kind: WindowKind; sliKind: SliKind; objectiveKey: string },
): ByteReader {
  const r = new ByteReader(bytes);
  if (bytes.length < 5 || r.byte() !== MAGIC[0] || r.byte() !== MAGIC[1]) {
    throw new Error(
      `window snapshot for ${expected.objectiveKey} is not a Forewarn window snapshot`,
    );
  }
  const version = r.byte();
  if (version !== VERSION) {
    throw new Error(`window snapshot for ${expected.objectiveKey} has unknown version ${version}`);
  }
  const kind = KINDS[r.byte()];
  const sliKind = SLI_KINDS[r.byte()];
  if (kind !== expected.kind || sliKind !== expected.sliKind) {
    throw new Error(
      `window snapshot holds a ${kind ?? 'unknown'} window of a ${sliKind ?? 'unknown'} SLI, ` +
        `but objective ${expected.objectiveKey} needs a ${expected.kind} window of a ` +
        `${expected.sliKind} SLI`,
    );
  }
  return r;
}
