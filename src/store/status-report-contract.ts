// The status-page and report part of the store contract (StatusReportStore), run on every
// database by the *-store.test.ts files: the public switch, secret links and their revocation,
// subscribers, the signing secret written once, and frozen reports written once.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrozenReport, Store } from '../app/ports.js';

const AT = Date.UTC(2026, 10, 2, 9, 0);

const aReport = (o: Partial<FrozenReport> = {}): FrozenReport => ({
  clientId: 'acme',
  month: '2026-10',
  frozenAtMs: AT,
  html: '<!doctype html><p>October</p>',
  csv: 'objective,attainment\r\nlatency,99.5\r\n',
  figures: { slas: [{ id: 'acme-submissions', totalMinor: 20_000 }] },
  ...o,
});

export function describeStatusReportContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} status pages and reports`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps a page private until it is switched to public, and back', async () => {
      expect(await store.isStatusPagePublic('acme')).toBe(false);
      await store.setStatusPagePublic('acme', true, AT);
      expect(await store.isStatusPagePublic('acme')).toBe(true);
      expect(await store.isStatusPagePublic('globex')).toBe(false);
      await store.setStatusPagePublic('acme', false, AT + 1);
      expect(await store.isStatusPagePublic('acme')).toBe(false);
    });

    it('finds a link by its secret hash and revokes it once, for its own client only', async () => {
      const link = {
        id: 'l1',
        clientId: 'acme',
        label: 'Board',
        createdAtMs: AT,
        createdBy: 'admin',
      };
      await store.createStatusLink({ ...link, secretHash: 'h1' });
      expect(await store.findStatusLink('h1')).toEqual(link);
      expect(await store.findStatusLink('h2')).toBeUndefined();
      expect(await store.revokeStatusLink('globex', 'l1', AT + 1)).toBe(false);
      expect(await store.revokeStatusLink('acme', 'l1', AT + 2)).toBe(true);
      expect(await store.revokeStatusLink('acme', 'l1', AT + 3)).toBe(false);
      expect(await store.findStatusLink('h1')).toEqual({ ...link, revokedAtMs: AT + 2 });
      expect(await store.listStatusLinks('acme')).toEqual([{ ...link, revokedAtMs: AT + 2 }]);
      expect(await store.listStatusLinks('globex')).toEqual([]);
    });

    it('refuses a second link with the same secret hash', async () => {
      const link = { clientId: 'acme', label: 'x', createdAtMs: AT, createdBy: 'admin' };
      await store.createStatusLink({ ...link, id: 'l1', secretHash: 'same' });
      await expect(
        store.createStatusLink({ ...link, id: 'l2', secretHash: 'same' }),
      ).rejects.toThrow();
    });

    it('adds a subscriber once and removes it', async () => {
      const sub = { clientId: 'acme', email: 'ops@acme.example', confirmedAtMs: AT };
      expect(await store.addStatusSubscriber(sub)).toBe(true);
      expect(await store.addStatusSubscriber({ ...sub, confirmedAtMs: AT + 5 })).toBe(false);
      expect(await store.listStatusSubscribers('acme')).toEqual([sub]);
      expect(await store.listStatusSubscribers('globex')).toEqual([]);
      expect(await store.removeStatusSubscriber('acme', sub.email)).toBe(true);
      expect(await store.removeStatusSubscriber('acme', sub.email)).toBe(false);
      expect(await store.listStatusSubscribers('acme')).toEqual([]);
    });

    it('stores a secret on first use and returns that one ever after', async () => {
      expect(await store.statusSecret('signing', 'first')).toBe('first');
      expect(await store.statusSecret('signing', 'second')).toBe('first');
      expect(await store.statusSecret('other', 'third')).toBe('third');
    });

    it('freezes a report once: a second freeze returns the first unchanged', async () => {
      expect(await store.getFrozenReport('acme', '2026-10')).toBeUndefined();
      const first = aReport();
      expect(await store.freezeReport(first)).toEqual(first);
      const second = aReport({ html: '<p>changed</p>', csv: 'changed', frozenAtMs: AT + 9 });
      expect(await store.freezeReport(second)).toEqual(first);
      expect(await store.getFrozenReport('acme', '2026-10')).toEqual(first);
      expect(await store.getFrozenReport('acme', '2026-09')).toBeUndefined();
      expect(await store.getFrozenReport('globex', '2026-10')).toBeUndefined();
    });

    it('keeps non-ASCII text and large reports byte for byte', async () => {
      const html = `<p>Café — ${'x'.repeat(200_000)} ✓</p>`;
      const stored = await store.freezeReport(aReport({ html }));
      expect(stored.html).toBe(html);
    });
  });
}
