import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeMailHeader,
  escapePlain,
  escaperFor,
  escapeSlackMrkdwn,
  escapeTeamsMarkdown,
} from './escapers.js';
import { parseTemplate, renderTemplate } from './template-engine.js';
import { controlCharacters, injectionCorpus } from './test-support/injection-corpus.js';

describe('escapeHtml', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    ['`', '&#96;'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ['&lt;', '&amp;lt;'],
    ['line\nbreak\ttab', 'line\nbreak\ttab'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('escapeSlackMrkdwn', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['@channel and @here and @everyone', '@\u200Bchannel and @\u200Bhere and @\u200Beveryone'],
    ['mail me@here.example', 'mail me@\u200Bhere.example'],
    ['"quotes" stay', '"quotes" stay'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeSlackMrkdwn(input)).toBe(expected);
  });
});

describe('escapeTeamsMarkdown', () => {
  it.each([
    ['*bold*', '\\*bold\\*'],
    ['_it_ ~s~ `c`', '\\_it\\_ \\~s\\~ \\`c\\`'],
    ['"quotes" & \'apostrophes\'', '"quotes" &amp; \'apostrophes\''],
    ['[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    ['# heading', '\\# heading'],
    ['- item\n  + item\n1. item\n2) item', '\\- item\n  \\+ item\n1\\. item\n2\\) item'],
    ['2026-11-27 10:00', '2026-11-27 10:00'],
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeTeamsMarkdown(input)).toBe(expected);
  });
});

describe('escapePlain', () => {
  it('keeps text, line breaks and tabs', () => {
    expect(escapePlain('a <b> & "c"\n\td')).toBe('a <b> & "c"\n\td');
  });

  it('strips control characters, carriage returns and bidi overrides', () => {
    expect(escapePlain('a\u0000b\u0007c\rd\u001B[31me\u007Ff\u0085g\u202Eh\u2066i')).toBe(
      'abcd[31mefghi',
    );
  });
});

describe('escapeMailHeader', () => {
  it.each([
    ['\r\nBcc: evil@example.com', ' Bcc: evil@example.com'],
    ['Subject\nInjected: yes', 'Subject Injected: yes'],
    ['a\rb', 'a b'],
    ['tab\there', 'tab here'],
    ['a\u2028b\u0085c', 'a b c'],
    ['nul\u0000 and esc\u001B', 'nul and esc'],
    ['[Acme] <ok> & "fine"', '[Acme] <ok> & "fine"'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeMailHeader(input)).toBe(expected);
  });
});

describe('escaping the injection corpus', () => {
  const controls = new RegExp(controlCharacters.source);

  it.each(injectionCorpus)('html never gets live markup from %j', (input) => {
    const out = escapeHtml(input);
    expect(out).not.toMatch(/[<>"'`]/);
    expect(out).not.toMatch(controls);
  });

  it.each(injectionCorpus)('slack never gets a link, mention or command from %j', (input) => {
    const out = escapeSlackMrkdwn(input);
    expect(out).not.toMatch(/[<>]/);
    expect(out).not.toMatch(/@(channel|here|everyone)/);
  });

  it.each(injectionCorpus)('teams never gets html or markdown syntax from %j', (input) => {
    const out = escapeTeamsMarkdown(input);
    expect(out).not.toMatch(/[<>]/);
    expect(out).not.toMatch(/(?<!\\)[*_~[\]()#!|]/);
    expect(out).not.toMatch(/^\s*[-+]\s/m);
  });

  it.each(injectionCorpus)('a mail header stays one line from %j', (input) => {
    const out = escapeMailHeader(input);
    expect(out).not.toMatch(/[\r\n]/);
    expect(out).not.toMatch(controls);
  });

  it.each(injectionCorpus)('a rendered value is printed, never evaluated: %j', (input) => {
    const parsed = parseTemplate('[{{x}}]');
    if (!parsed.ok) throw new Error(parsed.error.message);
    for (const style of ['html', 'slack', 'teams', 'plain'] as const) {
      const escape = escaperFor(style);
      expect(renderTemplate(parsed.template, { x: input, b: 'secret' }, escape)).toBe(
        `[${escape(input)}]`,
      );
    }
  });
});

describe('escaping properties', () => {
  it('rendering any string variable with escapeHtml never yields < or > from the variable', () => {
    const parsed = parseTemplate('before {{x}} after {{#x}}[{{x | upper}}]{{/x}}');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const template = parsed.template;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (x) => {
        const out = renderTemplate(template, { x }, escapeHtml);
        expect(out).not.toMatch(/[<>]/);
      }),
    );
  });

  it('rendering any string variable with escapeMailHeader never yields a line break', () => {
    const parsed = parseTemplate('Subject {{x}}');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const template = parsed.template;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (x) => {
        expect(renderTemplate(template, { x }, escapeMailHeader)).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it('escapeSlackMrkdwn never lets < or > through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (x) => {
        expect(escapeSlackMrkdwn(x)).not.toMatch(/[<>]/);
      }),
    );
  });
});
