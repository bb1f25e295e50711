import { describe, expect, it } from 'vitest';
import type { AppError } from '../app/errors.js';
import { parseForm } from './form-body.js';
import { FormFields } from './form-fields.js';

describe('reading a posted form', () => {
  it('reads text, UTC datetime-local inputs and checkboxes, and ignores the CSRF field', () => {
    const f = new FormFields(
      parseForm('_csrf=t&seeing=slow%0D%0Anow&nextUpdateAt=2026-11-02T10%3A30&runAction=1'),
    );
    expect(f.text('seeing')).toBe('slow\nnow');
    expect(f.optionalInstant('nextUpdateAt')).toBe(Date.UTC(2026, 10, 2, 10, 30));
    expect(f.checked('runAction')).toBe(true);
    expect(f.checked('other')).toBe(false);
    expect(f.values._csrf).toBeUndefined();
    f.done('form');
  });

  it('treats empty inputs as not given and names every bad field at once', () => {
    const f = new FormFields({
      title: '  ',
      dueAt: 'friday',
      outcome: 'maybe',
      note: 'x'.repeat(11),
    });
    expect(f.optionalText('title')).toBeUndefined();
    f.text('owner');
    f.instant('dueAt');
    f.oneOf('outcome', ['tried', 'worked'] as const);
    f.optionalText('note', { max: 10 });
    let error: AppError | undefined;
    try {
      f.done('commitment');
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('E_VALIDATION');
    expect(error?.problems.map((p) => p.field)).toEqual(['owner', 'dueAt', 'outcome', 'note']);
  });

  it('takes the last of repeated values and gives a field named __proto__ no special power', () => {
    const body = parseForm('a=1&a=2&__proto__=x');
    expect(new FormFields(body).values.a).toBe('2');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(new FormFields({ a: ['1', '3'] }).values.a).toBe('3');
  });
});
