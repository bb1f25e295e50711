// Writes the backtest example: 30 days of 1-minute data for the checkout service of one client,
// with degradations of several shapes (steps, ramps, flapping, slow burns), daily peaks that are
// not degradations, and the team's labels of when the service was truly degraded.
// Deterministic (mulberry32, fixed seed): running it again gives the same bytes.
//   node examples/backtest/generate.mjs   → latency.csv.gz, requests.ndjson.gz, labels.json

import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const START_MS = Date.UTC(2026, 2, 1);
const DAYS = 30;

function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20260301);

const at = (day, hour, minute = 0) => START_MS + day * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS;

/** Degraded intervals as the team labelled them after the fact. */
const labels = [];
const label = (objective, fromMs, toMs, note) =>
  labels.push({
    objective,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    note,
  });

// Latency p95 (ms): a daily curve peaking at ~690 ms in the evening, plus episodes.
const latencyEpisodes = [
  // Step: a bad deploy, 1,100 ms for 40 minutes.
  { from: at(3, 10), to: at(3, 10, 40), shape: () => 1100, note: 'step: bad deploy' },
  // Ramp: a leaking connection pool, +6 ms a minute for 90 minutes, then restarted.
  {
    from: at(7, 14),
    to: at(7, 16),
    shape: (m) => 480 + 6 * Math.min(m, 90),
    note: 'ramp: pool leak',
  },
  // Flapping: a failing cache node in and out every 10 minutes for 3 hours.
  {
    from: at(12, 2),
    to: at(12, 5),
    shape: (m) => (Math.floor(m / 10) % 2 === 0 ? 920 : 520),
    note: 'flapping: cache node',
  },
  // Slow burn: a growing table scan, +50 ms an hour for 8 hours, then an index is added.
  {
    from: at(18, 8),
    to: at(18, 16, 30),
    shape: (m) => 470 + (50 * m) / 60,
    note: 'slow burn: table scan',
  },
  // Near miss: a ramp rolled back at 760 ms, before the threshold.
  {
    from: at(26, 11),
    to: at(26, 11, 50),
    shape: (m) => 480 + 7 * Math.min(m, 40),
    note: 'near miss: rolled back',
  },
];
// Degraded when users felt it: from when p95 passed ~700 ms (or the step began) until back.
label('northwind-checkout/latency-p95', at(3, 10), at(3, 10, 40), 'step');
label('northwind-checkout/latency-p95', at(7, 14, 40), at(7, 16), 'ramp');
label('northwind-checkout/latency-p95', at(12, 2), at(12, 5), 'flapping');
label('northwind-checkout/latency-p95', at(18, 13), at(18, 16, 30), 'slow burn');
label('northwind-checkout/latency-p95', at(26, 11, 30), at(26, 11, 50), 'near miss');

// Error share of checkout requests.
const errorEpisodes = [
  { from: at(5, 9), to: at(5, 9, 30), shape: () => 0.05, note: 'step: payment provider down' },
  {
    from: at(10, 20),
    to: at(11, 0),
    shape: (m) => (Math.floor(m / 5) % 2 === 0 ? 0.03 : 0.0002),
    note: 'flapping',
  },
  { from: at(15, 0), to: at(17, 0), shape: () => 0.004, note: 'slow burn: retries failing' },
  {
    from: at(22, 15),
    to: at(22, 16, 30),
    shape: (m) => Math.min(0.08, (0.08 * m) / 60),
    note: 'ramp',
  },
];
label('northwind-checkout/availability', at(5, 9), at(5, 9, 30), 'step');
label('northwind-checkout/success-now', at(5, 9), at(5, 9, 30), 'step');
label('northwind-checkout/availability', at(10, 20), at(11, 0), 'flapping');
label('northwind-checkout/success-now', at(10, 20), at(11, 0), 'flapping');
label('northwind-checkout/availability', at(15, 0), at(17, 0), 'slow burn');
label('northwind-checkout/availability', at(22, 15, 10), at(22, 16, 30), 'ramp');
label('northwind-checkout/success-now', at(22, 15, 10), at(22, 16, 30), 'ramp');

function episodeValue(episodes, tMs) {
  for (const e of episodes)
    if (tMs >= e.from && tMs < e.to) return e.shape((tMs - e.from) / MINUTE_MS);
  return undefined;
}

const latencyLines = ['sli,ts,value,count'];
const requestLines = [];
for (let tMs = START_MS; tMs < START_MS + DAYS * DAY_MS; tMs += MINUTE_MS) {
  const hourOfDay = ((tMs - START_MS) % DAY_MS) / HOUR_MS;
  // Evening peak: 18:00–22:00 UTC, up to +45 %.
  const daily = 1 + 0.45 * Math.max(0, Math.cos(((hourOfDay - 20) / 4) * (Math.PI / 2))) ** 2;
  const base = 470 * daily * (0.95 + 0.1 * random());
  const p95 = episodeValue(latencyEpisodes, tMs) ?? base;
  // 100 requests a minute: 90 fast, 8 at the p95 level, 2 slow.
  latencyLines.push(`checkout-latency,${tMs},${Math.round(p95 * 0.55)},90`);
  latencyLines.push(`checkout-latency,${tMs + 20_000},${Math.round(p95)},8`);
  latencyLines.push(`checkout-latency,${tMs + 40_000},${Math.round(p95 * 1.6)},2`);

  const total = Math.round(1000 * daily * (0.9 + 0.2 * random()));
  const badShare = episodeValue(errorEpisodes, tMs) ?? 0.0002;
  const bad = Math.min(total, Math.round(total * badShare * (0.5 + random())));
  requestLines.push(
    `{"sli":"checkout-requests","ts":${tMs + 30_000},"good":${total - bad},"total":${total}}`,
  );
}

// gzip with a fixed mtime (0) so the bytes do not depend on when this ran.
const gz = (text) => gzipSync(Buffer.from(text), { level: 9 });
writeFileSync(join(here, 'latency.csv.gz'), gz(`${latencyLines.join('\n')}\n`));
writeFileSync(join(here, 'requests.ndjson.gz'), gz(`${requestLines.join('\n')}\n`));
writeFileSync(join(here, 'labels.json'), `${JSON.stringify(labels, null, 2)}\n`);
process.stdout.write(
  `wrote ${latencyLines.length - 1} latency rows, ${requestLines.length} request rows, ${labels.length} labels\n`,
);
