import { describe, expect, it } from 'vitest';
import { headerValue } from './header-value.js';

describe('headerValue', () => {
  it('reads Headers objects and plain records without regard to case', () => {
    expect(headerValue(new Headers({ 'Retry-After': '3' }), 'retry-after')).toBe('3');
    expect(headerValue({ 'retry-after': ['4', '5'] }, 'Retry-After')).toBe('4');
    expect(headerValue({}, 'retry-after')).toBeUndefined();
  });
});
