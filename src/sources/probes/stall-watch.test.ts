import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { StallWatch } from './stall-watch.js';

const watches: StallWatch[] = [];
afterEach(() => watches.splice(0).forEach((w) => w.stop()));

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the event loop is blocked, as by a long synchronous commit
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the stall watch', () => {
  it('measures a block of the event loop that overlaps a span', async () => {
    const watch = new StallWatch();
    watches.push(watch);
    await sleep(60);
    const from = performance.now();
    blockFor(200);
    await sleep(60);
    expect(watch.longestWithin(from, performance.now())).toBeGreaterThanOrEqual(150);
  });

  it('sees a block still in progress when asked right after it', async () => {
    const watch = new StallWatch();
    watches.push(watch);
    await sleep(60);
    const from = performance.now();
    blockFor(150);
    expect(watch.longestWithin(from, performance.now())).toBeGreaterThanOrEqual(100);
  });

  it('does not count an earlier block against a later span', async () => {
    const watch = new StallWatch();
    watches.push(watch);
    await sleep(60);
    blockFor(400);
    await sleep(100);
    const from = performance.now();
    await sleep(200);
    // Under a loaded machine the span may see small scheduling delays, never the 400 ms block.
    expect(watch.longestWithin(from, performance.now())).toBeLessThan(200);
  });
});
