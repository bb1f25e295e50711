// Reading a JSON body's fields, collecting every problem at once: each names the field, the
// value sent and what was expected. `done()` throws one E_VALIDATION with all of them.

import { AppError, type FieldProblem } from '../app/errors.js';

const MAX_TEXT = 4000;

export class BodyFields {
  private readonly problems: FieldProblem[] = [];
  private readonly body: Record<string, unknown>;

  constructor(body: unknown) {
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      this.body = body as Record<string, unknown>;
    } else {
      this.body = {};
      if (body !== undefined && body !== null) {
        this.problems.push({ field: '(body)', value: typeof body, expected: 'a JSON object' });
      }
    }
  }

  private problem(field: string, value: unknown, expected: string): undefined {
    this.problems.push({ field, value, expected });
    return undefined;
  }

  text(field: string, options: { max?: number } = {}): string {
    return (
      this.optionalText(field, options) ?? (this.has(field) ? '' : this.missing(field, options))
    );
  }

  private has(field: string): boolean {
    return this.body[field] !== undefined;
  }

  private missing(field: string, options: { max?: number }): string {
    this.problem(field, undefined, `text of 1 to ${options.max ?? MAX_TEXT} characters`);
    return '';
  }

  optionalText(field: string, options: { max?: number } = {}): string | undefined {
    const raw = this.body[field];
    if (raw === undefined) return undefined;
    const max = options.max ?? MAX_TEXT;
    if (typeof raw !== 'string' || raw.trim().length === 0 || raw.length > max) {
      return this.problem(field, raw, `text of 1 to ${max} characters`);
    }
    return raw;
  }

  /** An ISO-8601 time or epoch milliseconds. */
  optionalInstant(field: string): number | undefined {
    const raw = this.body[field];
    if (raw === undefined) return undefined;
    if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return raw;
    if (
      typeof raw === 'string' &&
      /^\d{4}-\d{2}-\d{2}T/.test(raw) &&
      !Number.isNaN(Date.parse(raw))
    ) {
      return Date.parse(raw);
    }
    return this.problem(field, raw, 'an ISO-8601 time such as "2026-11-27T10:30:00Z"');
  }

  instant(field: string): number {
    const value = this.optionalInstant(field);
    if (value === undefined && !this.has(field)) {
      this.problem(field, undefined, 'an ISO-8601 time such as "2026-11-27T10:30:00Z"');
    }
    return value ?? 0;
  }

  optionalBoolean(field: string): boolean | undefined {
    const raw = this.body[field];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'boolean') return this.problem(field, raw, 'true or false');
    return raw;
  }

  boolean(field: string): boolean {
    const value = this.optionalBoolean(field);
    if (value === undefined && !this.has(field)) this.problem(field, undefined, 'true or false');
    return value ?? false;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const raw = this.body[field];
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    this.problem(field, raw, `one of ${allowed.join(', ')}`);
    return allowed[0] as T;
  }

  /** Throws every problem found, if any. */
  done(what: string): void {
    if (this.problems.length > 0) {
      throw new AppError(
        'E_VALIDATION',
        `The ${what} has ${this.problems.length === 1 ? 'a bad field' : 'bad fields'}.`,
        {
          problems: this.problems,
        },
      );
    }
  }
}
