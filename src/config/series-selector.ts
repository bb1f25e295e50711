// Prometheus series selectors as users write them: `http_requests_total{job="api",code=~"5.."}`.
// Parsed into label matchers (the metric name becomes `__name__="…"`); regexes are checked here
// so a bad one is a config error, not a surprise at the first remote-write request.

import { compileAnchoredRegex, compileMatcher } from '../domain/label-matcher.js';
import type { LabelMatcher } from '../domain/sources.js';

export type SelectorResult =
  { ok: true; matchers: LabelMatcher[] } | { ok: false; problem: string };

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const OPS = ['=~', '!~', '!=', '='] as const;

export function parseSeriesSelector(text: string): SelectorResult {
  let i = 0;
  const matchers: LabelMatcher[] = [];
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const fail = (what: string): SelectorResult => ({
    ok: false,
    problem: `${what} at character ${i + 1}`,
  });
  const take = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null) return undefined;
    i += m[0].length;
    return m[0];
  };

  skipSpace();
  const name = take(NAME);
  if (name !== undefined) matchers.push({ name: '__name__', op: '=', value: name });
  skipSpace();
  if (text[i] === '{') {
    i++;
    for (;;) {
      skipSpace();
      if (text[i] === '}') break;
      const label = take(LABEL);
      if (label === undefined) return fail('a label name');
      skipSpace();
      const op = OPS.find((o) => text.startsWith(o, i));
      if (op === undefined) return fail('one of =, !=, =~, !~');
      i += op.length;
      skipSpace();
      const value = readString();
      if (value === undefined) return fail('a quoted value');
      if (op === '=~' || op === '!~') {
        // The receiver's compiler: RE2 syntax as Prometheus reads it, lookaround refused.
        const compiled = compileAnchoredRegex(value);
        if (!compiled.ok) {
          return {
            ok: false,
            problem: `a valid regular expression for ${label} (got ${value}: ${compiled.problem})`,
          };
        }
      }
      matchers.push({ name: label, op, value });
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') break;
      return fail('"," or "}"');
    }
    i++;
  }
  skipSpace();
  if (i !== text.length) return fail('the end of the selector');
  if (matchers.length === 0) return { ok: false, problem: 'a metric name or at least one matcher' };
  if (!matchers.some((m) => !matchesEmpty(m))) {
    return { ok: false, problem: 'at least one matcher that does not match the empty value' };
  }
  return { ok: true, matchers };

  function readString(): string | undefined {
    const quote = text[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
    i++;
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\' && quote !== '`' && i + 1 < text.length) {
        const next = text[i + 1] as string;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 2;
        continue;
      }
      out += text[i];
      i++;
    }
    if (text[i] !== quote) return undefined;
    i++;
    return out;
  }
}

/** Prometheus refuses selectors whose matchers all match the empty label value. */
function matchesEmpty(m: LabelMatcher): boolean {
  const compiled = compileMatcher(m);
  return compiled.ok && compiled.value.matches('');
}
