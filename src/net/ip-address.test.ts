import { describe, expect, it } from 'vitest';
import { formatIpAddress, parseIpAddress } from './ip-address.js';

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['127.0.0.1.', '127.0.0.1'],
    ['[::1]', '::1'],
    ['::ffff:127.0.0.1', '::ffff:7f00:1'],
    ['::FFFF:7F00:1', '::ffff:7f00:1'],
    ['64:ff9b::127.0.0.1', '64:ff9b::7f00:1'],
    ['2002:7f00:1::', '2002:7f00:1::'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ])('reads %s as %s, the address a socket would reach', (text, expected) => {
    const ip = parseIpAddress(text);
    expect(ip).toBeDefined();
    expect(formatIpAddress(ip!)).toBe(expected);
  });

  it.each([
    'example.com',
    'localhost',
    '256.1.1.1',
    '1.2.3.4.5',
    '4294967296',
    '08.0.0.1',
    '0x1g',
    '',
    ':::1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
  ])('does not read %j as an address', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});
