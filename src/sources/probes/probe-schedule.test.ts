import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProbeSchedule } from './probe-schedule.js';
import type { ScheduledProbe } from './probe-schedule.js';

const START_MS = Date.UTC(2026, 10, 27, 9, 0, 0);

interface Recorder {
  schedule: ProbeSchedule<ScheduledProbe>;
  starts: Array<{ id: string; atMs: number }>;
  skipped: string[];
  /** Ends every check still running. */
  finishAll(): void;
  running(): number;
}

function record(checkMs?: number): Recorder {
  const starts: Recorder['starts'] = [];
  const skipped: string[] = [];
  const open = new Set<() => void>();
  const schedule = new ProbeSchedule<ScheduledProbe>(
    {
      run: (probe) => {
        starts.push({ id: probe.id, atMs: Date.now() });
        return new Promise<void>((resolve) => {
          const done = () => {
            open.delete(done);
            resolve();
          };
          open.add(done);
          if (checkMs !== undefined) setTimeout(done, checkMs);
        });
      },
      skipped: (probe) => skipped.push(probe.id),
    },
    () => Date.now(),
  );
  return {
    schedule,
    starts,
    skipped,
    finishAll: () => [...open].forEach((done) => done()),
    running: () => open.size,
  };
}

/** Stops, letting the fake clock run the checks in flight to their end. */
async function stopAfterChecks(r: Recorder): Promise<void> {
  const stopping = r.schedule.stop();
  await vi.advanceTimersByTimeAsync(100);
  r.finishAll();
  await stopping;
}

const probe = (id: string, intervalMs = 1000, key = 'v1'): ScheduledProbe => ({
  id,
  intervalMs,
  key,
});

describe('the probe schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START_MS });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs each probe once per interval', async () => {
    const r = record(10);
    r.schedule.update([probe('a', 1000), probe('b', 2000)]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.starts.filter((s) => s.id === 'a')).toHaveLength(10);
    expect(r.starts.filter((s) => s.id === 'b')).toHaveLength(5);
    const gaps = r.starts
      .filter((s) => s.id === 'a')
      .map((s, i, all) => (i === 0 ? 1000 : s.atMs - all[i - 1]!.atMs));
    expect(new Set(gaps)).toEqual(new Set([1000]));
    await stopAfterChecks(r);
  });

  it('never runs an interval below 1 s', async () => {
    const r = record(10);
    r.schedule.update([probe('eager', 100)]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.starts).toHaveLength(5);
    await stopAfterChecks(r);
  });

  it('spreads 1,000 probes of the same interval over it instead of starting them together', async () => {
    const r = record(1);
    r.schedule.update(Array.from({ length: 1000 }, (_, i) => probe(`probe-${i}`, 1000)));
    await vi.advanceTimersByTimeAsync(999);
    expect(r.starts).toHaveLength(1000);
    const perTenMs = new Map<number, number>();
    for (const s of r.starts) {
      const bucket = Math.floor((s.atMs - START_MS) / 10);
      perTenMs.set(bucket, (perTenMs.get(bucket) ?? 0) + 1);
    }
    // 100 buckets of 10 ms, 10 per bucket on average: no bucket holds a large share.
    expect(perTenMs.size).toBeGreaterThan(95);
    expect(Math.max(...perTenMs.values())).toBeLessThanOrEqual(30);
    await stopAfterChecks(r);
  });

  it('skips a turn while the previous check of the same probe still runs', async () => {
    const r = record(); // checks never end by themselves
    r.schedule.update([probe('slow', 1000)]);
    await vi.advanceTimersByTimeAsync(3500);
    expect(r.starts).toHaveLength(1);
    expect(r.skipped).toEqual(['slow', 'slow']);
    r.finishAll();
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.starts).toHaveLength(2);
    r.finishAll();
    await stopAfterChecks(r);
  });

  it('follows updates: added probes start, removed ones stop, unchanged ones keep their timing', async () => {
    const r = record(10);
    r.schedule.update([probe('kept'), probe('removed')]);
    await vi.advanceTimersByTimeAsync(3000);
    const keptBefore = r.starts.filter((s) => s.id === 'kept').map((s) => s.atMs % 1000);
    r.schedule.update([probe('kept'), probe('added')]);
    await vi.advanceTimersByTimeAsync(3000);
    const after = r.starts.filter((s) => s.atMs >= START_MS + 3000);
    expect(after.filter((s) => s.id === 'removed')).toEqual([]);
    expect(after.filter((s) => s.id === 'added')).toHaveLength(3);
    const keptAfter = after.filter((s) => s.id === 'kept').map((s) => s.atMs % 1000);
    expect(keptAfter).toHaveLength(3);
    expect(new Set([...keptBefore, ...keptAfter]).size).toBe(1);
    expect(r.schedule.size).toBe(2);
    await stopAfterChecks(r);
  });

  it('takes a changed interval at once', async () => {
    const r = record(10);
    r.schedule.update([probe('p', 1000)]);
    await vi.advanceTimersByTimeAsync(2000);
    r.schedule.update([probe('p', 5000, 'v2')]);
    const before = r.starts.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.starts.length - before).toBe(2);
    await stopAfterChecks(r);
  });

  it('stops scheduling at once and resolves stop() only when the checks in flight have ended', async () => {
    const r = record();
    r.schedule.update([probe('a'), probe('b')]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.running()).toBe(2);
    let stopped = false;
    const stopping = r.schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(5000);
    expect(stopped).toBe(false);
    expect(r.starts).toHaveLength(2);
    r.finishAll();
    await stopping;
    expect(stopped).toBe(true);
  });
});
