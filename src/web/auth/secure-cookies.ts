// Whether cookies get the Secure attribute by default. Forewarn itself speaks plain http, so
// Secure only works behind a TLS proxy; it is left off only when the server listens on loopback,
// where the browser is on the same machine and nothing crosses a network.

import { isIP } from 'node:net';

export function defaultSecureCookies(listenHost: string): boolean {
  return !isLoopbackHost(listenHost);
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return /^::ffff:127\./.test(bare);
}
