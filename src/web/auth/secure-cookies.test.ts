import { describe, expect, it } from 'vitest';
import { defaultSecureCookies } from './secure-cookies.js';

describe('defaultSecureCookies', () => {
  it.each([
    ['127.0.0.1', false],
    ['127.1.2.3', false],
    ['localhost', false],
    ['::1', false],
    ['[::1]', false],
    ['::ffff:127.0.0.1', false],
    ['0.0.0.0', true],
    ['::', true],
    ['192.168.1.10', true],
    ['forewarn.example.com', true],
  ])('listening on %s: Secure %s', (host, secure) => {
    expect(defaultSecureCookies(host)).toBe(secure);
  });
});
