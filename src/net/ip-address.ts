// IP literals as bytes. IPv4 is parsed the way inet_aton (and so getaddrinfo) reads it — 1 to 4
// parts, each decimal, octal (leading 0) or hex (0x) — because that is what a socket would
// connect to: "2130706433", "0x7f000001", "0177.0.0.1" and "127.1" are all 127.0.0.1.

import { isIPv6 } from 'node:net';

export type IpAddress =
  | { readonly family: 4; readonly bytes: Uint8Array }
  | { readonly family: 6; readonly bytes: Uint8Array };

/** Parses an IPv4 or IPv6 literal (brackets and a zone id allowed); undefined for a host name. */
export function parseIpAddress(text: string): IpAddress | undefined {
  let host = text.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.includes(':')) return parseIpv6(host);
  return parseIpv4(host.replace(/\.$/, ''));
}

export function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIpv4Part(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop() ?? 0;
  // Leading parts are one byte each; the last part fills the remaining bytes (inet_aton).
  if (numbers.some((n) => n > 0xff)) return undefined;
  const lastBytes = 4 - numbers.length;
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  const bytes = new Uint8Array(4);
  numbers.forEach((n, i) => (bytes[i] = n));
  for (let i = 0; i < lastBytes; i++) bytes[3 - i] = Math.floor(last / 2 ** (8 * i)) & 0xff;
  return { family: 4, bytes };
}

function parseIpv4Part(part: string): number | undefined {
  let digits: string;
  let radix: number;
  if (/^0x[0-9a-f]*$/i.test(part)) {
    digits = part.slice(2) || '0';
    radix = 16;
  } else if (/^0[0-7]*$/.test(part)) {
    digits = part;
    radix = 8;
  } else if (/^[1-9][0-9]*$/.test(part)) {
    digits = part;
    radix = 10;
  } else {
    return undefined;
  }
  if (digits.length > 12) return undefined;
  const n = parseInt(digits, radix);
  return n <= 0xffffffff ? n : undefined;
}

export function parseIpv6(text: string): IpAddress | undefined {
  const host = text.replace(/%.*$/, '');
  if (!isIPv6(host)) return undefined;
  const halves = host.split('::');
  const head = splitGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? splitGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [
    ...head,
    ...new Array<number>(halves.length === 2 ? missing : 0).fill(0),
    ...tail,
  ];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { family: 6, bytes };
}

function splitGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const part of text.split(':')) {
    if (part.includes('.')) {
      // Only the dotted-quad form is valid inside IPv6 (isIPv6 already checked).
      const v4 = part.split('.').map(Number);
      groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else {
      groups.push(parseInt(part, 16));
    }
  }
  return groups;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), else the address itself. */
export function unmapIpv4(ip: IpAddress): IpAddress {
  if (ip.family === 6 && hasPrefix(ip.bytes, MAPPED_PREFIX, 96)) {
    return { family: 4, bytes: ip.bytes.slice(12, 16) };
  }
  return ip;
}

const MAPPED_PREFIX = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);

/** Whether the first `bits` bits of `bytes` equal those of `prefix`. */
export function hasPrefix(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
export function formatIpAddress(ip: IpAddress): string {
  if (ip.family === 4) return Array.from(ip.bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}
