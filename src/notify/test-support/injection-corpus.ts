// Strings an attacker may place in client, service, SLA or objective names (S3).

export const INJECTION_CORPUS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<!channel> <!here> <@U024BE7LH>',
  '@channel @here',
  '<https://evil.example|click me>',
  '*bold* _it_ ~strike~ `code` ```block```',
  '[click](https://evil.example) ![img](https://evil.example/x.png)',
  'line1\r\nBcc: victim@evil.example',
  'subject\nX-Injected: yes',
  '{{constructor.constructor("return process")()}}',
  '${process.env.HOME}',
  '&amp; &lt; &#x3C;',
  '\u202Egnp.exe',
  'a'.repeat(5000),
] as const;
