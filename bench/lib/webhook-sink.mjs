// A local Standard Webhooks receiver for the notification benchmarks (P1, P10): records when each
// request arrived, de-duplicates by webhook-id, counts raw deliveries and checks signatures.

import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { verifyStandardWebhook } from '../../dist/notify/webhook/verify-standard-webhook.js';

/** 32 fixed bytes: Standard Webhooks secrets are `whsec_` + base64 of 24–64 bytes. */
export const SIGNING_SECRET = `whsec_${Buffer.from('forewarn-bench-signing-key-0123').toString('base64')}`;

/**
 * Listens on 127.0.0.1 (a free port). `onArrival({ id, atMs, firstByteAtMs, path, payload })` runs
 * once per request, raw or repeated. `firstByteAtMs` is performance.now() at the 'request' event:
 * the headers are parsed, and the sender writes headers and body in one go, so that is when the
 * first byte of the notification reached this process.
 */
export async function startWebhookSink({ onArrival = () => {}, verify = true } = {}) {
  const state = {
    raw: 0,
    ids: new Set(),
    badSignatures: 0,
    firstAtMs: Number.NaN,
    lastAtMs: Number.NaN,
  };
  const server = http.createServer((req, res) => {
    const firstByteAtMs = performance.now();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const atMs = performance.now();
      const body = Buffer.concat(chunks);
      const id = String(req.headers['webhook-id'] ?? '');
      if (verify && !verifyStandardWebhook(SIGNING_SECRET, req.headers, body, Date.now()).ok) {
        state.badSignatures++;
      }
      state.raw++;
      state.ids.add(id);
      if (Number.isNaN(state.firstAtMs)) state.firstAtMs = firstByteAtMs;
      state.lastAtMs = atMs;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      onArrival({ id, atMs, firstByteAtMs, path: req.url ?? '', payload: JSON.parse(body) });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    state,
    /** Resolves once `count` distinct webhook-ids arrived, or rejects after timeoutMs. */
    waitForDistinct(count, timeoutMs) {
      return new Promise((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const check = () => {
          if (state.ids.size >= count) return resolve();
          if (performance.now() > deadline) {
            return reject(
              new Error(`sink saw ${state.ids.size} of ${count} within ${timeoutMs} ms`),
            );
          }
          setTimeout(check, 5);
        };
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
