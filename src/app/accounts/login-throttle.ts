// The failed sign-ins per account and address, in memory (one process serves an instance; a
// restart forgets them, which only ever lets someone try again sooner). Each attempt counts as a
// failure until it succeeds, so parallel guesses cannot slip past the limit together.

import {
  DEFAULT_THROTTLE_POLICY,
  decideAttempt,
  recentFailures,
  type ThrottleDecision,
  type ThrottlePolicy,
} from '../../domain/accounts/login-throttle.js';

/** Keys kept at most; the stalest go first (each key costs a few numbers). */
const MAX_KEYS = 50_000;

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** Starts an attempt: refused when too many failed recently, otherwise counted as a failure. */
  begin(key: string, nowMs: number): ThrottleDecision {
    const kept = recentFailures(this.#failures.get(key) ?? [], nowMs, this.policy);
    const decision = decideAttempt(kept, nowMs, this.policy);
    if (decision.allowed) kept.push(nowMs);
    this.#set(key, kept);
    return decision;
  }

  /** The attempt succeeded: the account starts afresh from this address. */
  succeeded(key: string): void {
    this.#failures.delete(key);
  }

  #set(key: string, failures: number[]): void {
    this.#failures.delete(key);
    if (failures.length === 0) return;
    if (this.#failures.size >= this.maxKeys) {
      const oldest = this.#failures.keys().next();
      if (oldest.done !== true) this.#failures.delete(oldest.value);
    }
    // Re-inserted, so Map order is least recently failed first.
    this.#failures.set(key, failures);
  }
}
