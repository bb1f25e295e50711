// Endpoint URLs must be https, so secrets in them and in the payload travel encrypted; plain
// http is allowed only to this machine, for local receivers and tests.

import type { SecretCheck } from './secret-ref-schema.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

export function isEndpointUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

export const ENDPOINT_URL_EXPECTED =
  'an https:// URL (http:// only for localhost, 127.0.0.1 or [::1])';

export const endpointUrlCheck: SecretCheck = {
  test: isEndpointUrl,
  expected: ENDPOINT_URL_EXPECTED,
};
