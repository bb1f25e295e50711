// How well the protocol went, in numbers: per incident, how soon each client heard it from us
// (and whether they had to tell us first), and how long containment, recovery and resolution
// took; across incidents, the same figures as medians, 90th percentiles and shares.

import type { Incident, IncidentClient } from './case-files.js';

/**
 * Where a client's first notice stands against the contract's notice time.
 * `missed`: never sent although the due time has passed (or the incident was resolved without
 * one); `pending`: not sent yet and, as far as the figures know, not yet due.
 */
export type NoticeTiming = 'within' | 'late' | 'missed' | 'pending';

export interface ClientNoticeFigures {
  clientId: string;
  /** The client's clock starts at the first detection of one of its SLAs' objectives. */
  detectedAtMs: number;
  /** The contract's notice time: due time − the client's detection. */
  noticeTimeMs: number;
  noticeDueAtMs: number;
  firstNoticeAtMs: number | undefined;
  timeToFirstNoticeMs: number | undefined;
  noticeTiming: NoticeTiming;
  clientReportedAtMs: number | undefined;
  /** The client told us before we told them (or told us and never heard from us). */
  clientReportedFirst: boolean;
  /** Notices of any kind sent to this client during the incident. */
  noticesSent: number;
}

export interface IncidentFigures {
  incidentId: string;
  detectedAtMs: number;
  clients: ClientNoticeFigures[];
  /** The first lever that worked − detection; undefined while none has. */
  timeToContainMs: number | undefined;
  /** The last objective back within its threshold − detection; undefined while any is not. */
  timeToRecoverMs: number | undefined;
  /** Resolution − detection; undefined while the incident is open (also after a reopening). */
  timeToResolveMs: number | undefined;
}

/**
 * @param asOfMs when the figures are taken: an unsent notice whose due time has passed by then
 *   counts as missed. Without it, only a resolved or closed incident can have missed a notice.
 */
export function incidentFigures(incident: Incident, asOfMs?: number): IncidentFigures {
  const detected = incident.detectedAtMs;
  const contained = earliest(
    incident.levers.filter((l) => l.outcome === 'worked').map((l) => l.atMs),
  );
  return {
    incidentId: incident.id,
    detectedAtMs: detected,
    clients: incident.clients.map((c) => clientFigures(incident, c, asOfMs)),
    timeToContainMs: contained === undefined ? undefined : contained - detected,
    timeToRecoverMs: mapDefined(recoveredAtMs(incident), (at) => at - detected),
    timeToResolveMs:
      incident.status !== 'open' && incident.resolution !== undefined
        ? incident.resolution.atMs - detected
        : undefined,
  };
}

function clientFigures(
  incident: Incident,
  client: IncidentClient,
  asOfMs: number | undefined,
): ClientNoticeFigures {
  const detectedAtMs = clientDetectedAtMs(incident, client);
  const first = client.firstNoticeAtMs;
  const reported = client.clientReportedAtMs;
  return {
    clientId: client.clientId,
    detectedAtMs,
    noticeTimeMs: client.noticeDueAtMs - detectedAtMs,
    noticeDueAtMs: client.noticeDueAtMs,
    firstNoticeAtMs: first,
    timeToFirstNoticeMs: first === undefined ? undefined : first - detectedAtMs,
    noticeTiming: noticeTiming(incident, client, asOfMs),
    clientReportedAtMs: reported,
    clientReportedFirst: reported !== undefined && (first === undefined || reported <= first),
    noticesSent: incident.notices.filter((n) => n.clientId === client.clientId).length,
  };
}

/** A client that joined a running incident is on the clock from its own objective's breach. */
function clientDetectedAtMs(incident: Incident, client: IncidentClient): number {
  return (
    earliest(
      incident.objectives.filter((o) => client.slaIds.includes(o.slaId)).map((o) => o.detectedAtMs),
    ) ?? incident.detectedAtMs
  );
}

function noticeTiming(
  incident: Incident,
  client: IncidentClient,
  asOfMs: number | undefined,
): NoticeTiming {
  const first = client.firstNoticeAtMs;
  if (first !== undefined) return first <= client.noticeDueAtMs ? 'within' : 'late';
  if (incident.status !== 'open') return 'missed';
  return asOfMs !== undefined && asOfMs > client.noticeDueAtMs ? 'missed' : 'pending';
}

/** When the last objective came back within its threshold, once all of them are. */
function recoveredAtMs(incident: Incident): number | undefined {
  if (incident.objectives.length === 0) return undefined;
  let latest = -Infinity;
  for (const o of incident.objectives) {
    if (o.status !== 'ok' && o.status !== 'recovered') return undefined;
    if (o.withinSinceMs === undefined) return undefined;
    latest = Math.max(latest, o.withinSinceMs);
  }
  return latest;
}

function earliest(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : Math.min(...values);
}

const mapDefined = <T, U>(value: T | undefined, f: (v: T) => U): U | undefined =>
  value === undefined ? undefined : f(value);

// Across incidents -----------------------------------------------------------------------------

/** A count out of a total, and their ratio (null when the total is 0, never NaN). */
export interface Share {
  count: number;
  of: number;
  ratio: number | null;
}

export interface ClientFirstFigures {
  incidents: number;
  /** Affected clients summed over incidents: one per client per incident. */
  clientIncidents: number;
  noticesSent: number;
  /** Over the clients that were told; nearest-rank (see `nearestRank`). */
  timeToFirstNoticeMs: { median: number | null; p90: number | null };
  /** Out of the clients whose notice was sent or missed (pending ones are not yet decided). */
  notifiedWithinNoticeTime: Share;
  /** Out of all affected clients. */
  clientReportedFirst: Share;
  /** Over the incidents that were contained / recovered. */
  medianTimeToContainMs: number | null;
  medianTimeToRecoverMs: number | null;
}

export interface ClientFirstSummary {
  overall: ClientFirstFigures;
  /** Per client id; an incident counts for each client it affected. */
  byClient: Record<string, ClientFirstFigures>;
}

export function clientFirstFigures(
  incidents: readonly Incident[],
  asOfMs?: number,
): ClientFirstSummary {
  const figures = incidents.map((i) => incidentFigures(i, asOfMs));
  const clientIds = [...new Set(figures.flatMap((f) => f.clients.map((c) => c.clientId)))].sort();
  const byClient: Record<string, ClientFirstFigures> = {};
  for (const id of clientIds) {
    const theirs = figures.filter((f) => f.clients.some((c) => c.clientId === id));
    byClient[id] = summarise(theirs, (c) => c.clientId === id);
  }
  return { overall: summarise(figures, () => true), byClient };
}

function summarise(
  figures: readonly IncidentFigures[],
  counts: (c: ClientNoticeFigures) => boolean,
): ClientFirstFigures {
  const clients = figures.flatMap((f) => f.clients.filter(counts));
  const told = defined(clients.map((c) => c.timeToFirstNoticeMs));
  const decided = clients.filter((c) => c.noticeTiming !== 'pending');
  return {
    incidents: figures.length,
    clientIncidents: clients.length,
    noticesSent: clients.reduce((sum, c) => sum + c.noticesSent, 0),
    timeToFirstNoticeMs: { median: nearestRank(told, 50), p90: nearestRank(told, 90) },
    notifiedWithinNoticeTime: share(
      decided.filter((c) => c.noticeTiming === 'within').length,
      decided.length,
    ),
    clientReportedFirst: share(clients.filter((c) => c.clientReportedFirst).length, clients.length),
    medianTimeToContainMs: nearestRank(defined(figures.map((f) => f.timeToContainMs)), 50),
    medianTimeToRecoverMs: nearestRank(defined(figures.map((f) => f.timeToRecoverMs)), 50),
  };
}

const defined = (values: ReadonlyArray<number | undefined>): number[] =>
  values.filter((v): v is number => v !== undefined);

const share = (count: number, of: number): Share => ({
  count,
  of,
  ratio: of === 0 ? null : count / of,
});

/**
 * The nearest-rank percentile: the smallest value with at least `percent` % of the values at or
 * below it — the value at rank ⌈percent/100 × n⌉ of the sorted values (so the median of an even
 * count is the lower middle value, and every answer is a value that occurred). Null when empty.
 */
export function nearestRank(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}
