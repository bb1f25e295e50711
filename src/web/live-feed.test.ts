import { afterEach, describe, expect, it } from 'vitest';
import { aThresholdObjective, anSla, someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { dashboardApp } from './test-support/test-viewer.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp) {
  let text = '';
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  return text;
}

describe('the live feed', () => {
  it('refuses nobody and sends a team viewer the new row of an objective that changed', async () => {
    h = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }));
    const app = await dashboardApp(h.ctx);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const abort = new AbortController();
    try {
      expect((await fetch(`${url}/live`)).status).toBe(401);
      const res = await fetch(`${url}/live`, {
        headers: { 'x-test-viewer': 'viewer' },
        signal: abort.signal,
      });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const reader = res.body!.getReader();
      await readUntil(reader, /forewarn live/);
      await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 900 })));
      await h.tick();
      const text = await readUntil(reader, /event: row\ndata: .*\n\n/);
      const row = JSON.parse(/event: row\ndata: (.*)\n\n/.exec(text)![1]!);
      expect(row).toMatchObject({
        key: 'acme-submissions/latency',
        status: 'breach',
        rank: 0,
        tttText: 'crossed',
        links: false,
      });
      expect(row.reason).toContain('breaks <= 800 ms');
      await h.protocol();
      const more = await readUntil(reader, /"links":true/);
      expect(more).toMatch(/event: incident\ndata: /);
      expect(more).toMatch(/"caseHref":"\/incidents\//);
    } finally {
      abort.abort();
      await app.close();
    }
  });
});
