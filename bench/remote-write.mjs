// Issue 5: the remote-write receiver's samples/s per core (snappy + protobuf decode, mapping to
// SLIs, durable ingest), next to Prometheus's own remote-write receiver fed the same bodies on
// this machine. Both servers run pinned to core 0 (taskset -c 0; Go sees one CPU), this
// generator runs on core 1 (run.mjs). Like Prometheus's queue, 4 connections ("shards") each own
// a disjoint set of series and post one body at a time; every body carries one new sample per
// series (timestamps rise per body), so neither server sees a repeat or out-of-order sample.
// Runs alternate Forewarn, Prometheus, Forewarn, … with the same bodies; median of 3 each.

import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { fleetYaml } from './lib/fleet-config.mjs';
import { emit, log, median, round } from './lib/report.mjs';
import { ADMIN_TOKEN, removeDir, startServer, tempDir, writeConfig } from './lib/server.mjs';

const SLAS = 10;
const SHARDS = 4;
/** Series per body (Prometheus's max_samples_per_send is 2,000 since v2.48; 500 before). */
const SERIES_PER_SHARD = 2000;
const INSTANCES_PER_SLA = 5;
const BODIES_PER_SHARD = 250;
const RUNS = 3;
const PROMETHEUS = '/usr/bin/prometheus';

// ---- bodies: prometheus.WriteRequest, snappy block ----

function varint(out, value) {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function lengthDelimited(out, field, bytes) {
  out.push((field << 3) | 2);
  varint(out, bytes.length);
  for (const b of bytes) out.push(b);
}

function labelBytes(labels) {
  const out = [];
  for (const [name, value] of Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const label = [];
    lengthDelimited(label, 1, Buffer.from(name));
    lengthDelimited(label, 2, Buffer.from(value));
    lengthDelimited(out, 1, label);
  }
  return out;
}

/**
 * A shard's series, as a realistic mix: per SLA and instance the request counters by code and a
 * latency gauge (what the rules map: 10 % of the series), the rest node-exporter-like series that
 * match no rule and are dropped.
 */
function shardSeries(shard) {
  const series = [];
  for (let s = 0; s < SLAS; s++) {
    for (let i = 0; i < INSTANCES_PER_SLA; i++) {
      const base = { job: `svc${s}`, instance: `app-${shard}-${i}:8080`, handler: '/api/orders' };
      series.push({
        labels: { __name__: 'http_requests_total', ...base, code: '200' },
        kind: 'ok',
      });
      series.push({
        labels: { __name__: 'http_requests_total', ...base, code: '500' },
        kind: 'err',
      });
      series.push({
        labels: { __name__: 'http_requests_total', ...base, code: '404' },
        kind: 'ok',
      });
      series.push({ labels: { __name__: 'http_request_latency_ms', ...base }, kind: 'gauge' });
    }
  }
  const modes = ['idle', 'user', 'system', 'iowait', 'irq', 'softirq', 'steal', 'nice'];
  for (let n = 0; series.length < SERIES_PER_SHARD; n++) {
    series.push({
      labels: {
        __name__: 'node_cpu_seconds_total',
        job: 'node',
        instance: `node-${shard}-${Math.floor(n / 64)}:9100`,
        cpu: String(Math.floor(n / 8) % 8),
        mode: modes[n % 8],
      },
      kind: 'ok',
    });
  }
  return series.map((s) => ({ ...s, bytes: labelBytes(s.labels) }));
}

function writeRequest(series, step, tsMs) {
  const out = [];
  const f64 = Buffer.alloc(8);
  series.forEach((s, k) => {
    const value =
      s.kind === 'gauge' ? 80 + ((step * 7 + k) % 300) : s.kind === 'err' ? step : step * 20 + k;
    f64.writeDoubleLE(value);
    const sample = [0x09, ...f64, 0x10];
    varint(sample, tsMs);
    const ts = [...s.bytes];
    lengthDelimited(ts, 2, sample);
    lengthDelimited(out, 1, ts);
  });
  return Uint8Array.from(out);
}

/** Snappy block encoder: greedy 4-byte hash matching (as the reference encoder does). */
function snappy(data) {
  const out = [];
  varint(out, data.length);
  const table = new Int32Array(1 << 14).fill(-1);
  const literal = (from, to) => {
    const n = to - from - 1;
    if (n < 60) out.push(n << 2);
    else if (n < 0x100) out.push(60 << 2, n);
    else if (n < 0x10000) out.push(61 << 2, n & 0xff, n >>> 8);
    else out.push(62 << 2, n & 0xff, (n >>> 8) & 0xff, n >>> 16);
    for (let k = from; k < to; k++) out.push(data[k]);
  };
  const copy = (offset, len) => {
    while (len > 0) {
      const n = len > 64 ? (len - 64 < 4 ? len - 4 : 64) : len;
      if (n >= 4 && n <= 11 && offset < 2048)
        out.push(1 | ((n - 4) << 2) | ((offset >>> 8) << 5), offset & 0xff);
      else out.push(2 | ((n - 1) << 2), offset & 0xff, offset >>> 8);
      len -= n;
    }
  };
  let lit = 0;
  let i = 0;
  while (i + 4 <= data.length) {
    const word = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    const h = Math.imul(word, 0x1e35a7bd) >>> 18;
    const c = table[h];
    table[h] = i;
    if (
      c < 0 ||
      i - c > 0xffff ||
      data[c] !== data[i] ||
      data[c + 1] !== data[i + 1] ||
      data[c + 2] !== data[i + 2] ||
      data[c + 3] !== data[i + 3]
    ) {
      i++;
      continue;
    }
    let len = 4;
    while (i + len < data.length && data[c + len] === data[i + len]) len++;
    if (lit < i) literal(lit, i);
    copy(i - c, len);
    i += len;
    lit = i;
  }
  if (lit < data.length) literal(lit, data.length);
  return Buffer.from(out);
}

// ---- servers ----

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startPrometheus(dir) {
  writeFileSync(join(dir, 'prometheus.yml'), 'global: { scrape_interval: 1m }\n');
  const port = await freePort();
  const child = spawn(
    'taskset',
    [
      '-c',
      '0',
      PROMETHEUS,
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-10_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (
    !(await globalThis.fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`prometheus: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64
/** user + system CPU seconds of a process so far (/proc/PID/stat fields 14 and 15). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function post(agent, url, body, auth) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'snappy',
          'x-prometheus-remote-write-version': '0.1.0',
          'content-length': body.length,
          ...(auth ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Each shard posts its bodies in order, one at a time; all shards at once. */
async function load(target, bodies) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SHARDS });
  const cpuBefore = cpuSeconds(target.pid);
  const start = performance.now();
  let non204 = 0;
  await Promise.all(
    bodies.map(async (shardBodies) => {
      for (const body of shardBodies) {
        const res = await post(agent, target.url, body, target.auth);
        if (res.status !== 204) {
          non204++;
          if (non204 === 1) log(`${target.name}: ${res.status} ${res.text.slice(0, 300)}`);
        }
      }
    }),
  );
  const elapsedS = (performance.now() - start) / 1000;
  const cpuS = cpuSeconds(target.pid) - cpuBefore;
  agent.destroy();
  const samples = bodies.length * bodies[0].length * SERIES_PER_SHARD;
  return {
    samples,
    elapsedS,
    cpuS,
    non204,
    perSecond: samples / elapsedS,
    perCpuSecond: samples / cpuS,
  };
}

function rulesYaml() {
  const out = ['remoteWrite:'];
  for (let s = 0; s < SLAS; s++) {
    out.push(
      `  - sli: svc${s}-success`,
      `    good: 'http_requests_total{job="svc${s}",code!~"5.."}'`,
      `    total: 'http_requests_total{job="svc${s}"}'`,
      `  - sli: svc${s}-latency`,
      `    value: 'http_request_latency_ms{job="svc${s}"}'`,
    );
  }
  return `${out.join('\n')}\n`;
}

const dir = tempDir('remote-write');
const series = Array.from({ length: SHARDS }, (_, k) => shardSeries(k));
let step = 0;
const t0 = Date.now() - 30_000;
/** The next BODIES_PER_SHARD bodies of every shard; timestamps rise 1 ms per body. */
function nextBodies() {
  const bodies = series.map(() => []);
  let raw = 0;
  let compressed = 0;
  for (let b = 0; b < BODIES_PER_SHARD; b++, step++) {
    for (let k = 0; k < SHARDS; k++) {
      const request = writeRequest(series[k], step, t0 + step);
      const body = snappy(request);
      raw += request.length;
      compressed += body.length;
      bodies[k].push(body);
    }
  }
  return {
    bodies,
    rawBytes: raw / (SHARDS * BODIES_PER_SHARD),
    bodyBytes: compressed / (SHARDS * BODIES_PER_SHARD),
  };
}

const configPath = writeConfig(dir, fleetYaml({ slas: SLAS }) + rulesYaml());
const forewarn = await startServer({ dataDir: join(dir, 'data'), configPath });
const prometheus = await startPrometheus(dir);
const targets = [
  { name: 'forewarn', url: `${forewarn.url}/api/v1/write`, pid: forewarn.child.pid, auth: true },
  {
    name: 'prometheus',
    url: `${prometheus.url}/api/v1/write`,
    pid: prometheus.child.pid,
    auth: false,
  },
];
try {
  const warm = nextBodies();
  log(
    `body ${round(warm.bodyBytes / 1024, 1)} KiB snappy (${round(warm.rawBytes / 1024, 1)} KiB decoded); warming up`,
  );
  for (const t of targets) await load(t, warm.bodies);
  const results = { forewarn: [], prometheus: [] };
  for (let r = 0; r < RUNS; r++) {
    const { bodies } = nextBodies();
    for (const t of targets) {
      const result = await load(t, bodies);
      log(
        `run ${r + 1} ${t.name}: ${Math.round(result.perSecond)} samples/s, ${Math.round(result.perCpuSecond)} per CPU-second`,
      );
      results[t.name].push(result);
    }
  }
  const stats = await globalThis.fetch(`${forewarn.url}/healthz`).then((r) => r.json());
  // The mapped samples must really have been ingested, not only answered with 204.
  const metrics = await globalThis
    .fetch(`${forewarn.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    .then((r) => r.text());
  const ingested = (outcome) =>
    Number(
      new RegExp(`forewarn_ingest_samples_total\\{outcome="${outcome}"\\} (\\d+)`).exec(
        metrics,
      )?.[1],
    );
  const summary = (runs) => ({
    samplesPerSecond: median(runs.map((x) => Math.round(x.perSecond))),
    samplesPerCpuSecond: median(runs.map((x) => Math.round(x.perCpuSecond))),
    runs: runs.map((x) => Math.round(x.perSecond)),
    runsPerCpuSecond: runs.map((x) => Math.round(x.perCpuSecond)),
    non204: runs.reduce((n, x) => n + x.non204, 0),
  });
  const fw = summary(results.forewarn);
  const prom = summary(results.prometheus);
  emit({
    target: 'RW',
    name: 'remote-write receiver: decode + map + durable ingest, one core',
    unit: 'samples/s',
    median: fw.samplesPerSecond,
    runs: fw.runs,
    perCpuSecond: fw.samplesPerCpuSecond,
    runsPerCpuSecond: fw.runsPerCpuSecond,
    prometheus: prom,
    ratioToPrometheus: round(fw.samplesPerSecond / prom.samplesPerSecond, 2),
    checks: {
      forewarnNon204: fw.non204,
      prometheusNon204: prom.non204,
      objectives: stats.objectives,
      ingestItemsAccepted: ingested('accepted'),
      ingestItemsRefused: ingested('refused'),
    },
    bodyBytes: Math.round(warm.bodyBytes),
    decodedBytes: Math.round(warm.rawBytes),
    samplesPerBody: SERIES_PER_SHARD,
    mappedPerBody: SLAS * INSTANCES_PER_SLA * 4,
    method:
      `forewarn serve (dist/, SQLite WAL synchronous=FULL, ${SLAS} SLAs / ${SLAS * 2} SLIs / ` +
      `${SLAS * 10} objectives, ${SLAS * 2} remoteWrite rules) and prometheus ` +
      '--web.enable-remote-write-receiver (Debian 2.42, TSDB in a temp folder), both pinned ' +
      `with taskset -c 0; this generator on core 1. ${SHARDS} keep-alive connections, each ` +
      `owning ${SERIES_PER_SHARD} series and posting one snappy WriteRequest at a time ` +
      `(${SERIES_PER_SHARD} samples, one per series, ${SLAS * INSTANCES_PER_SLA * 4} of them ` +
      `mapped to SLIs, the rest dropped). A warm-up of ${BODIES_PER_SHARD} bodies per ` +
      `connection, then ${RUNS} runs of ${BODIES_PER_SHARD} per connection, alternating the ` +
      'two servers on the same bodies; samples posted / wall time (all 204), and samples / ' +
      'server CPU seconds (/proc/PID/stat user+system); median.',
  });
} finally {
  await prometheus.stop();
  await forewarn.stop();
  removeDir(dir);
}
