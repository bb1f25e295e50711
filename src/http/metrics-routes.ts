// Forewarn's own metrics in the Prometheus text exposition format (version 0.0.4): ingest
// volume, evaluation tick time, transitions, objective states and outbox depth.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { ObjectiveStatus } from '../domain/objective-state.js';

const STATUSES: ObjectiveStatus[] = ['ok', 'early-warning', 'breach', 'recovered'];

function family(
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: Array<[labels: string, value: number]>,
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  return lines.join('\n');
}

export async function renderMetrics(ctx: AppContext): Promise<string> {
  const m = ctx.engine.metrics;
  const states: Record<ObjectiveStatus, number> = {
    ok: 0,
    'early-warning': 0,
    breach: 0,
    recovered: 0,
  };
  for (const o of ctx.engine.runtime?.objectives.values() ?? []) states[o.state.status]++;
  const outbox = await ctx.store.countNotifications();
  const tickMax = m.tickSecondsMax;
  m.tickSecondsMax = 0;
  return (
    [
      family('forewarn_ingest_samples_total', 'counter', 'Pushed samples, by outcome.', [
        ['{outcome="accepted"}', m.samplesAccepted],
        ['{outcome="refused"}', m.samplesRefused],
      ]),
      family('forewarn_ingest_batches_total', 'counter', 'Committed ingest requests, by kind.', [
        ['{kind="new"}', m.ingestBatches],
        ['{kind="duplicate"}', m.duplicateBatches],
      ]),
      family('forewarn_evaluation_ticks_total', 'counter', 'Evaluation ticks of every objective.', [
        ['', m.tickCount],
      ]),
      family(
        'forewarn_evaluation_tick_seconds_total',
        'counter',
        'Time spent in evaluation ticks.',
        [['', m.tickSecondsSum]],
      ),
      family('forewarn_evaluation_tick_last_seconds', 'gauge', 'Duration of the latest tick.', [
        ['', m.tickSecondsLast],
      ]),
      family(
        'forewarn_evaluation_tick_max_seconds',
        'gauge',
        'Longest tick since the previous scrape.',
        [['', tickMax]],
      ),
      family(
        'forewarn_transitions_total',
        'counter',
        'Objective transitions, by the state entered.',
        STATUSES.map((s) => [`{to="${s}"}`, m.transitions[s]]),
      ),
      family(
        'forewarn_objectives',
        'gauge',
        'Objectives, by state.',
        STATUSES.map((s) => [`{state="${s}"}`, states[s]]),
      ),
      family('forewarn_outbox_notifications', 'gauge', 'Notifications in the outbox, by status.', [
        ['{status="pending"}', outbox.pending],
        ['{status="delivered"}', outbox.delivered],
        ['{status="dead"}', outbox.dead],
      ]),
      ...probeFamilies(ctx),
      ...remoteWriteFamilies(ctx),
      ...prometheusPullFamilies(ctx),
    ].join('\n') + '\n'
  );
}

// Exposition format: a label value escapes backslash, double quote and line feed.
const labelValue = (v: string) => v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

function probeFamilies(ctx: AppContext): string[] {
  const probes = [...ctx.engine.metrics.probes.values()];
  if (probes.length === 0) return [];
  const label = (id: string, extra = '') => `{probe="${labelValue(id)}"${extra}}`;
  return [
    family(
      'forewarn_probe_checks_total',
      'counter',
      'HTTP probe checks, by result.',
      probes.flatMap((p): Array<[string, number]> => [
        [label(p.probeId, ',result="up"'), p.checks - p.failures],
        [label(p.probeId, ',result="down"'), p.failures],
        [label(p.probeId, ',result="inconclusive"'), p.inconclusive],
      ]),
    ),
    family(
      'forewarn_probe_up',
      'gauge',
      "1 when the probe's last check passed, 0 when it failed.",
      probes.flatMap((p): Array<[string, number]> =>
        p.last === undefined ? [] : [[label(p.probeId), p.last.up ? 1 : 0]],
      ),
    ),
    family(
      'forewarn_probe_certificate_expiry_timestamp_seconds',
      'gauge',
      "When the TLS certificate of the probe's last answer expires (as blackbox_exporter's probe_ssl_earliest_cert_expiry).",
      probes.flatMap((p): Array<[string, number]> => {
        const validTo = p.last?.certificate?.validTo;
        return validTo === undefined ? [] : [[label(p.probeId), Date.parse(validTo) / 1000]];
      }),
    ),
  ];
}

function remoteWriteFamilies(ctx: AppContext): string[] {
  const rw = ctx.engine.metrics.remoteWrite;
  if (rw.requests === 0) return [];
  return [
    family('forewarn_remote_write_requests_total', 'counter', 'Remote-write requests decoded.', [
      ['', rw.requests],
    ]),
    family(
      'forewarn_remote_write_samples_received_total',
      'counter',
      'Remote-written samples received.',
      [['', rw.samples]],
    ),
    family(
      'forewarn_remote_write_samples_ignored_total',
      'counter',
      'Remote-written samples not used, by reason.',
      [
        ['{reason="no-rule"}', rw.droppedSamples],
        ['{reason="repeated"}', rw.repeatedSamples],
        ['{reason="stale"}', rw.staleSamples],
        ['{reason="invalid"}', rw.invalidSamples],
      ],
    ),
    family(
      'forewarn_remote_write_items_total',
      'counter',
      'SLI samples (per SLI and minute) handed to the ingest after mapping.',
      [['', rw.items]],
    ),
    family(
      'forewarn_remote_write_series_dropped_total',
      'counter',
      'Remote-written series that matched no remoteWrite rule.',
      [['', rw.droppedSeries]],
    ),
  ];
}

function prometheusPullFamilies(ctx: AppContext): string[] {
  const pulls = [...ctx.engine.metrics.prometheusPulls.values()];
  if (pulls.length === 0) return [];
  const label = (p: { sourceId: string; sliId: string }) =>
    `{source="${labelValue(p.sourceId)}",sli="${labelValue(p.sliId)}"`;
  return [
    family(
      'forewarn_prometheus_queries_total',
      'counter',
      'Queries sent to a Prometheus source.',
      pulls.map((p): [string, number] => [`${label(p)}}`, p.queries]),
    ),
    family(
      'forewarn_prometheus_failures_total',
      'counter',
      'Failed pulls and refused samples of a Prometheus source (the log says why).',
      pulls.map((p): [string, number] => [`${label(p)}}`, p.failures]),
    ),
    family(
      'forewarn_prometheus_samples_total',
      'counter',
      'Samples pulled from a Prometheus source, by outcome.',
      pulls.flatMap((p): Array<[string, number]> => [
        [`${label(p)},outcome="ingested"}`, p.samples],
        [`${label(p)},outcome="duplicate"}`, p.duplicates],
        [`${label(p)},outcome="skipped"}`, p.skipped],
      ]),
    ),
  ];
}

export function registerMetricsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/metrics', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      .send(await renderMetrics(ctx)),
  );
}
