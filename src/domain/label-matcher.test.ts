import { describe, expect, it } from 'vitest';
import type { LabelMatcher } from './sources.js';
import { compileAnchoredRegex, compileSelector } from './label-matcher.js';

const labels = (o: Record<string, string>) => (name: string) => o[name];

function selects(matchers: LabelMatcher[], series: Record<string, string>): boolean {
  const c = compileSelector(matchers);
  if (!c.ok) throw new Error(c.problem);
  return c.value.matches(labels(series));
}

const series = { __name__: 'http_requests_total', code: '503', job: 'shop', path: '/a\nb' };

describe('label matchers', () => {
  it.each([
    ['=', 'code', '503', true],
    ['=', 'code', '50', false],
    ['!=', 'code', '200', true],
    ['!=', 'code', '503', false],
    ['=~', 'code', '5..', true],
    ['=~', 'code', '5', false], // fully anchored: no partial match
    ['=~', 'code', '0', false],
    ['=~', 'code', '2..|5..', true], // the alternation sits inside the anchors
    ['!~', 'code', '5..', false],
    ['!~', 'code', '2..', true],
    ['=~', 'path', '/a.b', true], // `.` matches a newline, as in Prometheus
    ['=~', 'job', '(?i)SHOP', true],
    ['=~', 'job', '(?P<svc>sh)op', true],
    ['=~', 'job', '\\Ashop\\z', true],
    ['=~', 'job', 'sh\\-op|shop', true], // an escape RE2 allows and unicode mode does not
    ['=~', 'job', '[]s]hop', true],
  ] as const)('%s on %s with %j gives %s', (op, name, value, expected) => {
    expect(selects([{ name, op, value }], series)).toBe(expected);
  });

  it('reads a missing label as the empty string', () => {
    expect(selects([{ name: 'env', op: '=', value: '' }], series)).toBe(true);
    expect(selects([{ name: 'env', op: '!=', value: '' }], series)).toBe(false);
    expect(selects([{ name: 'env', op: '=~', value: '.*' }], series)).toBe(true);
    expect(selects([{ name: 'env', op: '=~', value: '.+' }], series)).toBe(false);
    expect(selects([{ name: 'env', op: '!~', value: 'prod' }], series)).toBe(true);
  });

  it('needs every matcher of a selector to hold', () => {
    const m = (value: string): LabelMatcher[] => [
      { name: '__name__', op: '=', value: 'http_requests_total' },
      { name: 'code', op: '=~', value },
    ];
    expect(selects(m('5..'), series)).toBe(true);
    expect(selects(m('2..'), series)).toBe(false);
    expect(selects([], series)).toBe(true);
  });

  it('treats one code point as one character, as RE2 does', () => {
    const c = compileAnchoredRegex('.');
    expect(c.ok && c.value.test('😀')).toBe(true);
  });

  it.each([
    ['a(?=b)', /lookahead and lookbehind/],
    ['(?<!a)b', /lookahead and lookbehind/],
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['(?m)^a', /inline flag "m"/],
    ['a(?i)b', /only supported at the start/],
    ['a\\', /lone backslash/],
    ['(', /not a valid regular expression/],
  ])('refuses %j, which RE2 would not run the same way', (pattern, reason) => {
    const c = compileSelector([{ name: 'code', op: '=~', value: pattern }]);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problem).toMatch(reason);
  });
});
