// A loopback HTTP receiver for channel tests: it keeps every request's raw bytes and answers as
// the test tells it to, including not at all ('hang') to exercise timeouts.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export type Responder = (request: ReceivedRequest) => Answer;

export interface RecordingReceiver {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export function startReceiver(
  respond: Responder = () => ({ status: 200, body: 'ok' }),
): Promise<RecordingReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
      };
      requests.push(request);
      const answer = respond(request);
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A loopback port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const receiver = await startReceiver();
  await receiver.close();
  return Number(new URL(receiver.url).port);
}
