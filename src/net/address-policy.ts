// Which destinations an outbound request may reach. Pure: bytes in, a class out.
// Ranges from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates),
// RFC 1918 (private), RFC 6598 (shared / CGNAT), RFC 4193 (ULA), RFC 6052 (NAT64), RFC 3056 (6to4).

import { hasPrefix, parseIpAddress, unmapIpv4 } from './ip-address.js';
import type { IpAddress } from './ip-address.js';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

interface Range {
  prefix: Uint8Array;
  bits: number;
  class: Exclude<AddressClass, 'public'>;
}

const v4 = (text: string, bits: number, cls: Range['class']): Range => ({
  prefix: Uint8Array.from(text.split('.').map(Number)),
  bits,
  class: cls,
});

// Most specific first: the first match wins.
const IPV4_RANGES: readonly Range[] = [
  v4('169.254.169.254', 32, 'metadata'), // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
  v4('168.63.129.16', 32, 'metadata'), // Azure WireServer: a public address that acts as metadata
  v4('100.100.100.200', 32, 'metadata'), // Alibaba Cloud
  v4('192.0.0.192', 32, 'metadata'), // Oracle Cloud (legacy)
  v4('255.255.255.255', 32, 'broadcast'),
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'), // IETF protocol assignments
  v4('192.0.2.0', 24, 'reserved'), // TEST-NET-1
  v4('192.88.99.0', 24, 'reserved'), // 6to4 relay anycast (deprecated)
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'), // benchmarking
  v4('198.51.100.0', 24, 'reserved'), // TEST-NET-2
  v4('203.0.113.0', 24, 'reserved'), // TEST-NET-3
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const v6 = (groups: number[]): Uint8Array => {
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
};

const ZERO = new Uint8Array(16);
const NAT64 = v6([0x64, 0xff9b]);
const NAT64_LOCAL = v6([0x64, 0xff9b, 1]);
const SIX_TO_FOUR = v6([0x2002]);
const AWS_METADATA_V6 = v6([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254]);

const IPV6_RANGES: readonly Range[] = [
  { prefix: AWS_METADATA_V6, bits: 128, class: 'metadata' },
  { prefix: v6([0xfc00]), bits: 7, class: 'private' }, // unique local
  { prefix: v6([0xfe80]), bits: 10, class: 'link-local' },
  { prefix: v6([0xfec0]), bits: 10, class: 'private' }, // site-local (deprecated)
  { prefix: v6([0xff00]), bits: 8, class: 'multicast' },
  { prefix: v6([0x2001, 0]), bits: 32, class: 'reserved' }, // Teredo: hides an IPv4 peer
  { prefix: v6([0x2001, 0x10]), bits: 28, class: 'reserved' }, // ORCHID
  { prefix: v6([0x2001, 0x20]), bits: 28, class: 'reserved' }, // ORCHIDv2
  { prefix: v6([0x2001, 0xdb8]), bits: 32, class: 'reserved' }, // documentation
  { prefix: v6([0x3fff]), bits: 20, class: 'reserved' }, // documentation (RFC 9637)
];

/** Classifies an address. Addresses that embed an IPv4 address are judged by what they embed. */
export function classifyAddress(ip: IpAddress): AddressClass {
  const address = unmapIpv4(ip);
  if (address.family === 4) return classifyIpv4(address.bytes);
  const bytes = address.bytes;
  if (hasPrefix(bytes, ZERO, 128)) return 'unspecified';
  if (hasPrefix(bytes, ZERO, 127) && bytes[15] === 1) return 'loopback';
  if (hasPrefix(bytes, ZERO, 96)) {
    // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291): never a legitimate destination.
    const embedded = classifyIpv4(bytes.slice(12, 16));
    return embedded === 'public' ? 'reserved' : embedded;
  }
  if (hasPrefix(bytes, NAT64, 96)) return classifyIpv4(bytes.slice(12, 16));
  if (hasPrefix(bytes, NAT64_LOCAL, 48)) return 'private';
  if (hasPrefix(bytes, SIX_TO_FOUR, 16)) return classifyIpv4(bytes.slice(2, 6));
  for (const range of IPV6_RANGES) {
    if (hasPrefix(bytes, range.prefix, range.bits)) return range.class;
  }
  // Only 2000::/3 is allocated global unicast; everything else is reserved by the IETF.
  return ((bytes[0] ?? 0) & 0xe0) === 0x20 ? 'public' : 'reserved';
}

function classifyIpv4(bytes: Uint8Array): AddressClass {
  for (const range of IPV4_RANGES) {
    if (hasPrefix(bytes, range.prefix, range.bits)) return range.class;
  }
  return 'public';
}

// Host names that reach instance metadata without a metadata IP in the URL. Some resolve to
// public addresses that authenticate by source IP (Equinix), so the name itself is refused.
const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.packet.net',
  'metadata.platformequinix.com',
  'metadata.tencentyun.com',
]);

/** Lower case, without brackets or trailing dots: the form names are compared in. */
export function normalizeHostName(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  return name.replace(/\.+$/, '');
}

export function isMetadataHostName(host: string): boolean {
  return METADATA_NAMES.has(normalizeHostName(host));
}

/** RFC 6761 §6.3: "localhost" and names under it are loopback, whatever DNS says. */
export function isLocalhostName(host: string): boolean {
  const name = normalizeHostName(host);
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The class of a destination written as an IP literal or a special name; undefined for a name DNS must answer. */
export function classifyHostLiteral(host: string): AddressClass | undefined {
  if (isMetadataHostName(host)) return 'metadata';
  if (isLocalhostName(host)) return 'loopback';
  const ip = parseIpAddress(normalizeHostName(host));
  return ip === undefined ? undefined : classifyAddress(ip);
}

const PHRASES: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  shared: 'a shared (carrier-grade NAT) address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** "a loopback address", for error messages. */
export function describeAddressClass(cls: Exclude<AddressClass, 'public'>): string {
  return PHRASES[cls];
}
