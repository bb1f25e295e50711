import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../test/support/harness.js';
import { protocolDefinitions } from '../../../test/support/protocol-builders.js';
import { ClientPageCache } from './client-page-cache.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let cache: ClientPageCache;
let renders: number;
const render = async () => `render ${++renders}`;

beforeEach(async () => {
  h = await startHarness(protocolDefinitions(), { startMs: START });
  cache = new ClientPageCache(h.ctx, 30_000);
  renders = 0;
});
afterEach(async () => {
  cache.close();
  await h.close();
});

describe('the status page cache', () => {
  it('renders once per client and variant until the TTL passes', async () => {
    expect(await cache.get('acme', 'page', render)).toBe('render 1');
    expect(await cache.get('acme', 'page', render)).toBe('render 1');
    expect(await cache.get('acme', 'feed', render)).toBe('render 2');
    h.clock.set(START + 30_000);
    expect(await cache.get('acme', 'page', render)).toBe('render 3');
  });

  it('shares one render among requests that arrive while it runs', async () => {
    const all = await Promise.all([1, 2, 3].map(() => cache.get('acme', 'page', render)));
    expect(all).toEqual(['render 1', 'render 1', 'render 1']);
    expect(cache.stats).toMatchObject({ misses: 1 });
  });

  it('drops a client’s pages when one of its objectives moves, and no one else’s', async () => {
    await cache.get('acme', 'page', render);
    await cache.get('globex', 'page', render);
    h.ctx.events.emit('transition', {
      objectiveKey: 'acme-submissions/latency',
      atMs: START,
      from: 'ok',
      to: 'breach',
      reason: { kind: 'no-data' },
    });
    expect(await cache.get('acme', 'page', render)).toBe('render 3');
    expect(await cache.get('globex', 'page', render)).toBe('render 2');
  });

  it('does not keep a render that a change overtook', async () => {
    let release: () => void = () => undefined;
    const slow = cache.get('acme', 'page', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return 'stale';
    });
    await new Promise((resolve) => setImmediate(resolve));
    cache.invalidate('acme');
    release();
    expect(await slow).toBe('stale');
    expect(await cache.get('acme', 'page', render)).toBe('render 1');
  });

  it('drops every page when a protocol step names a case it cannot read', async () => {
    await cache.get('acme', 'page', render);
    h.ctx.events.emit('protocol', {
      subject: 'incident',
      id: 'missing',
      kind: 'notice',
      atMs: START,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await cache.get('acme', 'page', render)).toBe('render 2');
  });
});
