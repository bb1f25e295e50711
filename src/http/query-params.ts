// Query-string parsing with errors that name the parameter, the value and what was expected.

import { AppError } from '../app/errors.js';

export function optionalInt(
  query: Record<string, unknown>,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new AppError('E_VALIDATION', `Query parameter "${name}" is not valid.`, {
      problems: [
        { field: name, value: raw, expected: `a whole number from ${range.min} to ${range.max}` },
      ],
    });
  }
  return n;
}

/** Epoch milliseconds or an ISO-8601 time. */
export function optionalTime(query: Record<string, unknown>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string') {
    if (/^\d{11,}$/.test(raw)) return Number(raw);
    const t = Date.parse(raw);
    if (!Number.isNaN(t) && /^\d{4}-\d{2}-\d{2}/.test(raw)) return t;
  }
  throw new AppError('E_VALIDATION', `Query parameter "${name}" is not valid.`, {
    problems: [{ field: name, value: raw, expected: 'epoch milliseconds or an ISO-8601 time' }],
  });
}

export const optionalString = (query: Record<string, unknown>, name: string): string | undefined =>
  typeof query[name] === 'string' && query[name] !== '' ? query[name] : undefined;

export function optionalEnum<T extends string>(
  query: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new AppError('E_VALIDATION', `Query parameter "${name}" is not valid.`, {
    problems: [{ field: name, value: raw, expected: `one of ${allowed.join(', ')}` }],
  });
}
