// Label matchers with Prometheus's semantics: `=`/`!=` compare the value, a missing label reads as
// "" (so `{env=""}` selects series without `env`), and `=~`/`!~` are fully anchored RE2 regular
// expressions in which `.` also matches a newline (Prometheus compiles `^(?s:<re>)$`,
// model/labels/regexp.go). JavaScript runs them: RE2 syntax is translated where the two differ
// (`(?P<name>`, `\A`, `\z`, a leading `(?i)`), and what RE2 does not have (lookaround,
// backreferences) is refused, so a rule means the same here as in a PromQL selector.

import type { LabelMatcher } from './sources.js';

export type LabelLookup = (name: string) => string | undefined;

export interface CompiledMatcher {
  name: string;
  matches(value: string): boolean;
}

export type Compiled<T> = { ok: true; value: T } | { ok: false; problem: string };

/** All matchers must hold (a PromQL selector's `{a="x", b=~"y"}`). */
export interface CompiledSelector {
  matches(labels: LabelLookup): boolean;
}

export function compileSelector(matchers: readonly LabelMatcher[]): Compiled<CompiledSelector> {
  const compiled: CompiledMatcher[] = [];
  for (const m of matchers) {
    const c = compileMatcher(m);
    if (!c.ok) return c;
    compiled.push(c.value);
  }
  return {
    ok: true,
    value: {
      matches(labels) {
        for (const m of compiled) if (!m.matches(labels(m.name) ?? '')) return false;
        return true;
      },
    },
  };
}

export function compileMatcher(m: LabelMatcher): Compiled<CompiledMatcher> {
  const name = m.name;
  switch (m.op) {
    case '=':
      return { ok: true, value: { name, matches: (v) => v === m.value } };
    case '!=':
      return { ok: true, value: { name, matches: (v) => v !== m.value } };
    case '=~':
    case '!~': {
      const re = compileAnchoredRegex(m.value);
      if (!re.ok) return { ok: false, problem: `${name}${m.op}"${m.value}": ${re.problem}` };
      const regex = re.value;
      const negate = m.op === '!~';
      return { ok: true, value: { name, matches: (v) => regex.test(v) !== negate } };
    }
    default:
      return { ok: false, problem: `unknown matcher operator ${JSON.stringify(m.op)}` };
  }
}

/** `^(?:<re>)$` with dotAll, from RE2 syntax; refused when RE2 would not accept it. */
export function compileAnchoredRegex(pattern: string): Compiled<RegExp> {
  const translated = translateRe2(pattern);
  if (!translated.ok) return translated;
  const { source, ignoreCase } = translated.value;
  const flags = ignoreCase ? 'si' : 's';
  try {
    // The u flag gives RE2's code-point semantics (`.` is one character, not half of an emoji).
    return { ok: true, value: new RegExp(`^(?:${source})$`, `${flags}u`) };
  } catch {
    // Unicode mode refuses escapes RE2 allows (`\-`, `\/` outside a class); plain mode takes them.
    try {
      return { ok: true, value: new RegExp(`^(?:${source})$`, flags) };
    } catch (e) {
      return { ok: false, problem: `not a valid regular expression (${(e as Error).message})` };
    }
  }
}

function translateRe2(pattern: string): Compiled<{ source: string; ignoreCase: boolean }> {
  let rest = pattern;
  let ignoreCase = false;
  const flags = /^\(\?([a-zA-Z]+)\)/.exec(rest);
  if (flags !== null) {
    for (const f of flags[1]!) {
      if (f === 'i') ignoreCase = true;
      else if (f !== 's') {
        return { ok: false, problem: `the inline flag "${f}" is not supported (only i and s)` };
      }
    }
    rest = rest.slice(flags[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) return { ok: false, problem: 'it ends with a lone backslash' };
      if (/[1-9]/.test(next) || (next === 'k' && rest[i + 2] === '<')) {
        return { ok: false, problem: 'backreferences are not RE2 syntax' };
      }
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'z') out += '$';
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // RE2 reads a `]` right after `[` or `[^` as a literal; JavaScript as an empty class.
      if (rest[i + 1] === '^') out += rest[++i];
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const head = rest.slice(i, i + 4);
      if (head.startsWith('(?P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^\(\?(=|!|<=|<!)/.test(head)) {
        return { ok: false, problem: 'lookahead and lookbehind are not RE2 syntax' };
      }
      if (/^\(\?[a-zA-Z-]/.test(head) && !head.startsWith('(?<')) {
        return {
          ok: false,
          problem: 'inline flags are only supported at the start of the expression',
        };
      }
    }
    out += c;
  }
  return { ok: true, value: { source: out, ignoreCase } };
}
