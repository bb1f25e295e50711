import { describe, expect, it } from 'vitest';
import { parseForm } from './form-body.js';

describe('parseForm', () => {
  it('decodes fields, pluses and percent escapes', () => {
    expect({ ...parseForm('email=erin%40example.com&name=Erin+Example&_csrf=a-b_c') }).toEqual({
      email: 'erin@example.com',
      name: 'Erin Example',
      _csrf: 'a-b_c',
    });
  });

  it('keeps the last value of a repeated name', () => {
    expect(parseForm('public=off&public=on').public).toBe('on');
  });

  it('keeps __proto__ and constructor as plain fields', () => {
    const body = parseForm('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(body)).toBeNull();
    expect(Object.keys(body)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses more than 1000 fields, naming the limit', () => {
    const text = Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&');
    expect(() => parseForm(text)).toThrow(
      expect.objectContaining({
        code: 'E_VALIDATION',
        problems: [{ field: 'body', value: 1001, expected: 'at most 1000 fields' }],
      }),
    );
  });
});
