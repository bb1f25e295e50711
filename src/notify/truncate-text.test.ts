import { describe, expect, it } from 'vitest';
import { truncateEscaped } from './truncate-text.js';

describe('truncateEscaped', () => {
  it('keeps text that fits', () => {
    expect(truncateEscaped('short', 5)).toBe('short');
  });

  it('ends a cut text with an ellipsis within the limit', () => {
    expect(truncateEscaped('abcdefgh', 5)).toBe('abcd…');
  });

  it('never leaves half an entity', () => {
    expect(truncateEscaped('ab &amp; cd', 6)).toBe('ab …');
  });

  it('counts and cuts whole code points', () => {
    expect(truncateEscaped('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
