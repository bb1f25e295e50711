// GET /api/v1/probes: each probe's last check with its reason, latency and certificate days left,
// and its counts, as the probe runner keeps them in memory (nothing is read from the store).

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import { describeProbeReason } from '../domain/probe-status.js';
import type { ProbeStatus } from '../domain/probe-status.js';

export function registerProbeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/probes', async () => {
    const probes = [...ctx.engine.metrics.probes.values()]
      .sort((a, b) => (a.probeId < b.probeId ? -1 : a.probeId > b.probeId ? 1 : 0))
      .map(probeView);
    return { probes };
  });
}

export function probeView(status: ProbeStatus) {
  const last = status.last;
  return {
    id: status.probeId,
    serviceId: status.serviceId,
    method: status.method,
    target: status.target,
    intervalMs: status.intervalMs,
    /** null until the first check has ended. */
    up: last === undefined ? null : last.up,
    sinceMs: status.sinceMs ?? null,
    lastCheck:
      last === undefined
        ? null
        : {
            atMs: last.atMs,
            reason: last.reason,
            message: describeProbeReason(last.reason),
            latencyMs: last.latencyMs === undefined ? null : Math.round(last.latencyMs * 10) / 10,
            status: last.status ?? null,
            remoteAddress: last.remoteAddress ?? null,
            certificateDaysLeft: last.certificate?.daysLeft ?? null,
            certificateValidTo: last.certificate?.validTo ?? null,
          },
    checks: status.checks,
    failures: status.failures,
    skipped: status.skipped,
    inconclusive: status.inconclusive,
  };
}
