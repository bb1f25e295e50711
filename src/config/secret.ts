// A value that must never reach a log, an error message or a JSON response by accident.
// Only `.reveal()` gives the string back, so every use of the real value is greppable.

import { inspect } from 'node:util';

const REDACTED = '<secret>';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** Compares without revealing; lengths leak, which is fine for tokens of a fixed format. */
  equals(other: Secret): boolean {
    return this.#value === other.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
