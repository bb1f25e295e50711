// The services P11's probes watch: node:http servers on as many 127.0.0.1 ports as asked (argv[2]),
// each answering every request at once with 200 and a small JSON body. Run as a child process
// (pinned by the caller); prints the ports as one JSON line.

import { Buffer } from 'node:buffer';
import http from 'node:http';
import process from 'node:process';

const PORTS = Number(process.argv[2] ?? 1);
const body = Buffer.from('{"status":"ok"}');
const servers = [];
const ports = [];
for (let i = 0; i < PORTS; i++) {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  ports.push(server.address().port);
}
process.stdout.write(`${JSON.stringify({ ports })}\n`);
process.on('SIGTERM', () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  process.exit(0);
});
