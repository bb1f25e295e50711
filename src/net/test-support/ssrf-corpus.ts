// URLs that must never reach a private destination, with the class each one is refused as.
// "{port}" is replaced by a canary listener's port in the connection tests.

import type { AddressClass } from '../address-policy.js';

export interface CorpusEntry {
  url: string;
  expected: Exclude<AddressClass, 'public'>;
  /** Which canary would receive the request if the guard let it through. */
  family: 4 | 6;
}

export const SSRF_CORPUS: readonly CorpusEntry[] = [
  { url: 'http://2130706433:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://0x7f000001:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://0177.0.0.1:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://127.1:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://127.0.0.1:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://127.0.0.1.:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://[::ffff:7f00:1]:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://[::ffff:127.0.0.1]:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://[::1]:{port}/', expected: 'loopback', family: 6 },
  { url: 'http://[0:0:0:0:0:0:0:1]:{port}/', expected: 'loopback', family: 6 },
  { url: 'http://localhost.:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://localhost:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://LOCALHOST:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://canary.localhost:{port}/', expected: 'loopback', family: 4 },
  { url: 'http://169.254.169.254:{port}/latest/meta-data', expected: 'metadata', family: 4 },
  { url: 'http://[::ffff:a9fe:a9fe]:{port}/latest/meta-data', expected: 'metadata', family: 4 },
  { url: 'http://169.254.1.1:{port}/', expected: 'link-local', family: 4 },
  { url: 'http://[fe80::1]:{port}/', expected: 'link-local', family: 6 },
  {
    url: 'http://metadata.google.internal:{port}/computeMetadata/v1/',
    expected: 'metadata',
    family: 4,
  },
  { url: 'http://metadata.google.internal.:{port}/', expected: 'metadata', family: 4 },
  { url: 'http://metadata.goog:{port}/', expected: 'metadata', family: 4 },
  { url: 'http://[fd00::1]:{port}/', expected: 'private', family: 6 },
  { url: 'http://[fd00:ec2::254]:{port}/', expected: 'metadata', family: 6 },
  { url: 'http://10.0.0.1:{port}/', expected: 'private', family: 4 },
  { url: 'http://192.168.1.1:{port}/', expected: 'private', family: 4 },
  { url: 'http://172.16.0.1:{port}/', expected: 'private', family: 4 },
  { url: 'http://172.31.255.255:{port}/', expected: 'private', family: 4 },
  { url: 'http://100.64.0.1:{port}/', expected: 'shared', family: 4 },
  { url: 'http://0.0.0.0:{port}/', expected: 'unspecified', family: 4 },
  { url: 'http://0:{port}/', expected: 'unspecified', family: 4 },
  { url: 'http://[::]:{port}/', expected: 'unspecified', family: 6 },
  { url: 'http://224.0.0.1:{port}/', expected: 'multicast', family: 4 },
  { url: 'http://[ff02::1]:{port}/', expected: 'multicast', family: 6 },
  { url: 'http://255.255.255.255:{port}/', expected: 'broadcast', family: 4 },
  { url: 'http://240.0.0.1:{port}/', expected: 'reserved', family: 4 },
  { url: 'http://[::127.0.0.1]:{port}/', expected: 'loopback', family: 6 },
  { url: 'http://[64:ff9b::7f00:1]:{port}/', expected: 'loopback', family: 6 },
  { url: 'http://[64:ff9b::a9fe:a9fe]:{port}/', expected: 'metadata', family: 6 },
  { url: 'http://[2002:7f00:1::]:{port}/', expected: 'loopback', family: 6 },
  { url: 'http://[2002:a00:1::]:{port}/', expected: 'private', family: 6 },
];

export function corpusUrl(entry: CorpusEntry, port: number): string {
  return entry.url.replace('{port}', String(port));
}
