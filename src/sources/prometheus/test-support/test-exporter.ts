// A small exporter the test controls: `http_requests_total{code="200"|"500"}` counters served in
// the Prometheus text format on a loopback port, advanced every 100 ms at the rates set.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestExporter {
  /** host:port, as a scrape target. */
  target: string;
  /** Requests per second answered 200 and 500 from now on. */
  setRates(rates: { okPerSecond: number; errorsPerSecond: number }): void;
  counts(): { ok: number; errors: number };
  scrapes: number;
  close(): Promise<void>;
}

const STEP_MS = 100;

export async function startTestExporter(): Promise<TestExporter> {
  let okPerSecond = 0;
  let errorsPerSecond = 0;
  // Fractions carried so the counters grow by exactly rate × time over any whole number of steps.
  let ok = 0;
  let errors = 0;
  const timer = setInterval(() => {
    ok += (okPerSecond * STEP_MS) / 1000;
    errors += (errorsPerSecond * STEP_MS) / 1000;
  }, STEP_MS);
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    exporter.scrapes++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# HELP http_requests_total Requests answered, by status code.',
        '# TYPE http_requests_total counter',
        `http_requests_total{code="200"} ${Math.floor(ok)}`,
        `http_requests_total{code="500"} ${Math.floor(errors)}`,
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const exporter: TestExporter = {
    target: `127.0.0.1:${port}`,
    setRates(rates) {
      okPerSecond = rates.okPerSecond;
      errorsPerSecond = rates.errorsPerSecond;
    },
    counts: () => ({ ok: Math.floor(ok), errors: Math.floor(errors) }),
    scrapes: 0,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return exporter;
}
