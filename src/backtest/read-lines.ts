// Streams a file's lines, gunzipping when the file starts with the gzip magic bytes (RFC 1952
// §2.3.1: 0x1f 0x8b), whatever its name says.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file as a text stream, decompressed when gzipped. */
export async function openText(path: string): Promise<Readable> {
  const raw = createReadStream(path);
  if (!(await isGzipFile(path))) return raw.setEncoding('utf8');
  return raw.pipe(createGunzip()).setEncoding('utf8');
}

/** Lines without their line ends, in order; a trailing empty line is not reported. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const lines = createInterface({
    input: await openText(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) yield line;
}

export async function readText(path: string): Promise<string> {
  let text = '';
  for await (const chunk of await openText(path)) text += chunk as string;
  return text;
}
