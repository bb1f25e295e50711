// A tiny exporter the remote-write test scrapes with the real Prometheus: request counters by
// status code and a latency gauge, moved by the test. (Prometheus itself is started with the
// shared helpers in src/sources/prometheus/test-support/prometheus-processes.ts.)

import { createServer as createHttpServer, type Server } from 'node:http';

/** Counters a test moves: requests by status code, and a latency gauge. */
export interface TestExporter {
  /** host:port for a scrape config. */
  target: string;
  counts: { ok: number; errors: number };
  latencyMs: number;
  close(): Promise<void>;
}

export async function startTestExporter(): Promise<TestExporter> {
  const exporter: Omit<TestExporter, 'target' | 'close'> = {
    counts: { ok: 0, errors: 0 },
    latencyMs: 120,
  };
  const server: Server = createHttpServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# TYPE http_requests_total counter',
        `http_requests_total{code="200"} ${exporter.counts.ok}`,
        `http_requests_total{code="500"} ${exporter.counts.errors}`,
        '# TYPE checkout_latency_ms gauge',
        `checkout_latency_ms ${exporter.latencyMs}`,
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return Object.assign(exporter, {
    target: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
