import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { aThresholdObjective, anSla, someDefinitions } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { buildServer } from './build-server.js';

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('GET /api/v1/events', () => {
  it('streams each transition as a server-sent event', async () => {
    h = await startHarness(someDefinitions({ slas: [anSla([aThresholdObjective()])] }));
    const app = await buildServer(h.ctx, { adminToken: new Secret('events-admin-token'), env: {} });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const abort = new AbortController();
      const res = await fetch(`${url}/api/v1/events`, {
        headers: { authorization: 'Bearer events-admin-token' },
        signal: abort.signal,
      });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      await h.push(Array.from({ length: 20 }, () => ({ sli: 'latency', value: 900 })));
      await h.tick();
      let text = '';
      while (!/event: transition\ndata: .*\n\n/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      const data = /event: transition\ndata: (.*)\n\n/.exec(text)?.[1];
      expect(JSON.parse(data!)).toMatchObject({
        objectiveKey: 'acme-submissions/latency',
        from: 'ok',
        to: 'breach',
        reason: { kind: 'threshold-crossed', threshold: 800 },
      });
      abort.abort();
    } finally {
      await app.close();
    }
  });
});
