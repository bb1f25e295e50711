import { describe, expect, it } from 'vitest';
import { escapeHtml, escapePlain } from './escapers.js';
import {
  defaultTemplateLimits,
  parseTemplate,
  renderTemplate,
  type TemplateLimits,
  type TemplateVars,
} from './template-engine.js';

function render(
  source: string,
  vars: TemplateVars,
  escape = escapePlain,
  limits: Partial<TemplateLimits> = {},
): string {
  const parsed = parseTemplate(source, limits);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return renderTemplate(parsed.template, vars, escape, limits);
}

function parseError(source: string, limits: Partial<TemplateLimits> = {}) {
  const parsed = parseTemplate(source, limits);
  if (parsed.ok) throw new Error(`expected '${source}' not to parse`);
  return parsed.error;
}

const at = Date.UTC(2026, 10, 27, 10, 0);

describe('template syntax', () => {
  it.each<[string, string, TemplateVars, string]>([
    ['text without tags stays as it is', 'Hello, world', {}, 'Hello, world'],
    ['a variable prints its value', 'Hi {{name}}!', { name: 'Ada' }, 'Hi Ada!'],
    ['spaces inside the braces are optional', '{{ name }}{{name}}', { name: 'a' }, 'aa'],
    ['a dotted path reads nested values', '{{client.name}}', { client: { name: 'Acme' } }, 'Acme'],
    ['a missing variable prints nothing', '[{{missing}}]', {}, '[]'],
    ['a path through a missing object prints nothing', '[{{a.b.c}}]', { a: 1 }, '[]'],
    ['numbers print as numbers', '{{n}}', { n: 42.5 }, '42.5'],
    ['booleans print as words', '{{b}}', { b: false }, 'false'],
    ['objects and lists print nothing', '[{{o}}{{l}}]', { o: { a: 1 }, l: [1] }, '[]'],
    ['a section renders when its value is truthy', '{{#x}}yes{{/x}}', { x: 'v' }, 'yes'],
    ['a section is skipped for an empty string', '{{#x}}yes{{/x}}', { x: '' }, ''],
    ['a section is skipped when the value is missing', '{{#x}}yes{{/x}}', {}, ''],
    ['a section is skipped for false', '{{#x}}yes{{/x}}', { x: false }, ''],
    ['a section is skipped for an empty list', '{{#x}}yes{{/x}}', { x: [] }, ''],
    ['zero counts as a value, so its section renders', '{{#x}}{{x}}{{/x}}', { x: 0 }, '0'],
    ['an inverted section renders when the value is falsy', '{{^x}}none{{/x}}', {}, 'none'],
    ['an inverted section is skipped when truthy', '{{^x}}none{{/x}}', { x: 1 }, ''],
    [
      'a section over an object reads its fields',
      '{{#c}}{{name}}{{/c}}',
      { c: { name: 'A' } },
      'A',
    ],
    ['inside a section outer names stay visible', '{{#c}}{{top}}{{/c}}', { c: {}, top: 'T' }, 'T'],
    [
      'each renders once per item with {{.}}',
      '{{#each l}}<{{.}}>{{/each}}',
      { l: ['a', 'b'] },
      '<a><b>',
    ],
    [
      'each reads fields of object items',
      '{{#each l}}{{name}}={{n | number}};{{/each}}',
      {
        l: [
          { name: 'x', n: 1.23456 },
          { name: 'y', n: 2 },
        ],
      },
      'x=1.235;y=2;',
    ],
    ['each over a missing list renders nothing', '{{#each l}}x{{/each}}', {}, ''],
    ['each over a non-list renders nothing', '{{#each l}}x{{/each}}', { l: 'abc' }, ''],
    ['sections nest', '{{#a}}{{#b}}{{^c}}ok{{/c}}{{/b}}{{/a}}', { a: true, b: true }, 'ok'],
    ['single braces are text', '{ a } {b}', {}, '{ a } {b}'],
    ['a default text may hold pipes and braces', '{{x | default("a|b}}")}}', {}, 'a|b}}'],
  ])('%s', (_name, source, vars, expected) => {
    expect(render(source, vars)).toBe(expected);
  });

  it('parses once and renders many times with different values', () => {
    const parsed = parseTemplate('{{a}}-{{b}}');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(renderTemplate(parsed.template, { a: 1, b: 2 }, escapePlain)).toBe('1-2');
    expect(renderTemplate(parsed.template, { a: 'x', b: 'y' }, escapePlain)).toBe('x-y');
  });

  it('escapes variables but not the template text', () => {
    expect(render('<b>{{x}}</b>', { x: '<i>' }, escapeHtml)).toBe('<b>&lt;i&gt;</b>');
  });

  it('never renders a value as a template', () => {
    expect(render('{{a}}', { a: '{{b}}', b: 'secret' })).toBe('{{b}}');
  });
});

describe('template filters', () => {
  it.each<[string, TemplateVars, string]>([
    ['{{x | upper}}', { x: 'abc' }, 'ABC'],
    ['{{x | lower}}', { x: 'AbC' }, 'abc'],
    ['{{x | duration}}', { x: 300_000 }, '5m'],
    ['{{x | duration}}', { x: 45_000 }, '45s'],
    ['{{x | duration}}', { x: 3_600_000 }, '1h'],
    ['{{x | time}}', { x: at }, '2026-11-27 10:00 UTC'],
    ['{{x | time}}', { x: at + 59_999 }, '2026-11-27 10:00 UTC'],
    ['{{x | percent}}', { x: 0.9995 }, '99.95 %'],
    ['{{x | percent}}', { x: 0.99995 }, '99.995 %'],
    ['{{x | percent}}', { x: 1 }, '100 %'],
    ['{{x | percent}}', { x: 0.5 }, '50 %'],
    ['{{x | number}}', { x: 3.14159 }, '3.142'],
    ['{{x | number}}', { x: 1234567 }, '1235000'],
    ['{{x | number}}', { x: 0.000123456 }, '0.0001235'],
    ['{{x | number}}', { x: 42 }, '42'],
    ['{{x | default("n/a")}}', {}, 'n/a'],
    ['{{x | default("n/a")}}', { x: '' }, 'n/a'],
    ['{{x | default("n/a")}}', { x: null }, 'n/a'],
    ['{{x | default("n/a")}}', { x: 0 }, '0'],
    ['{{x | default("say \\"hi\\"")}}', {}, 'say "hi"'],
    ['{{ x | time | default("not set") }}', {}, 'not set'],
    ['{{ x | number | default("?") }}', { x: 'text' }, '?'],
    ['{{ x | upper | default("none") }}', {}, 'none'],
    ['{{ x | time }}', { x: 'yesterday' }, ''],
    ['{{ x | time }}', { x: 1e20 }, ''],
    ['{{ x | percent }}', { x: Number.NaN }, ''],
    ['{{ x | lower | upper }}', { x: 'MiXeD' }, 'MIXED'],
  ])('%s with %j gives %j', (source, vars, expected) => {
    expect(render(source, vars)).toBe(expected);
  });
});

describe('template parse errors', () => {
  it('names an unknown filter, where it is, and the filters that exist', () => {
    const error = parseError('Hello\n    {{ x | exec }}');
    expect(error.message).toBe(
      `unknown filter 'exec' at line 2, column 12; expected one of upper, lower, duration, time, percent, number, default("text")`,
    );
    expect(error).toMatchObject({ line: 2, column: 12, offset: 17 });
  });

  it.each<[string, string, RegExp]>([
    ['an unclosed section', 'a\n{{#x}}b', /^unclosed section 'x' opened at line 2, column 1$/],
    [
      'a section closed by another name',
      '{{#x}}{{/y}}',
      /'\{\{\/y\}\}' at line 1, column 7 does not close 'x' opened at line 1, column 1/,
    ],
    ['a close without an open', 'a{{/x}}', /closes a section that was never opened/],
    ['an unclosed tag', 'hello {{name', /unclosed tag '\{\{' at line 1, column 7/],
    ['an empty tag', '{{ }}', /empty tag/],
    ['unescaped output', '{{{html}}}', /unescaped output .* is not supported/],
    ['unescaped output with &', '{{& html}}', /unescaped output .* is not supported/],
    ['a partial', '{{> other}}', /partials .* are not supported/],
    ['an expression', '{{7*7}}', /'7\*7' at line 1, column 3 is not a variable path/],
    ['a call', '{{process.exit()}}', /is not a variable path/],
    [
      'a filter with arguments it does not take',
      '{{x | upper("a")}}',
      /filter 'upper' .* takes no arguments/,
    ],
    ['default without text', '{{x | default}}', /takes one double-quoted text/],
    ['default with an unquoted argument', '{{x | default(y)}}', /takes one double-quoted text/],
    ['an empty filter', '{{x | }}', /is not a filter/],
    ['a section without a name', '{{#}}{{/}}', /expected a variable name/],
    ['each without a list', '{{#each .}}{{/each}}', /expected a variable name/],
  ])('refuses %s', (_name, source, message) => {
    expect(parseError(source).message).toMatch(message);
  });

  it.each([
    '{{__proto__}}',
    '{{constructor}}',
    '{{constructor.constructor}}',
    '{{a.__proto__.polluted}}',
    '{{x.prototype}}',
    '{{#__proto__}}x{{/__proto__}}',
    '{{#each constructor}}x{{/each}}',
    '{{^prototype}}x{{/prototype}}',
  ])('refuses the prototype path in %s', (source) => {
    expect(parseError(source).message).toMatch(
      /'(__proto__|constructor|prototype)' at line 1, column \d+ is not allowed in a variable path/,
    );
  });

  it('points at the offending segment of a prototype path', () => {
    expect(parseError('{{ client.constructor }}')).toMatchObject({ offset: 10, column: 11 });
  });
});

describe('template variable lookup', () => {
  it('reads own properties only, never inherited ones', () => {
    const inherited = Object.create({ secret: 'from prototype' }) as TemplateVars;
    expect(render('[{{secret}}]', { o: inherited, ...inherited })).toBe('[]');
    expect(render('[{{o.secret}}]', { o: inherited })).toBe('[]');
    expect(render('[{{toString}}][{{hasOwnProperty}}]', {})).toBe('[][]');
  });

  it('does not run getters', () => {
    let calls = 0;
    const vars = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        calls++;
        return 'ran';
      },
    }) as TemplateVars;
    expect(render('[{{x}}]', vars)).toBe('[]');
    expect(calls).toBe(0);
  });

  it('does not read a list’s length or other array properties by name', () => {
    expect(render('[{{l.length}}]', { l: [1, 2, 3] })).toBe('[]');
  });

  it('leaves Object.prototype untouched after rendering hostile data', () => {
    const vars = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "b"}') as TemplateVars;
    render('{{a}}{{#each __x}}{{/each}}', vars);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('template limits', () => {
  it('has the documented defaults', () => {
    expect(defaultTemplateLimits).toEqual({
      maxTemplateChars: 16_384,
      maxOutputChars: 65_536,
      maxDepth: 8,
      maxIterations: 1000,
      maxSteps: 100_000,
    });
  });

  it('refuses a template longer than the limit', () => {
    const error = parseError('x'.repeat(16_385));
    expect(error.message).toBe('template is 16385 characters long; the limit is 16384');
    expect(parseTemplate('x'.repeat(16_384)).ok).toBe(true);
  });

  it('accepts sections nested to the limit and refuses one deeper', () => {
    const nest = (depth: number): string =>
      Array.from({ length: depth }, (_, i) => `{{#s${i}}}`).join('') +
      'x' +
      Array.from({ length: depth }, (_, i) => `{{/s${depth - 1 - i}}}`).join('');
    expect(parseTemplate(nest(8)).ok).toBe(true);
    expect(parseError(nest(9)).message).toMatch(/nests sections deeper than the limit of 8/);
    expect(parseError(nest(3), { maxDepth: 2 }).message).toMatch(/deeper than the limit of 2/);
  });

  it('truncates output that expands beyond the limit, ending in an ellipsis', () => {
    const items = Array.from({ length: 1000 }, () => 'x'.repeat(100));
    const out = render('{{#each l}}{{.}}{{/each}}', { l: items });
    expect(out).toHaveLength(65_536);
    expect(out.endsWith('x…')).toBe(true);
  });

  it('keeps output of exactly the limit whole', () => {
    expect(render('{{x}}', { x: 'abcde' }, escapePlain, { maxOutputChars: 5 })).toBe('abcde');
    expect(render('{{x}}', { x: 'abcdef' }, escapePlain, { maxOutputChars: 5 })).toBe('abcd…');
  });

  it('counts escaped text towards the limit', () => {
    expect(render('{{x}}', { x: '<<<<' }, escapeHtml, { maxOutputChars: 10 })).toBe('&lt;&lt;&…');
  });

  it('does not split a surrogate pair when truncating', () => {
    expect(render('{{x}}', { x: 'ab😀cd' }, escapePlain, { maxOutputChars: 4 })).toBe('ab…');
  });

  it('renders at most the iteration limit of items per each, then an ellipsis', () => {
    const l = Array.from({ length: 5000 }, (_, i) => i);
    expect(render('{{#each l}}.{{/each}}', { l })).toBe('.'.repeat(1000) + '…');
    expect(render('{{#each l}}{{.}},{{/each}}', { l }, escapePlain, { maxIterations: 3 })).toBe(
      '0,1,2,…',
    );
  });

  it('stops nested loops over empty bodies at the step limit', () => {
    const l = Array.from({ length: 1000 }, () => 1);
    const source = '{{#each l}}'.repeat(8) + '{{/each}}'.repeat(8);
    const started = performance.now();
    expect(render(source, { l })).toBe('…');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
