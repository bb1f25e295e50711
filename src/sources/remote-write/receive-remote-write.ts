// One Prometheus remote-write request: snappy block → prometheus.WriteRequest → samples by the
// applied `remoteWrite` rules → one ingest call (durable before the answer, like a push).
// A corrupt body is a 400 naming what is wrong (Prometheus does not retry 4xx); a storage failure
// stays a 5xx (Prometheus retries it) and puts the counter state back, so the retry counts the
// same increases again. A re-sent batch changes nothing: its samples are at or before each
// series' last timestamp, and its body digest is the ingest idempotency key.

import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import {
  REMOTE_WRITE_SAMPLE_COUNTS,
  type RemoteWriteCounters,
} from '../../app/instance-metrics.js';
import type { Engine } from '../../app/engine.js';
import { AppError } from '../../app/errors.js';
import { ingestSamples, type IngestResult } from '../../app/ingest-samples.js';
import type { Runtime } from '../../app/runtime.js';
import { CompiledRules, SeriesStates, type MapCounts } from './map-series.js';
import { decodeSnappy, SnappyError } from './snappy.js';
import { decodeWriteRequest, ProtobufError, WriteRequestView } from './write-request.js';

export const REMOTE_WRITE_CLIENT_ID = 'source:remote-write';
/**
 * Largest decoded body. A 2,000-sample request is about 200 KB decoded; 32 MiB is the limit
 * Prometheus itself puts on decoded remote-read bodies (storage/remote/codec.go decodeReadLimit).
 */
export const MAX_DECODED_BYTES = 32 * 1024 * 1024;

export interface RemoteWriteOutcome extends MapCounts {
  /** Samples handed to ingest after aggregation (ratio samples are per SLI and minute). */
  items: number;
  ingest: IngestResult | undefined;
}

/** Totals since start (the instance's /metrics counters) and the series whose counters are kept. */
export interface RemoteWriteStats extends RemoteWriteCounters {
  seriesTracked: number;
}

interface ReceiverState {
  series: SeriesStates;
  view: WriteRequestView;
  stats: RemoteWriteCounters;
}

const receivers = new WeakMap<Engine, ReceiverState>();
const compiled = new WeakMap<Runtime, CompiledRules>();

function receiverFor(ctx: AppContext): ReceiverState {
  let r = receivers.get(ctx.engine);
  if (r === undefined) {
    r = {
      // Forgotten after the sample age limit: older samples would be refused anyway.
      series: new SeriesStates(ctx.settings.maxSampleAgeMs),
      view: new WriteRequestView(),
      // The instance's counters, so /metrics shows them.
      stats: ctx.engine.metrics.remoteWrite,
    };
    receivers.set(ctx.engine, r);
  }
  return r;
}

function rulesFor(ctx: AppContext, runtime: Runtime): CompiledRules {
  let rules = compiled.get(runtime);
  if (rules === undefined) {
    rules = new CompiledRules(runtime.definitions.remoteWrite ?? [], runtime.sliById);
    for (const p of rules.problems) {
      ctx.logger.warn({ ...p }, 'remote-write rule left out');
    }
    compiled.set(runtime, rules);
  }
  return rules;
}

export async function receiveRemoteWrite(
  ctx: AppContext,
  body: Uint8Array,
  options: { maxDecodedBytes?: number } = {},
): Promise<RemoteWriteOutcome> {
  const runtime = ctx.engine.runtime;
  if (runtime === undefined) {
    throw new AppError('E_NOT_CONFIGURED', 'No definitions have been applied yet.');
  }
  const receiver = receiverFor(ctx);
  let decoded: Uint8Array;
  try {
    decoded = decodeSnappy(body, options.maxDecodedBytes ?? MAX_DECODED_BYTES);
  } catch (e) {
    if (!(e instanceof SnappyError)) throw e;
    throw bodyError(
      `The body is not a valid snappy block: ${e.message} (at compressed byte ${e.offset}).`,
      'a snappy block-compressed prometheus.WriteRequest (Content-Encoding: snappy)',
      e,
    );
  }
  const view = receiver.view;
  try {
    decodeWriteRequest(decoded, view);
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
    throw bodyError(
      `The body is not a valid prometheus.WriteRequest: ${e.message} (at decoded byte ${e.offset}).`,
      'a remote-write 1.0 prometheus.WriteRequest (protobuf)',
      e,
    );
  }
  const mapped = receiver.series.map(view, rulesFor(ctx, runtime), ctx.clock.nowMs());
  const stats = receiver.stats;
  stats.requests++;
  for (const k of REMOTE_WRITE_SAMPLE_COUNTS) stats[k] += mapped.counts[k];
  stats.items += mapped.items.length;
  const outcome: RemoteWriteOutcome = {
    ...mapped.counts,
    items: mapped.items.length,
    ingest: undefined,
  };
  if (mapped.items.length === 0) return outcome;
  try {
    outcome.ingest = await ingestSamples(ctx, {
      clientId: REMOTE_WRITE_CLIENT_ID,
      anySli: true,
      items: mapped.items,
      idempotencyKey: `remote-write:${createHash('sha256').update(body).digest('hex')}`,
    });
  } catch (e) {
    // Refused samples stay consumed (a 4xx is not retried); anything else will be retried.
    if (!(e instanceof AppError && e.status < 500)) mapped.undo();
    throw e;
  }
  return outcome;
}

export function remoteWriteStats(ctx: AppContext): RemoteWriteStats {
  const r = receiverFor(ctx);
  return { ...r.stats, seriesTracked: r.series.size };
}

function bodyError(message: string, expected: string, cause: Error): AppError {
  return new AppError('E_VALIDATION', message, {
    problems: [{ field: 'body', expected, message: cause.message }],
    cause,
  });
}
