// The operator's exceptions to the address policy: destinations that may be reached although
// they are private (a local SMTP relay, an internal webhook receiver).

import { normalizeHostName } from './address-policy.js';
import { formatIpAddress, hasPrefix, parseIpAddress, unmapIpv4 } from './ip-address.js';
import type { IpAddress } from './ip-address.js';

export type AllowRule =
  | { kind: 'address'; address: IpAddress; prefixBits: number; port?: number }
  | { kind: 'name'; name: string; port?: number };

/** Thrown for an entry that cannot be read; names the entry and what was expected. */
export class AllowListError extends Error {
  constructor(entry: string, expected: string) {
    super(`outbound allow-list entry ${JSON.stringify(entry)}: expected ${expected}`);
    this.name = 'AllowListError';
  }
}

const EXPECTED =
  'an address with an optional port ("127.0.0.1:8025", "[::1]:9000"), a CIDR range ' +
  '("10.0.0.0/8", "fd00::/8") or a host name with an optional port ("hooks.internal.example")';

/**
 * Reads entries such as "127.0.0.1:8025", "10.0.0.0/8", "[::1]:9000", "::1", "fd00::/8",
 * "hooks.internal.example" and "hooks.internal.example:8443". Without a port, any port.
 */
export function parseAllowEntry(entry: string): AllowRule {
  const text = entry.trim();
  let host = text;
  let port: number | undefined;

  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const colonCount = text.split(':').length - 1;
  if (bracketed !== null) {
    host = bracketed[1] ?? '';
    port = bracketed[2] === undefined ? undefined : readPort(entry, bracketed[2]);
  } else if (colonCount === 1) {
    const at = text.lastIndexOf(':');
    host = text.slice(0, at);
    port = readPort(entry, text.slice(at + 1));
  }

  const slash = host.indexOf('/');
  if (slash >= 0) {
    const address = parseStrictIp(host.slice(0, slash));
    const bitsText = host.slice(slash + 1);
    const maxBits = address?.family === 4 ? 32 : 128;
    if (address === undefined || !/^\d{1,3}$/.test(bitsText) || Number(bitsText) > maxBits) {
      throw new AllowListError(entry, EXPECTED);
    }
    return withPort({ kind: 'address', address, prefixBits: Number(bitsText) }, port);
  }

  const address = parseStrictIp(host);
  if (address !== undefined) {
    return withPort(
      { kind: 'address', address, prefixBits: address.family === 4 ? 32 : 128 },
      port,
    );
  }
  if (parseIpAddress(host) !== undefined) throw new AllowListError(entry, 'a dotted-quad address');
  const name = normalizeHostName(host);
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name) || name.length > 253 || /^[0-9.]+$/.test(name)) {
    throw new AllowListError(entry, EXPECTED);
  }
  return withPort({ kind: 'name', name }, port);
}

export function parseAllowList(entries: readonly string[]): AllowRule[] {
  return entries.map(parseAllowEntry);
}

function withPort<T extends AllowRule>(rule: T, port: number | undefined): T {
  return port === undefined ? rule : { ...rule, port };
}

function readPort(entry: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) {
    throw new AllowListError(entry, 'a port between 1 and 65535');
  }
  return port;
}

// Config is written by people: accept only canonical dotted quads, not "127.1" or "0x7f.1".
function parseStrictIp(text: string): IpAddress | undefined {
  const ip = parseIpAddress(text);
  if (ip === undefined) return undefined;
  if (ip.family === 4 && formatIpAddress(ip) !== text) return undefined;
  return unmapIpv4(ip);
}

/** Whether some rule names this address and port. IPv4-mapped IPv6 matches its IPv4 rules. */
export function isAddressAllowed(
  rules: readonly AllowRule[],
  address: IpAddress,
  port: number,
): boolean {
  const ip = unmapIpv4(address);
  return rules.some(
    (rule) =>
      rule.kind === 'address' &&
      rule.address.family === ip.family &&
      (rule.port === undefined || rule.port === port) &&
      hasPrefix(ip.bytes, rule.address.bytes, rule.prefixBits),
  );
}

/** Whether some rule names this host name and port. */
export function isNameAllowed(rules: readonly AllowRule[], host: string, port: number): boolean {
  const name = normalizeHostName(host);
  return rules.some(
    (rule) =>
      rule.kind === 'name' && rule.name === name && (rule.port === undefined || rule.port === port),
  );
}
