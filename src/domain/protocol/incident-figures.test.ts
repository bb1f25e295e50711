import { describe, expect, it } from 'vitest';
import type { Incident } from './case-files.js';
import {
  clientFirstFigures,
  incidentFigures,
  nearestRank,
  type ClientFirstFigures,
} from './incident-figures.js';
import {
  aClient,
  aLever,
  aNotice,
  anIncident,
  anObjective,
  at,
  MINUTE_MS,
} from './test-support/an-incident.js';

const min = (n: number) => n * MINUTE_MS;

/** Every number anywhere in a value, so a test can say none of them is NaN. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(numbersIn);
}

/** Just detected: one objective in breach, nobody told yet, nothing tried. */
const justDetected = (overrides: Partial<Incident> = {}): Incident =>
  anIncident({
    status: 'open',
    objectives: [anObjective({ status: 'breach', withinSinceMs: undefined })],
    clients: [aClient({ firstNoticeAtMs: undefined, nextUpdateDueAtMs: undefined })],
    notices: [],
    levers: [],
    resolution: undefined,
    postmortem: undefined,
    ...overrides,
  });

describe('incidentFigures on a resolved incident with two clients', () => {
  const figures = incidentFigures(anIncident());
  const [acme, globex] = figures.clients;

  it('measures each client’s time to first notice from its own breach: Acme 8 min, Globex 17 min', () => {
    expect(acme).toMatchObject({ clientId: 'acme', detectedAtMs: at(9, 0) });
    expect(acme?.timeToFirstNoticeMs).toBe(min(8));
    expect(globex).toMatchObject({ clientId: 'globex', detectedAtMs: at(9, 3) });
    expect(globex?.timeToFirstNoticeMs).toBe(min(17));
  });

  it('finds Acme told within its 15-minute notice time and Globex 2 minutes late', () => {
    expect(acme).toMatchObject({ noticeTimeMs: min(15), noticeTiming: 'within' });
    expect(globex).toMatchObject({ noticeTimeMs: min(15), noticeTiming: 'late' });
  });

  it('counts Globex as having reported the problem before we told it, and Acme not', () => {
    expect(globex?.clientReportedFirst).toBe(true);
    expect(acme?.clientReportedFirst).toBe(false);
  });

  it('counts the notices each client received', () => {
    expect(acme?.noticesSent).toBe(3);
    expect(globex?.noticesSent).toBe(2);
  });

  it('takes time to contain from the lever that worked, not the failed one before it', () => {
    expect(figures.timeToContainMs).toBe(min(25));
  });

  it('takes time to recover from the last objective back within its threshold', () => {
    expect(figures.timeToRecoverMs).toBe(min(29));
  });

  it('takes time to resolve from the resolution', () => {
    expect(figures.timeToResolveMs).toBe(min(65));
  });
});

describe('incidentFigures on incidents still running or cut short', () => {
  it('leaves every duration undefined on a just-detected incident, and no number is NaN', () => {
    const figures = incidentFigures(justDetected());
    expect(figures).toMatchObject({
      timeToContainMs: undefined,
      timeToRecoverMs: undefined,
      timeToResolveMs: undefined,
    });
    expect(figures.clients[0]).toMatchObject({
      timeToFirstNoticeMs: undefined,
      noticeTiming: 'pending',
      clientReportedFirst: false,
      noticesSent: 0,
    });
    expect(numbersIn(figures).every(Number.isFinite)).toBe(true);
  });

  it('calls an unsent notice missed once its due time has passed by the time the figures are taken', () => {
    expect(incidentFigures(justDetected(), at(9, 14)).clients[0]?.noticeTiming).toBe('pending');
    expect(incidentFigures(justDetected(), at(9, 16)).clients[0]?.noticeTiming).toBe('missed');
  });

  it('calls a notice missed when the incident was resolved without one', () => {
    const resolved = justDetected({ status: 'resolved', resolution: anIncident().resolution });
    expect(incidentFigures(resolved).clients[0]?.noticeTiming).toBe('missed');
  });

  it('counts a notice sent exactly at its due time as within', () => {
    const onTheDot = justDetected({ clients: [aClient({ firstNoticeAtMs: at(9, 15) })] });
    expect(incidentFigures(onTheDot).clients[0]?.noticeTiming).toBe('within');
  });

  it('counts a client that reported and was never told as having reported first', () => {
    const reported = justDetected({
      clients: [aClient({ firstNoticeAtMs: undefined, clientReportedAtMs: at(9, 5) })],
    });
    expect(incidentFigures(reported).clients[0]?.clientReportedFirst).toBe(true);
  });

  it('counts a report at the same moment as our notice as the client first: we did not beat them', () => {
    const tie = justDetected({
      clients: [aClient({ firstNoticeAtMs: at(9, 8), clientReportedAtMs: at(9, 8) })],
    });
    expect(incidentFigures(tie).clients[0]?.clientReportedFirst).toBe(true);
  });

  it('does not count a report after our notice as the client first', () => {
    const after = justDetected({
      clients: [aClient({ firstNoticeAtMs: at(9, 8), clientReportedAtMs: at(9, 9) })],
    });
    expect(incidentFigures(after).clients[0]?.clientReportedFirst).toBe(false);
  });

  it('is not contained by levers that were only tried, skipped or failed', () => {
    const levers = [
      aLever({ outcome: 'failed' }),
      aLever({ lever: 'deploy-rollback', outcome: 'skipped', note: 'no deploy today' }),
      aLever({ lever: 'migration-rollback', outcome: 'tried' }),
    ];
    expect(incidentFigures(justDetected({ levers })).timeToContainMs).toBeUndefined();
  });

  it('takes the earliest lever that worked even when records are out of order', () => {
    const levers = [
      aLever({ lever: 'data-correction', outcome: 'worked', atMs: at(9, 40) }),
      aLever({ lever: 'deploy-rollback', outcome: 'worked', atMs: at(9, 20) }),
    ];
    expect(incidentFigures(justDetected({ levers })).timeToContainMs).toBe(min(20));
  });

  it('has no time to recover while one objective is back within and another still breaches', () => {
    const objectives = [
      anObjective({ status: 'recovered', withinSinceMs: at(9, 27) }),
      anObjective({ objectiveKey: 'other', status: 'breach', withinSinceMs: undefined }),
    ];
    expect(incidentFigures(justDetected({ objectives })).timeToRecoverMs).toBeUndefined();
  });

  it('counts an objective in its recovery period as recovered, from when it came back within', () => {
    const objectives = [anObjective({ status: 'recovered', withinSinceMs: at(9, 27) })];
    expect(incidentFigures(justDetected({ objectives })).timeToRecoverMs).toBe(min(27));
  });

  it('has no time to recover for an incident without objectives', () => {
    expect(incidentFigures(justDetected({ objectives: [] })).timeToRecoverMs).toBeUndefined();
  });

  it('drops the time to resolve when a resolved incident was reopened by a relapse', () => {
    const reopened = anIncident({ status: 'open' });
    expect(incidentFigures(reopened).timeToResolveMs).toBeUndefined();
  });

  it('starts the clock of a client without a matching objective at the incident’s detection', () => {
    const stray = justDetected({
      clients: [aClient({ slaIds: ['unknown'], firstNoticeAtMs: at(9, 4) })],
    });
    expect(incidentFigures(stray).clients[0]).toMatchObject({
      detectedAtMs: at(9, 0),
      timeToFirstNoticeMs: min(4),
    });
  });
});

describe('nearestRank', () => {
  it.each([
    { values: [], percent: 50, expected: null },
    { values: [7], percent: 50, expected: 7 },
    { values: [7], percent: 90, expected: 7 },
    { values: [4, 1, 3, 2], percent: 50, expected: 2 },
    { values: [1, 2, 3], percent: 50, expected: 2 },
    { values: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], percent: 90, expected: 9 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], percent: 90, expected: 10 },
    { values: [3, 1, 2], percent: 100, expected: 3 },
    { values: [3, 1, 2], percent: 0, expected: 1 },
  ])(
    'gives the $percent th percentile of $values as $expected',
    ({ values, percent, expected }) => {
      expect(nearestRank(values, percent)).toBe(expected);
    },
  );

  it('does not reorder the values it is given', () => {
    const values = [3, 1, 2];
    nearestRank(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('clientFirstFigures across incidents', () => {
  // A: Acme 8 min (within), Globex 17 min (late, reported first); contained 25 min, recovered 29.
  const a = anIncident({ id: 'a' });
  // B: Acme 5 min (within); flag worked at 10 min; recovered at 40.
  const b = anIncident({
    id: 'b',
    clients: [aClient({ firstNoticeAtMs: at(9, 5) })],
    objectives: [anObjective({ withinSinceMs: at(9, 40) })],
    levers: [aLever({ outcome: 'worked', atMs: at(9, 10) })],
    notices: [aNotice({ sentAtMs: at(9, 5) })],
  });
  // C: still open; Acme reported at 20 min and was told at 30 (late); nothing worked yet.
  const c = justDetected({
    id: 'c',
    clients: [aClient({ firstNoticeAtMs: at(9, 30), clientReportedAtMs: at(9, 20) })],
    notices: [aNotice({ sentAtMs: at(9, 30) })],
  });
  // D: just detected; Acme's notice not due yet.
  const d = justDetected({ id: 'd' });
  const summary = clientFirstFigures([a, b, c, d]);

  it('counts incidents, affected clients and notices sent', () => {
    expect(summary.overall).toMatchObject({ incidents: 4, clientIncidents: 5, noticesSent: 7 });
  });

  it('takes the nearest-rank median and 90th percentile of 5, 8, 17 and 30 minutes to first notice', () => {
    expect(summary.overall.timeToFirstNoticeMs).toEqual({ median: min(8), p90: min(30) });
  });

  it('shares notices within their notice time among the decided ones, leaving the pending one out', () => {
    expect(summary.overall.notifiedWithinNoticeTime).toEqual({ count: 2, of: 4, ratio: 0.5 });
  });

  it('shares clients that reported first among all affected clients', () => {
    expect(summary.overall.clientReportedFirst).toEqual({ count: 2, of: 5, ratio: 0.4 });
  });

  it('takes the medians of time to contain and to recover over the incidents that got there', () => {
    expect(summary.overall.medianTimeToContainMs).toBe(min(10));
    expect(summary.overall.medianTimeToRecoverMs).toBe(min(29));
  });

  it('gives each client its own figures, counting an incident for every client it affected', () => {
    expect(Object.keys(summary.byClient)).toEqual(['acme', 'globex']);
    expect(summary.byClient.acme).toEqual<ClientFirstFigures>({
      incidents: 4,
      clientIncidents: 4,
      noticesSent: 5,
      timeToFirstNoticeMs: { median: min(8), p90: min(30) },
      notifiedWithinNoticeTime: { count: 2, of: 3, ratio: 2 / 3 },
      clientReportedFirst: { count: 1, of: 4, ratio: 0.25 },
      medianTimeToContainMs: min(10),
      medianTimeToRecoverMs: min(29),
    });
    expect(summary.byClient.globex).toEqual<ClientFirstFigures>({
      incidents: 1,
      clientIncidents: 1,
      noticesSent: 2,
      timeToFirstNoticeMs: { median: min(17), p90: min(17) },
      notifiedWithinNoticeTime: { count: 0, of: 1, ratio: 0 },
      clientReportedFirst: { count: 1, of: 1, ratio: 1 },
      medianTimeToContainMs: min(25),
      medianTimeToRecoverMs: min(29),
    });
  });

  it('gives nulls, never NaN, for no incidents at all', () => {
    expect(clientFirstFigures([])).toEqual({
      overall: {
        incidents: 0,
        clientIncidents: 0,
        noticesSent: 0,
        timeToFirstNoticeMs: { median: null, p90: null },
        notifiedWithinNoticeTime: { count: 0, of: 0, ratio: null },
        clientReportedFirst: { count: 0, of: 0, ratio: null },
        medianTimeToContainMs: null,
        medianTimeToRecoverMs: null,
      },
      byClient: {},
    });
  });

  it('gives nulls for shares and medians when the only incident has just been detected', () => {
    const only = clientFirstFigures([justDetected()]).overall;
    expect(only.timeToFirstNoticeMs).toEqual({ median: null, p90: null });
    expect(only.notifiedWithinNoticeTime.ratio).toBeNull();
    expect(only.clientReportedFirst).toEqual({ count: 0, of: 1, ratio: 0 });
    expect(numbersIn(only).every(Number.isFinite)).toBe(true);
  });

  it('counts a pending notice as missed when the figures are taken after its due time', () => {
    const late = clientFirstFigures([d], at(10, 0)).overall;
    expect(late.notifiedWithinNoticeTime).toEqual({ count: 0, of: 1, ratio: 0 });
  });
});
