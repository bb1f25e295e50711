// HTML built from tagged templates: every interpolated value is escaped unless it is already
// SafeHtml (from this tag or `joinHtml`), so hostile names and notices print as text.

import { escapeHtml } from '../../domain/templates/escapers.js';

export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = SafeHtml | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.html;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export const joinHtml = (parts: readonly Part[]): SafeHtml => new SafeHtml(render(parts));

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
