// TARGETS P4: batched JSON ingest, durable before the 2xx, ≥ 500 k samples/s on one core.
// The real server runs on core 0; this load generator (run on core 1 by run.mjs) posts batches of
// 5,000 samples over a few keep-alive connections. Every request carries its own batchId, so
// nothing is de-duplicated, and every 200 must say accepted = 5,000.

import { Buffer } from 'node:buffer';
import http from 'node:http';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { fleetYaml, PUSH_TOKEN_PREFIX, sliIds } from './lib/fleet-config.mjs';
import { emit, log, median, round } from './lib/report.mjs';
import { removeDir, startServer, tempDir, writeConfig } from './lib/server.mjs';

const BATCH_SIZE = 5000;
const CONNECTIONS = 4;
const WARMUP_MS = 3000;
const RUN_MS = 10_000;
const RUNS = 3;
const GOAL = 500_000;
const STRETCH = 800_000;
const TOKEN = `${PUSH_TOKEN_PREFIX}000000`;
/** Fixed-width id, patched into a copy of a template body per request. */
const ID_PLACEHOLDER = 'b'.repeat(24);

/** Two SLAs of one client: four SLIs (2 ratio, 2 latency), 20 objectives listening to them. */
const SLAS = 2;

function templateBody(seed, nowMs) {
  const samples = [];
  for (let i = 0; i < BATCH_SIZE; i++) {
    const ids = sliIds(i % SLAS);
    // Spread over the last 50 s, as a collector flushing once in a while would send them.
    const ts = nowMs - 50_000 + Math.floor((i * 50_000) / BATCH_SIZE);
    samples.push(
      i % 2 === 0
        ? { sli: ids.success, ts, good: 99 + ((i + seed) % 2), total: 100 }
        : { sli: ids.latency, ts, value: 80 + ((i * 7 + seed) % 400) },
    );
  }
  const text = JSON.stringify({ batchId: ID_PLACEHOLDER, samples });
  return {
    bytes: Buffer.from(text),
    idOffset: Buffer.byteLength(text.slice(0, text.indexOf(ID_PLACEHOLDER))),
  };
}

let sequence = 0;
function nextBody(templates) {
  const t = templates[sequence % templates.length];
  const body = Buffer.from(t.bytes);
  body.write(
    `${process.pid}-${String(sequence++).padStart(16, '0')}`.slice(-24).padStart(24, 'x'),
    t.idOffset,
    'latin1',
  );
  return body;
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          authorization: `Bearer ${TOKEN}`,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Keeps CONNECTIONS requests in flight for durationMs; counts samples acknowledged in time. */
async function load(agent, url, templates, durationMs) {
  const stats = {
    samples: 0,
    requests: 0,
    non200: 0,
    wrongAccepted: 0,
    duplicates: 0,
    latenciesMs: [],
  };
  const start = performance.now();
  const end = start + durationMs;
  async function worker() {
    while (performance.now() < end) {
      const sentAt = performance.now();
      const res = await post(agent, url, nextBody(templates));
      const doneAt = performance.now();
      if (doneAt > end) break;
      stats.requests++;
      stats.latenciesMs.push(doneAt - sentAt);
      if (res.status !== 200) {
        stats.non200++;
        if (stats.non200 === 1) log(`non-200: ${res.status} ${res.text.slice(0, 300)}`);
        continue;
      }
      const answer = JSON.parse(res.text);
      if (answer.duplicate) stats.duplicates++;
      if (answer.accepted !== BATCH_SIZE) stats.wrongAccepted++;
      else stats.samples += answer.accepted;
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsedS = (performance.now() - start) / 1000;
  return { ...stats, elapsedS, samplesPerSecond: stats.samples / elapsedS };
}

const dir = tempDir('p4');
const configPath = writeConfig(dir, fleetYaml({ slas: SLAS }));
const server = await startServer({ dataDir: `${dir}/data`, configPath });
const url = `${server.url}/api/v1/samples`;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
try {
  const templates = Array.from({ length: 4 }, (_, seed) => templateBody(seed, Date.now()));
  log(`body ${round(templates[0].bytes.length / 1024, 1)} KiB; warming up ${WARMUP_MS} ms`);
  await load(agent, url, templates, WARMUP_MS);
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const result = await load(agent, url, templates, RUN_MS);
    log(`run ${r + 1}: ${Math.round(result.samplesPerSecond)} samples/s`);
    runs.push(result);
  }
  const rates = runs.map((r) => Math.round(r.samplesPerSecond));
  const med = median(rates);
  const allLatencies = runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  emit({
    target: 'P4',
    name: 'batched JSON ingest, durable before the 200',
    unit: 'samples/s',
    median: med,
    runs: rates,
    goal: GOAL,
    stretch: STRETCH,
    met: med >= GOAL,
    stretchMet: med >= STRETCH,
    batchSize: BATCH_SIZE,
    bodyBytes: templates[0].bytes.length,
    connections: CONNECTIONS,
    requestsPerSecond: round(median(runs.map((r) => r.requests / r.elapsedS)), 1),
    requestLatencyMedianMs: round(allLatencies[Math.floor(allLatencies.length / 2)] ?? NaN, 2),
    checks: {
      requests: runs.reduce((s, r) => s + r.requests, 0),
      non200: runs.reduce((s, r) => s + r.non200, 0),
      acceptedNotBatchSize: runs.reduce((s, r) => s + r.wrongAccepted, 0),
      duplicates: runs.reduce((s, r) => s + r.duplicates, 0),
    },
    method:
      'forewarn serve (dist/, SQLite WAL synchronous=FULL in a temp folder, 2 SLAs / 4 SLIs / 20 ' +
      'objectives, evaluateOnIngest default) pinned with taskset -c 0; this generator pinned to ' +
      `core 1, ${CONNECTIONS} keep-alive node:http connections each posting one ${BATCH_SIZE}-sample ` +
      'JSON batch at a time (half ratio, half latency samples, every one with ts; unique batchId ' +
      `per request; bodies pre-built). ${WARMUP_MS / 1000} s warm-up, then ${RUNS} runs of ` +
      `${RUN_MS / 1000} s; samples acknowledged (200, accepted = batch size) / elapsed; median.`,
  });
} finally {
  agent.destroy();
  await server.stop();
  removeDir(dir);
}
