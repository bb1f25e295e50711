// The demo's stand-in for the team's and the client's inboxes: a local Standard Webhooks
// receiver that verifies each delivery and reports it.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyStandardWebhook } from '../notify/webhook/verify-standard-webhook.js';

export interface ReceivedNotification {
  verified: boolean;
  type: string;
  audience: string;
  subject: string;
}

export async function startDemoReceiver(
  signingSecret: string,
  onNotification: (n: ReceivedNotification) => void,
): Promise<{ url: string; port: number; close(): void }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const verified = verifyStandardWebhook(signingSecret, req.headers, raw, Date.now()).ok;
      try {
        const body = JSON.parse(raw.toString('utf8')) as {
          type?: string;
          data?: {
            audience?: string;
            seeing?: string;
            reasonText?: string;
            sla?: { name?: string };
          };
        };
        onNotification({
          verified,
          type: body.type ?? '?',
          audience: body.data?.audience ?? '?',
          subject:
            body.data?.audience === 'client'
              ? `We are seeing ${body.data.seeing ?? '?'}.`
              : (body.data?.reasonText ?? ''),
        });
      } catch {
        onNotification({ verified, type: 'unreadable', audience: '?', subject: '' });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/forewarn-demo`, port, close: () => server.close() };
}
