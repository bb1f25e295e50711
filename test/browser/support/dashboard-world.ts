// A realistic world for the dashboard in a browser: three clients with their SLAs, a few hours of
// ordinary traffic behind them, and the Acme submissions latency that the walk-through drives to
// early warning, breach and back. Builders take overrides; each test makes what it needs.

import { ingestSamples } from '../../../src/app/ingest-samples.js';
import type { ContractTerms, Definitions } from '../../../src/domain/definitions.js';
import {
  aBudgetObjective,
  aContract,
  aLatencySli,
  aRatioSli,
  aThresholdObjective,
  anSla,
  DAY_MS,
  MINUTE_MS,
} from '../../support/builders.js';
import type { Harness } from '../../support/harness.js';
import { protocolDefinitions } from '../../support/protocol-builders.js';

/** Sunday 1 November 2026, 00:00 UTC: the month, and the walk-through's history, start here. */
export const WORLD_START_MS = Date.UTC(2026, 10, 1, 0, 0, 0);
/** 36 hours of ordinary traffic before anything happens: Monday 2 November, 12:00 UTC. */
export const HISTORY_MINUTES = 36 * 60;
export const ACME_LATENCY = 'acme-submissions/latency';
export const ACME_SLA = 'acme-submissions';

/** The first client notice is the team's to send from the composer (no automatic notice). */
export const composerFirst = (o: Partial<ContractTerms> = {}): ContractTerms =>
  aContract({ autoNotice: false, noticeFallback: 'remind-only', ...o });

/** Acme (the protocol definitions: latency and availability) plus Globex and Initech. */
export function worldDefinitions(contract: ContractTerms = composerFirst()): Definitions {
  const defs = protocolDefinitions(contract);
  const acme = defs.slas[0]!;
  acme.objectives.push(
    aBudgetObjective({
      name: 'Availability 99.9 % per calendar month',
      period: { kind: 'calendar-month' },
    }),
  );
  defs.clients.push(
    { id: 'globex', name: 'Globex Logistics', timeZone: 'Europe/Berlin', contacts: [] },
    { id: 'initech', name: 'Initech Bank', timeZone: 'America/New_York', contacts: [] },
  );
  defs.services.push(
    { id: 'tracking', name: 'Parcel tracking', roles: { 'on-call': { personId: 'alice' } } },
    { id: 'payments', name: 'Payments gateway', roles: { 'on-call': { personId: 'erin' } } },
  );
  defs.slis.push(
    aRatioSli({ id: 'tracking-requests', serviceId: 'tracking', name: 'Tracking lookups' }),
    aRatioSli({ id: 'payments-requests', serviceId: 'payments', name: 'Payments authorised' }),
    aLatencySli({ id: 'payments-latency', serviceId: 'payments', name: 'Authorisation latency' }),
  );
  defs.slas.push(
    anSla(
      [
        aBudgetObjective({
          slaId: 'globex-tracking',
          sliId: 'tracking-requests',
          name: 'Tracking availability 99.5 %',
          objectiveRatio: 0.995,
        }),
      ],
      {
        id: 'globex-tracking',
        clientId: 'globex',
        serviceId: 'tracking',
        name: 'Globex parcel tracking',
        contract: aContract(),
      },
    ),
    anSla(
      [
        aThresholdObjective({
          slaId: 'initech-payments',
          sliId: 'payments-latency',
          name: 'p99 authorisation within 1,500 ms',
          statistic: 'p99',
          threshold: 1500,
        }),
        aBudgetObjective({
          slaId: 'initech-payments',
          sliId: 'payments-requests',
          name: 'Authorisations 99.95 %',
          objectiveRatio: 0.9995,
          period: { kind: 'rolling', durationMs: 30 * DAY_MS },
        }),
      ],
      {
        id: 'initech-payments',
        clientId: 'initech',
        serviceId: 'payments',
        name: 'Initech payments',
        contract: aContract(),
      },
    ),
  );
  return defs;
}

/** A deterministic wobble with a daily rhythm, so charts look like traffic, not a ruler. */
function wobble(minute: number, amplitude: number): number {
  const day = Math.sin(((minute - 9 * 60) / (24 * 60)) * 2 * Math.PI);
  return amplitude * (day * 0.5 + Math.sin(minute / 7) * 0.3 + Math.sin(minute / 2.3) * 0.2);
}

/** A repeatable number in [0, 1) for each minute (the usual shader hash). */
const jitter = (minute: number): number => {
  const x = Math.sin(minute * 12.9898) * 43758.5453;
  return x - Math.floor(x);
};

/** Errors out of `total` in `minute`: `perMillion` on average, more at busy hours. */
const errors = (minute: number, total: number, perMillion: number): number =>
  Math.floor(((total * perMillion) / 1e6) * (1 + wobble(minute, 1)) + jitter(minute));

/** Sunday 14:00–14:20 UTC Acme had a bad deploy: 1 % errors, a dent in its monthly budget. */
const acmePerMillion = (minute: number): number =>
  minute >= 14 * 60 && minute < 14 * 60 + 20 ? 10_000 : 150;

/** Twenty latency values whose p95 is about `p95Ms` (as protocol-builders' driveLatency). */
export const latencyValues = (p95Ms: number, ts?: number) =>
  Array.from({ length: 20 }, (_, i) => ({
    sli: 'latency',
    value: Math.round((p95Ms * (10 + i)) / 29),
    ...(ts !== undefined ? { ts } : {}),
  }));

/**
 * Ordinary traffic for every client, minute by minute, for `minutes` from `startMs`: Acme's p95
 * around 420 ms, a trickle of errors everywhere. Pushed in 50-minute batches with timestamps
 * (late samples up to an hour are applied to their minute), then evaluated once per batch.
 */
export async function pushHistory(h: Harness, startMs: number, minutes: number): Promise<void> {
  const BATCH_MINUTES = 50; // the oldest sample of a batch is still under the 1 h late limit
  for (let from = 0; from < minutes; from += BATCH_MINUTES) {
    const items: Record<string, unknown[]> = { acme: [], globex: [], initech: [] };
    for (let m = from; m < Math.min(minutes, from + BATCH_MINUTES); m++) {
      const ts = startMs + m * MINUTE_MS + 30_000;
      items.acme!.push(...latencyValues(420 + wobble(m, 40), ts));
      items.acme!.push({
        sli: 'requests',
        good: 1200 - errors(m, 1200, acmePerMillion(m)),
        total: 1200,
        ts,
      });
      items.globex!.push({
        sli: 'tracking-requests',
        good: 3000 - errors(m, 3000, 600),
        total: 3000,
        ts,
      });
      items.initech!.push(
        { sli: 'payments-requests', good: 800 - errors(m, 800, 250), total: 800, ts },
        ...Array.from({ length: 10 }, (_, i) => ({
          sli: 'payments-latency',
          value: Math.round(300 + 60 * i + wobble(m + i, 80)),
          ts,
        })),
      );
    }
    h.clock.set(startMs + Math.min(minutes, from + BATCH_MINUTES) * MINUTE_MS);
    for (const [clientId, batch] of Object.entries(items)) {
      await ingestSamples(h.ctx, { clientId, items: batch });
    }
    await h.tick();
    await h.protocol();
  }
}

/**
 * Acme's latency at p95 `p95Ms` every `stepMs` for `ms`, from the fake clock's now, with the other
 * clients' traffic going on; evaluates and runs the protocol after each push. `until` stops early.
 */
export async function driveAcmeLatency(
  h: Harness,
  p95Ms: number,
  ms: number,
  o: { stepMs?: number; until?: () => boolean } = {},
): Promise<void> {
  const step = o.stepMs ?? 10_000;
  const end = h.clock.nowMs() + ms;
  while (h.clock.nowMs() < end && !(o.until?.() ?? false)) {
    h.clock.advance(step);
    const ts = h.clock.nowMs();
    await h.push([...latencyValues(p95Ms, ts), { sli: 'requests', good: 200, total: 200, ts }]);
    await ingestSamples(h.ctx, {
      clientId: 'globex',
      items: [{ sli: 'tracking-requests', good: 500, total: 500, ts }],
    });
    await h.tick();
    await h.protocol();
  }
}
