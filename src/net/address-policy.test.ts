import { describe, expect, it } from 'vitest';
import { classifyAddress, classifyHostLiteral } from './address-policy.js';
import { parseIpAddress } from './ip-address.js';
import { resolveDestination } from './resolve-destination.js';
import type { Resolver } from './resolve-destination.js';
import { OutboundError } from './outbound-error.js';
import { SSRF_CORPUS, corpusUrl } from './test-support/ssrf-corpus.js';

const neverCalled: Resolver = () => {
  throw new Error('the resolver must not be asked about a literal or a special name');
};

const classOf = (text: string) => classifyAddress(parseIpAddress(text)!);

describe('address policy over the encoding corpus', () => {
  it.each(SSRF_CORPUS.map((e) => [corpusUrl(e, 80), e.expected] as const))(
    'refuses %s as %s without asking DNS',
    async (url, expected) => {
      const host = new URL(url).hostname;
      expect(classifyHostLiteral(host)).toBe(expected);
      const refusal = await resolveDestination(host, 80, [], neverCalled).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(OutboundError);
      expect(refusal).toMatchObject({ code: 'E_OUTBOUND_BLOCKED', retryable: false });
    },
  );

  it.each([
    '2130706433',
    '0x7f000001',
    '0177.0.0.1',
    '127.1',
    '0x7f.1',
    '017700000001',
    '::ffff:127.0.0.1',
    '[::1]',
    'localhost.',
    'metadata.google.internal',
    'METADATA.GOOGLE.INTERNAL.',
    'instance-data',
  ])('refuses the raw host %s given to resolveChecked (the SMTP path)', async (host) => {
    await expect(resolveDestination(host, 25, [], neverCalled)).rejects.toMatchObject({
      code: 'E_OUTBOUND_BLOCKED',
      retryable: false,
    });
  });

  it('names the class of the destination in the refusal', async () => {
    await expect(resolveDestination('127.1', 80, [], neverCalled)).rejects.toThrow(
      'blocked: destination is a loopback address; a retry will not help',
    );
    await expect(resolveDestination('169.254.169.254', 80, [], neverCalled)).rejects.toThrow(
      'blocked: destination is a cloud metadata address',
    );
  });
});

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['169.255.0.1', 'public'],
    ['::ffff:93.184.216.34', 'public'],
    ['2606:2800:220:1:248:1893:25c8:1946', 'public'],
    ['64:ff9b::5db8:d822', 'public'],
    ['2002:5db8:d822::1', 'public'],
    ['127.255.255.254', 'loopback'],
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['100.127.255.255', 'shared'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['fc00::1', 'private'],
    ['fec0::1', 'private'],
    ['febf::1', 'link-local'],
    ['64:ff9b:1::1', 'private'],
    ['2001::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['::2', 'unspecified'],
    ['::8.8.8.8', 'reserved'],
  ])('classifies %s as %s', (text, expected) => {
    expect(classOf(text)).toBe(expected);
  });
});

describe('a public destination', () => {
  // Classification only: the tests never connect anywhere but loopback.
  it('is allowed, and the address to connect to is the one checked', async () => {
    await expect(resolveDestination('93.184.216.34', 80, [], neverCalled)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
    await expect(resolveDestination('[::ffff:5db8:d822]', 80, [], neverCalled)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('is allowed through a name whose every answer is public', async () => {
    const resolver: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ];
    await expect(resolveDestination('example.com', 443, [], resolver)).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });
});
