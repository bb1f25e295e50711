import { describe, expect, it } from 'vitest';
import { AllowListError, isAddressAllowed, isNameAllowed, parseAllowList } from './allow-list.js';
import { parseIpAddress } from './ip-address.js';
import { resolveDestination } from './resolve-destination.js';
import type { Resolver } from './resolve-destination.js';

const ip = (text: string) => parseIpAddress(text)!;

describe('parseAllowList', () => {
  it('reads addresses with ports, ranges, IPv6 in brackets and host names', () => {
    expect(
      parseAllowList([
        '127.0.0.1:8025',
        '10.0.0.0/8',
        '[::1]:9000',
        '::1',
        'fd00::/8',
        '[fd00::/8]',
        'hooks.internal.example',
        'Hooks.Internal.Example.:8443',
      ]).map((r) => (r.kind === 'name' ? [r.name, r.port] : [r.prefixBits, r.port])),
    ).toEqual([
      [32, 8025],
      [8, undefined],
      [128, 9000],
      [128, undefined],
      [8, undefined],
      [8, undefined],
      ['hooks.internal.example', undefined],
      ['hooks.internal.example', 8443],
    ]);
  });

  it.each([
    '127.1',
    '0x7f000001',
    '10.0.0.0/33',
    'fd00::/129',
    '127.0.0.1:0',
    'a b',
    'x:99999',
    '',
  ])('refuses the entry %j and names it', (entry) => {
    expect(() => parseAllowList([entry])).toThrow(AllowListError);
    expect(() => parseAllowList([entry])).toThrow(JSON.stringify(entry));
  });
});

describe('matching the allow-list', () => {
  const rules = parseAllowList(['127.0.0.1:8025', '10.0.0.0/8', '[::1]:9000', 'hooks.internal']);

  it('matches an address rule only on its port, when it has one', () => {
    expect(isAddressAllowed(rules, ip('127.0.0.1'), 8025)).toBe(true);
    expect(isAddressAllowed(rules, ip('127.0.0.1'), 8026)).toBe(false);
    expect(isAddressAllowed(rules, ip('::ffff:127.0.0.1'), 8025)).toBe(true);
    expect(isAddressAllowed(rules, ip('::1'), 9000)).toBe(true);
    expect(isAddressAllowed(rules, ip('::1'), 8025)).toBe(false);
  });

  it('matches a range on any port, and nothing outside it', () => {
    expect(isAddressAllowed(rules, ip('10.255.0.1'), 1)).toBe(true);
    expect(isAddressAllowed(rules, ip('11.0.0.1'), 1)).toBe(false);
  });

  it('does not let an IPv4 rule cover an IPv6 address that merely embeds it', () => {
    expect(isAddressAllowed(rules, ip('64:ff9b::7f00:1'), 8025)).toBe(false);
    expect(isAddressAllowed(rules, ip('2002:7f00:1::'), 8025)).toBe(false);
  });

  it('matches names case-insensitively and without the trailing dot', () => {
    expect(isNameAllowed(rules, 'HOOKS.internal.', 443)).toBe(true);
    expect(isNameAllowed(rules, 'other.internal', 443)).toBe(false);
  });
});

describe('resolving with an allow-list', () => {
  const answers =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('lets an allowed name reach its private addresses', async () => {
    const rules = parseAllowList(['hooks.internal.example']);
    await expect(
      resolveDestination('hooks.internal.example', 443, rules, answers('10.1.2.3')),
    ).resolves.toEqual({ address: '10.1.2.3', family: 4 });
  });

  it('does not let an allowed name reach a metadata address', async () => {
    const rules = parseAllowList(['hooks.internal.example']);
    await expect(
      resolveDestination('hooks.internal.example', 80, rules, answers('169.254.169.254')),
    ).rejects.toThrow('blocked: destination resolves to a cloud metadata address');
  });

  it('refuses a name when any of its answers is blocked, even if the first is public', async () => {
    await expect(
      resolveDestination('mixed.test', 80, [], answers('93.184.216.34', '127.0.0.1')),
    ).rejects.toThrow('blocked: destination resolves to a loopback address');
  });

  it('refuses a name that resolves to loopback', async () => {
    await expect(
      resolveDestination('rebind.test', 80, [], answers('127.0.0.1')),
    ).rejects.toMatchObject({ code: 'E_OUTBOUND_BLOCKED', retryable: false });
  });

  it('lets an allow-listed address through by name too, on its port only', async () => {
    const rules = parseAllowList(['127.0.0.1:8025']);
    await expect(resolveDestination('localhost', 8025, rules, answers())).rejects.toThrow(
      // localhost is 127.0.0.1 and ::1 (RFC 6761); ::1 is not allowed
      'blocked: destination resolves to a loopback address',
    );
    await expect(resolveDestination('127.0.0.1', 8025, rules, answers())).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    await expect(resolveDestination('127.0.0.1', 25, rules, answers())).rejects.toThrow('blocked');
  });

  it('reports DNS failures as retryable without the name', async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND secret-host.test'), {
        code: 'ENOTFOUND',
      });
    };
    const error = (await resolveDestination('secret-host.test', 80, [], failing).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error).toMatchObject({ code: 'E_OUTBOUND_DNS', retryable: true });
    expect(error.message).toBe('host name does not resolve; a retry may help');
    expect(error.stack).not.toContain('secret-host');
  });

  it('treats an empty answer as a DNS failure', async () => {
    await expect(resolveDestination('empty.test', 80, [], answers())).rejects.toMatchObject({
      code: 'E_OUTBOUND_DNS',
    });
  });
});
