// Loopback HTTP(S) listeners for the client tests. `connections` counts TCP connections, so a
// canary proves nothing reached it at all, not merely that no HTTP request was parsed.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface TestListener {
  port: number;
  connections: number;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const answerOk: Handler = (_req, res) => res.end('canary');

export function startListener(
  host: string,
  handler: Handler = answerOk,
  options: { port?: number; tls?: { key: string; cert: string } } = {},
): Promise<TestListener> {
  const server = options.tls === undefined ? http.createServer() : https.createServer(options.tls);
  const listener: TestListener = {
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => listener.connections++);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      listener.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      handler(req, res, body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      listener.port = (server.address() as AddressInfo).port;
      resolve(listener);
    });
  });
}

/** A port nothing listens on: bound once, then released. */
export async function closedPort(host: string): Promise<number> {
  const listener = await startListener(host);
  await listener.close();
  return listener.port;
}
