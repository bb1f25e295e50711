// Hostile text for every field a template prints: markup, mentions, header injection, template
// and code syntax, control and bidi characters.

export const injectionCorpus: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<!channel>',
  '<!here|here> <@U123> <https://evil.example|click>',
  '@channel @here @everyone',
  '*bold* _italic_ ~strike~ `code`',
  '[click](https://evil.example) ![x](https://evil.example/x.png)',
  '# heading\n- item\n1. item',
  '\r\nBcc: evil@example.com',
  '{{7*7}}',
  '{{constructor.constructor}}',
  '{{__proto__}}',
  '${process.exit()}',
  "javascript:alert('x')",
  '\u202Etxt.exe\u0000\u0007\u001B[31m',
];

/** Characters no escaper lets through: C0 except tab and line feed, DEL, C1, bidi controls. */
export const controlCharacters =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
