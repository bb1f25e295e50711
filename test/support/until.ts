// Polling for tests that wait on real processes, sockets or timers: one helper, one message.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` every `everyMs` until it gives a value other than undefined, and returns it;
 * fails naming `what` after `timeoutMs`.
 */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined> | T | undefined,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

/** Waits until `condition` holds (polled every `everyMs`); fails naming `what` after `timeoutMs`. */
export async function untilTrue(
  what: string,
  timeoutMs: number,
  condition: () => boolean,
  everyMs = 20,
): Promise<void> {
  await until(what, timeoutMs, () => (condition() ? true : undefined), everyMs);
}
