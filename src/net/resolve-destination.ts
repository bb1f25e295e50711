// Resolve a host once, judge every answer, and hand back the one address the caller must connect
// to. Connecting to anything else (e.g. letting the HTTP stack resolve the name again) would let a
// DNS server answer "public" to the check and "loopback" to the connection (rebinding).

import {
  classifyAddress,
  describeAddressClass,
  isLocalhostName,
  isMetadataHostName,
  normalizeHostName,
} from './address-policy.js';
import type { AddressClass } from './address-policy.js';
import { isAddressAllowed, isNameAllowed } from './allow-list.js';
import type { AllowRule } from './allow-list.js';
import { classifyDnsError } from './classify-socket-error.js';
import { formatIpAddress, parseIpAddress, parseIpv4, unmapIpv4 } from './ip-address.js';
import type { IpAddress } from './ip-address.js';
import { OutboundError } from './outbound-error.js';

export type Resolver = (host: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

export async function resolveDestination(
  host: string,
  port: number,
  rules: readonly AllowRule[],
  resolver: Resolver,
): Promise<CheckedAddress> {
  const name = normalizeHostName(host);
  const literal = parseIpAddress(name);
  if (literal !== undefined) {
    ensureAllowed(literal, port, rules, false, 'is');
    return toChecked(literal);
  }
  if (!HOST_NAME.test(name) || name.length > 253) {
    throw new OutboundError('E_OUTBOUND_PROTOCOL', 'not a valid host name', false);
  }
  const nameAllowed = isNameAllowed(rules, name, port);
  if (isMetadataHostName(name) && !nameAllowed) {
    throw new OutboundError(
      'E_OUTBOUND_BLOCKED',
      'blocked: destination is a cloud metadata host name',
      false,
      undefined,
      name,
    );
  }

  const answers = isLocalhostName(name) ? LOCALHOST : await lookup(name, resolver);
  for (const answer of answers) ensureAllowed(answer, port, rules, nameAllowed, 'resolves to');
  const first = answers[0];
  if (first === undefined) {
    throw new OutboundError('E_OUTBOUND_DNS', 'host name has no addresses', true);
  }
  return toChecked(first);
}

const LOCALHOST: readonly IpAddress[] = [
  parseIpv4('127.0.0.1') as IpAddress,
  parseIpAddress('::1') as IpAddress,
];

async function lookup(name: string, resolver: Resolver): Promise<IpAddress[]> {
  let raw: Array<{ address: string }>;
  try {
    raw = await resolver(name);
  } catch (e) {
    throw classifyDnsError(e);
  }
  return raw.map(({ address }) => {
    const ip = parseIpAddress(address);
    if (ip === undefined) {
      throw new OutboundError('E_OUTBOUND_DNS', 'DNS answered with an invalid address', true);
    }
    return ip;
  });
}

// Every answer must pass, not just the one used: a mixed answer is how rebinding is attempted.
function ensureAllowed(
  ip: IpAddress,
  port: number,
  rules: readonly AllowRule[],
  nameAllowed: boolean,
  verb: 'is' | 'resolves to',
): void {
  const cls: AddressClass = classifyAddress(ip);
  if (cls === 'public') return;
  if (isAddressAllowed(rules, ip, port)) return;
  // An allowed name may lead to private addresses, but metadata needs an explicit address rule.
  if (nameAllowed && cls !== 'metadata') return;
  throw new OutboundError(
    'E_OUTBOUND_BLOCKED',
    `blocked: destination ${verb} ${describeAddressClass(cls)}`,
    false,
    undefined,
    formatIpAddress(unmapIpv4(ip)),
  );
}

function toChecked(ip: IpAddress): CheckedAddress {
  const address = unmapIpv4(ip);
  return { address: formatIpAddress(address), family: address.family };
}
