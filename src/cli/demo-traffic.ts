// The demo's simulated service: its p95 latency creeps toward the SLA threshold, crosses it, then
// recovers after a rollback — the story of the seed document, pushed through the real ingest API.

export const DEMO_TIMELINE = {
  steadyUntilS: 15,
  rampUntilS: 75,
  holdUntilS: 100,
  baselineP95Ms: 500,
  peakP95Ms: 900,
  recoveredP95Ms: 450,
} as const;

/** The p95 latency the simulated service aims at, t seconds into the demo. */
export function targetP95Ms(tS: number): number {
  const t = DEMO_TIMELINE;
  if (tS < t.steadyUntilS) return t.baselineP95Ms;
  if (tS < t.rampUntilS) {
    const share = (tS - t.steadyUntilS) / (t.rampUntilS - t.steadyUntilS);
    return t.baselineP95Ms + share * (t.peakP95Ms - t.baselineP95Ms);
  }
  if (tS < t.holdUntilS) return t.peakP95Ms;
  return t.recoveredP95Ms;
}

/** n latencies whose 95th percentile is close to p95Ms (uniform between 50 % and 100 % of it / 0.975). */
export function latencyBatch(
  p95Ms: number,
  n: number,
  random: () => number = Math.random,
): number[] {
  const top = p95Ms / 0.975;
  return Array.from({ length: n }, () => Math.round(top * (0.5 + 0.5 * random())));
}

export interface DemoTrafficOptions {
  baseUrl: string;
  pushToken: string;
  latencySli: string;
  requestsSli: string;
  /** Push period. */
  intervalMs: number;
  onError: (err: unknown) => void;
}

/** Pushes a batch every interval until stopped. */
export function startDemoTraffic(options: DemoTrafficOptions): {
  stop(): void;
  elapsedS(): number;
} {
  const started = performance.now();
  const elapsedS = () => (performance.now() - started) / 1000;
  const push = async () => {
    const ts = Date.now();
    const p95 = targetP95Ms(elapsedS());
    const perPush = 20;
    const samples = [
      ...latencyBatch(p95, perPush).map((value) => ({ sli: options.latencySli, ts, value })),
      // One failed request in ~5,000: comfortably inside a 99.9 % availability objective.
      {
        sli: options.requestsSli,
        ts,
        good: perPush - (Math.random() < 0.004 ? 1 : 0),
        total: perPush,
      },
    ];
    const res = await fetch(new URL('/api/v1/samples', options.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.pushToken}` },
      body: JSON.stringify({ samples }),
    });
    if (!res.ok) throw new Error(`push answered ${res.status}: ${await res.text()}`);
  };
  const timer = setInterval(() => push().catch(options.onError), options.intervalMs);
  return { stop: () => clearInterval(timer), elapsedS };
}
