// Reading a posted HTML form, collecting every problem at once like the API's body reader: each
// names the field, the value sent and what was expected. Empty inputs count as not given.

import { AppError, type FieldProblem } from '../app/errors.js';

const MAX_TEXT = 4000;
const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export type FormBody = Record<string, string | string[] | undefined>;

export class FormFields {
  private readonly problems: FieldProblem[] = [];
  readonly values: Record<string, string> = {};

  constructor(body: unknown) {
    if (typeof body === 'object' && body !== null) {
      for (const [k, v] of Object.entries(body as FormBody)) {
        const value = Array.isArray(v) ? v[v.length - 1] : v;
        if (typeof value === 'string' && k !== '_csrf') this.values[k] = value;
      }
    }
  }

  private problem(field: string, value: unknown, expected: string): undefined {
    this.problems.push({ field, value, expected });
    return undefined;
  }

  private raw(field: string): string | undefined {
    const v = this.values[field];
    return v === undefined || v.trim() === '' ? undefined : v;
  }

  optionalText(field: string, options: { max?: number } = {}): string | undefined {
    const raw = this.raw(field);
    if (raw === undefined) return undefined;
    const max = options.max ?? MAX_TEXT;
    if (raw.length > max) return this.problem(field, raw, `text of 1 to ${max} characters`);
    return raw.replace(/\r\n/g, '\n');
  }

  text(field: string, options: { max?: number } = {}): string {
    const value = this.optionalText(field, options);
    if (value === undefined && this.raw(field) === undefined) {
      this.problem(field, this.values[field], `text of 1 to ${options.max ?? MAX_TEXT} characters`);
    }
    return value ?? '';
  }

  /** `datetime-local` input (read as UTC, as the page shows times) or an ISO-8601 time. */
  optionalInstant(field: string): number | undefined {
    const raw = this.raw(field);
    if (raw === undefined) return undefined;
    const iso = LOCAL_MINUTE.test(raw) ? `${raw}Z` : raw;
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
    if (Number.isNaN(ms)) {
      return this.problem(field, raw, 'a UTC date and time such as "2026-11-27T10:30"');
    }
    return ms;
  }

  instant(field: string): number {
    const value = this.optionalInstant(field);
    if (value === undefined && this.raw(field) === undefined) {
      this.problem(field, this.values[field], 'a UTC date and time such as "2026-11-27T10:30"');
    }
    return value ?? 0;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const raw = this.values[field];
    if (raw !== undefined && (allowed as readonly string[]).includes(raw)) return raw as T;
    this.problem(field, raw, `one of ${allowed.join(', ')}`);
    return allowed[0] as T;
  }

  /** A checkbox: present means on. */
  checked(field: string): boolean {
    return this.values[field] !== undefined;
  }

  done(what: string): void {
    if (this.problems.length > 0) {
      throw new AppError(
        'E_VALIDATION',
        `The ${what} has ${this.problems.length === 1 ? 'a bad field' : 'bad fields'}.`,
        { problems: this.problems },
      );
    }
  }
}
