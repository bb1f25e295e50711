// Forewarn's own HTTP probes as a SourceRunner: each probe of the applied definitions is checked on
// its schedule through the guarded outbound client; each verdict feeds the probe's SLIs (batched per
// second through ingest) and its entry in ctx.engine.metrics.probes (GET /api/v1/probes, /metrics).

import { performance } from 'node:perf_hooks';
import type { AppContext } from '../../app/context.js';
import type { Definitions } from '../../domain/definitions.js';
import { describeProbeReason } from '../../domain/probe-status.js';
import type { ProbeCheck, ProbeStatus } from '../../domain/probe-status.js';
import type { ProbeDef } from '../../domain/sources.js';
import type { OutboundClient, OutboundRequest } from '../../net/outbound-client.js';
import type { SourceRunner } from '../source-runner.js';
import { spoiledByStall } from './judge-probe-check.js';
import { ProbeSampleBatch } from './probe-sample-batch.js';
import { MIN_PROBE_INTERVAL_MS, ProbeSchedule } from './probe-schedule.js';
import { probeRequest, runProbeCheck } from './run-probe-check.js';
import { StallWatch } from './stall-watch.js';

export interface ProbeRunnerOptions {
  ctx: AppContext;
  /** The instance's guarded client: its allow-list decides which private targets a probe may reach. */
  outbound: OutboundClient;
  /** Results are ingested once per this period (default 1 s). */
  batchIntervalMs?: number;
  /** Clock for scheduling only (default: monotonic); samples take their time from ctx.clock. */
  scheduleNowMs?: () => number;
}

interface PlannedProbe {
  id: string;
  intervalMs: number;
  key: string;
  def: ProbeDef;
  request: OutboundRequest;
}

export function createProbeRunner(options: ProbeRunnerOptions): SourceRunner {
  const { ctx, outbound } = options;
  const board = ctx.engine.metrics.probes;
  const planned = new Map<string, PlannedProbe>();
  const batch = new ProbeSampleBatch(ctx, options.batchIntervalMs);
  // Watched only while there are probes: an instance without any has no timer waking it.
  let stalls: StallWatch | undefined;
  let stopped = false;
  let lastStallWarningMs = Number.NEGATIVE_INFINITY;
  const schedule = new ProbeSchedule<PlannedProbe>(
    {
      run: (probe) => check(probe),
      skipped: (probe) => {
        const status = board.get(probe.id);
        if (status !== undefined) status.skipped++;
      },
    },
    options.scheduleNowMs,
  );

  async function check(probe: PlannedProbe): Promise<void> {
    const startedAt = performance.now();
    const result = await runProbeCheck(outbound, probe.def, probe.request, ctx.clock.nowMs());
    // A probe removed while its check ran counts no more; a changed one counts for its new self.
    const current = planned.get(probe.id);
    if (current === undefined) return;
    if (!result.up) {
      const stalledMs = stalls?.longestWithin(startedAt, performance.now()) ?? 0;
      if (spoiledByStall(probe.def, result, stalledMs)) {
        inconclusive(probe.id, stalledMs);
        return;
      }
    }
    record(current.id, result);
    batch.add(probe.def, result);
  }

  function inconclusive(id: string, stalledMs: number): void {
    const status = board.get(id);
    if (status !== undefined) status.inconclusive++;
    const now = ctx.clock.nowMs();
    if (now - lastStallWarningMs < 60_000) return;
    lastStallWarningMs = now;
    ctx.logger.warn(
      { probe: id, stalledMs: Math.round(stalledMs) },
      `probe ${id}: check not counted, Forewarn's event loop was blocked ${Math.round(stalledMs)} ms during it`,
    );
  }

  function record(id: string, result: ProbeCheck): void {
    const status = board.get(id);
    if (status === undefined) return;
    const changed = status.last === undefined || status.last.up !== result.up;
    status.checks++;
    if (!result.up) status.failures++;
    status.last = result;
    if (!changed) return;
    status.sinceMs = result.atMs;
    ctx.logger.info(
      { probe: id, reason: result.reason.kind, status: result.status },
      result.up ? `probe ${id} up` : `probe ${id} down: ${describeProbeReason(result.reason)}`,
    );
  }

  return {
    update(definitions: Definitions): void {
      if (stopped) return;
      const next = new Map<string, PlannedProbe>();
      for (const def of definitions.probes ?? []) next.set(def.id, plan(def));
      for (const id of planned.keys()) if (!next.has(id)) board.delete(id);
      planned.clear();
      for (const [id, probe] of next) {
        planned.set(id, probe);
        const known = board.get(id);
        const described = describeTarget(probe.def);
        if (known === undefined) {
          board.set(id, { ...described, checks: 0, failures: 0, skipped: 0, inconclusive: 0 });
        } else {
          Object.assign(known, described);
        }
      }
      schedule.update([...next.values()]);
      if (next.size > 0) stalls ??= new StallWatch();
      else {
        stalls?.stop();
        stalls = undefined;
      }
    },
    async stop(): Promise<void> {
      stopped = true;
      await schedule.stop();
      stalls?.stop();
      stalls = undefined;
      await batch.close();
    },
  };
}

function plan(def: ProbeDef): PlannedProbe {
  const request = probeRequest(def);
  // Header values are Secrets that print as "<secret>": the key must see the revealed ones.
  const key = JSON.stringify({ ...def, headers: request.headers });
  return { id: def.id, intervalMs: def.intervalMs, key, def, request };
}

function describeTarget(
  def: ProbeDef,
): Pick<ProbeStatus, 'probeId' | 'serviceId' | 'method' | 'target' | 'intervalMs'> {
  let target: string;
  try {
    const url = new URL(def.url);
    target = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    target = '(not a valid URL)';
  }
  return {
    probeId: def.id,
    serviceId: def.serviceId,
    method: def.method,
    target,
    intervalMs: Math.max(MIN_PROBE_INTERVAL_MS, def.intervalMs),
  };
}
