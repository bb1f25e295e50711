// The headers every status page and report carries: a policy with no script at all, and no
// Referer or robots for pages that may carry a secret in their URL. Markup is src/web/html.ts.

/** The strict policy every status page and report carries: no script at all, styles from us. */
export const STRICT_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers for pages that may carry a secret in their URL or private figures. */
export function pageHeaders(cacheable: boolean): Record<string, string> {
  return {
    'content-security-policy': STRICT_CSP,
    'x-content-type-options': 'nosniff',
    // A secret link must not leave in a Referer header.
    'referrer-policy': 'no-referrer',
    'cache-control': cacheable ? 'public, max-age=30' : 'private, no-store',
    ...(cacheable ? {} : { 'x-robots-tag': 'noindex, nofollow' }),
  };
}
