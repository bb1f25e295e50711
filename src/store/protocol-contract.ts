// The breach protocol part of the store contract (ProtocolStore), run on every database by the
// *-store.test.ts files: versioned watches and incidents, all-or-nothing commits, the timeline,
// client reports, the credit ledger and the transition cursor.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ClientReport,
  CreditLedgerEntry,
  ProtocolCommit,
  RecordedTransition,
  Store,
} from '../app/ports.js';
import type { Incident, TimelineEntry, Watch } from '../domain/protocol/case-files.js';
import { incidentSubject, watchSubject } from '../domain/protocol/case-files.js';
import {
  aClient,
  anIncident,
  anObjective,
  at,
  DETECTED_AT_MS,
  INCIDENT_ID,
  WATCH_ID,
} from '../domain/protocol/test-support/an-incident.js';
import { anOutboxEntry } from '../../test/support/outbox-builders.js';

const MINUTE_MS = 60_000;

/** The incident as first written: one objective, one client, nothing done yet. */
const aNewIncident = (o: Partial<Incident> = {}): Incident =>
  anIncident({
    version: 1,
    status: 'open',
    objectives: [anObjective({ status: 'breach', statusSinceMs: DETECTED_AT_MS })],
    clients: [aClient({ firstNoticeAtMs: undefined, nextUpdateDueAtMs: undefined })],
    notices: [],
    levers: [],
    acknowledged: undefined,
    resolution: undefined,
    postmortem: undefined,
    ...o,
  });

const aWatch = (o: Partial<Watch> = {}): Watch => ({
  id: WATCH_ID,
  version: 1,
  objectiveKey: 'acme-submissions/latency',
  incidentKey: `acme-submissions/latency@${at(8, 52)}`,
  slaId: 'acme-submissions',
  clientId: 'acme',
  serviceId: 'submissions',
  title: 'Submissions API: p95 latency close to its threshold',
  status: 'open',
  openedAtMs: at(8, 52),
  reason: {
    kind: 'fraction-of-threshold',
    observed: 640,
    threshold: 800,
    enterAt: 640,
    fractionOfThreshold: 0.8,
  },
  notices: [],
  ...o,
});

const anEntry = (o: Partial<TimelineEntry> = {}): TimelineEntry => ({
  subject: incidentSubject(INCIDENT_ID),
  atMs: DETECTED_AT_MS,
  kind: 'detected',
  actor: 'forewarn',
  text: 'Breach detected: observed 1240 ms breaks <= 800 ms over 5m.',
  ...o,
});

const aCredit = (o: Partial<CreditLedgerEntry> = {}): CreditLedgerEntry => ({
  key: 'acme-submissions|2026-11',
  slaId: 'acme-submissions',
  clientId: 'acme',
  period: '2026-11',
  issuedAtMs: Date.UTC(2026, 11, 1, 0, 5),
  amountMinor: 20_000,
  currency: 'EUR',
  statement: { tiers: [{ belowPercent: 99.9, creditPercent: 10 }], lines: [], totalMinor: 20_000 },
  ...o,
});

const aReport = (o: Partial<ClientReport> = {}): ClientReport => ({
  id: 'r-1',
  clientId: 'globex',
  incidentId: INCIDENT_ID,
  atMs: at(9, 10),
  source: 'email',
  text: 'Submissions fail with 503',
  ...o,
});

const aTransition = (o: Partial<RecordedTransition> = {}): RecordedTransition => ({
  objectiveKey: 'acme-submissions/latency',
  atMs: DETECTED_AT_MS,
  from: 'early-warning',
  to: 'breach',
  reason: {
    kind: 'threshold-crossed',
    observed: 1240,
    threshold: 800,
    comparator: '<=',
    measurementWindowMs: 5 * MINUTE_MS,
  },
  ...o,
});

/** Everything a commit can carry besides records: none of it may land when a record conflicts. */
const sideEffects = (): ProtocolCommit => ({
  timeline: [anEntry({ kind: 'acknowledged', actor: 'bob', text: 'Acknowledged.' })],
  notifications: [anOutboxEntry()],
  clientReports: [aReport()],
  credits: [aCredit()],
  transitionCursor: 7,
});

/** `open` returns a new, empty, not yet migrated store; each test opens its own and closes it. */
export function describeProtocolContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the breach protocol's records`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });
    afterEach(async () => store.close());

    const commitOk = async (commit: ProtocolCommit) => {
      const outcome = await store.commitProtocol(commit);
      expect(outcome.ok).toBe(true);
      return outcome;
    };

    /** What a rejected commit must have left untouched. */
    const expectNoSideEffects = async () => {
      expect(await store.listTimeline([incidentSubject(INCIDENT_ID)], 10)).toEqual([]);
      expect(await store.listNotifications({ limit: 10 })).toEqual([]);
      expect(await store.listClientReports({ limit: 10 })).toEqual([]);
      expect(await store.listCredits({ limit: 10 })).toEqual([]);
      expect(await store.protocolCursor()).toBe(0);
    };

    describe('watches and incidents', () => {
      it('reads back an incident and a watch exactly as they were written', async () => {
        const incident = anIncident({ version: 1 });
        const watch = aWatch({
          headsUp: { decision: 'declined', by: 'dana', atMs: at(8, 55), reason: 'too early' },
        });
        await commitOk({ incidents: [incident], watches: [watch] });

        expect(await store.getIncident(INCIDENT_ID)).toEqual(incident);
        expect(await store.getWatch(WATCH_ID)).toEqual(watch);
        expect(await store.getIncident('missing')).toBeUndefined();
        expect(await store.getWatch('missing')).toBeUndefined();
      });

      it('updates a record that is still at the version before the one written', async () => {
        await commitOk({ incidents: [aNewIncident()], watches: [aWatch()] });
        const incident = aNewIncident({
          version: 2,
          acknowledged: { by: 'bob', atMs: at(9, 2) },
        });
        const watch = aWatch({
          version: 2,
          status: 'became-incident',
          closedAtMs: DETECTED_AT_MS,
          incidentId: INCIDENT_ID,
        });
        await commitOk({ incidents: [incident], watches: [watch] });

        expect(await store.getIncident(INCIDENT_ID)).toEqual(incident);
        expect(await store.getWatch(WATCH_ID)).toEqual(watch);
      });

      it('rejects a stale incident version and writes nothing else of that commit', async () => {
        await commitOk({ incidents: [aNewIncident()] });
        await commitOk({ incidents: [aNewIncident({ version: 2, title: 'first writer' })] });

        const outcome = await store.commitProtocol({
          ...sideEffects(),
          watches: [aWatch()],
          incidents: [aNewIncident({ version: 2, title: 'second writer' })],
        });

        expect(outcome).toEqual({ ok: false, conflict: `incident ${INCIDENT_ID}` });
        expect((await store.getIncident(INCIDENT_ID))?.title).toBe('first writer');
        // The watch came first in the commit and was inserted before the conflict: rolled back.
        expect(await store.getWatch(WATCH_ID)).toBeUndefined();
        await expectNoSideEffects();
      });

      it('reports a second creation of the same incident or watch as a conflict, writing nothing', async () => {
        await commitOk({ incidents: [aNewIncident()], watches: [aWatch()] });
        expect(
          await store.commitProtocol({ ...sideEffects(), incidents: [aNewIncident()] }),
        ).toEqual({
          ok: false,
          conflict: `incident ${INCIDENT_ID}`,
        });
        expect(await store.commitProtocol({ ...sideEffects(), watches: [aWatch()] })).toEqual({
          ok: false,
          conflict: `watch ${WATCH_ID}`,
        });
        await expectNoSideEffects();
      });

      it('writes an incident that has no objectives or clients yet', async () => {
        const bare = aNewIncident({ objectives: [], clients: [] });
        await commitOk({ incidents: [bare] });
        expect(await store.getIncident(INCIDENT_ID)).toEqual(bare);
      });

      it('rejects a version that skips one, and a watch written over a stale version', async () => {
        await commitOk({ incidents: [aNewIncident()], watches: [aWatch()] });

        expect(await store.commitProtocol({ incidents: [aNewIncident({ version: 3 })] })).toEqual({
          ok: false,
          conflict: `incident ${INCIDENT_ID}`,
        });
        expect(
          await store.commitProtocol({
            ...sideEffects(),
            incidents: [aNewIncident({ version: 2 })],
            watches: [aWatch({ version: 3, status: 'breach-avoided' })],
          }),
        ).toEqual({ ok: false, conflict: `watch ${WATCH_ID}` });
        expect((await store.getIncident(INCIDENT_ID))?.version).toBe(1);
        expect((await store.getWatch(WATCH_ID))?.status).toBe('open');
        await expectNoSideEffects();
      });

      it('lets exactly one of two writers racing from the same version win', async () => {
        await commitOk({ incidents: [aNewIncident()] });
        const race = await Promise.all(
          ['alice', 'bob'].map((by) =>
            store.commitProtocol({
              incidents: [aNewIncident({ version: 2, acknowledged: { by, atMs: at(9, 2) } })],
              timeline: [anEntry({ kind: 'acknowledged', actor: by, text: 'Acknowledged.' })],
            }),
          ),
        );

        expect(race.filter((o) => o.ok)).toHaveLength(1);
        expect(race.filter((o) => !o.ok)).toEqual([
          { ok: false, conflict: `incident ${INCIDENT_ID}` },
        ]);
        const winner = race[0]!.ok ? 'alice' : 'bob';
        expect((await store.getIncident(INCIDENT_ID))?.acknowledged?.by).toBe(winner);
        const timeline = await store.listTimeline([incidentSubject(INCIDENT_ID)], 10);
        expect(timeline.map((e) => e.actor)).toEqual([winner]);
      });

      it('finds an incident by the key of each objective, including one that joined later', async () => {
        await commitOk({ incidents: [aNewIncident()] });
        const joined = anObjective({
          objectiveKey: 'globex-submissions/availability',
          incidentKey: `globex-submissions/availability@${at(9, 3)}`,
          slaId: 'globex-submissions',
          detectedAtMs: at(9, 3),
        });
        const first = aNewIncident().objectives[0]!;
        await commitOk({
          incidents: [aNewIncident({ version: 2, objectives: [first, joined] })],
        });

        expect(await store.incidentIdForKey(first.incidentKey)).toBe(INCIDENT_ID);
        expect(await store.incidentIdForKey(joined.incidentKey)).toBe(INCIDENT_ID);
        expect(await store.incidentIdForKey('acme-submissions/latency@0')).toBeUndefined();
      });

      it('lists incidents newest first, by status, service and client', async () => {
        const older = aNewIncident({ id: 'i-older', detectedAtMs: at(7, 0), status: 'resolved' });
        const newer = aNewIncident({ id: 'i-newer', detectedAtMs: at(11, 0) });
        const other = aNewIncident({
          id: 'i-other-service',
          serviceId: 'billing',
          detectedAtMs: at(10, 0),
        });
        await commitOk({ incidents: [older, newer, other] });
        // Globex is affected only from the second version of the newer incident.
        const globex = aClient({ clientId: 'globex', slaIds: ['globex-submissions'] });
        const newerV2 = { ...newer, version: 2, clients: [...newer.clients, globex] };
        await commitOk({ incidents: [newerV2] });

        const ids = (incidents: Incident[]) => incidents.map((i) => i.id);
        expect(ids(await store.listIncidents({ limit: 10 }))).toEqual([
          'i-newer',
          'i-other-service',
          'i-older',
        ]);
        expect(ids(await store.listIncidents({ limit: 2 }))).toEqual([
          'i-newer',
          'i-other-service',
        ]);
        expect(ids(await store.listIncidents({ status: 'open', limit: 10 }))).toEqual([
          'i-newer',
          'i-other-service',
        ]);
        expect(ids(await store.listIncidents({ serviceId: 'submissions', limit: 10 }))).toEqual([
          'i-newer',
          'i-older',
        ]);
        expect(ids(await store.listIncidents({ clientId: 'globex', limit: 10 }))).toEqual([
          'i-newer',
        ]);
        expect(
          ids(await store.listIncidents({ clientId: 'acme', status: 'resolved', limit: 10 })),
        ).toEqual(['i-older']);
        expect(await store.listIncidents({ clientId: 'initech', limit: 10 })).toEqual([]);
        expect((await store.listIncidents({ clientId: 'globex', limit: 1 }))[0]).toEqual(newerV2);
      });

      it('lists watches newest first, by status and client', async () => {
        const first = aWatch({ id: 'w-1', openedAtMs: at(8, 0) });
        const second = aWatch({ id: 'w-2', openedAtMs: at(8, 30), clientId: 'globex' });
        const third = aWatch({ id: 'w-3', openedAtMs: at(9, 0) });
        await commitOk({ watches: [first, second, third] });
        await commitOk({ watches: [{ ...third, version: 2, status: 'breach-avoided' }] });

        const ids = (watches: Watch[]) => watches.map((w) => w.id);
        expect(ids(await store.listWatches({ limit: 10 }))).toEqual(['w-3', 'w-2', 'w-1']);
        expect(ids(await store.listWatches({ status: 'open', limit: 10 }))).toEqual(['w-2', 'w-1']);
        expect(ids(await store.listWatches({ clientId: 'acme', limit: 10 }))).toEqual([
          'w-3',
          'w-1',
        ]);
        expect(ids(await store.listWatches({ clientId: 'acme', limit: 1 }))).toEqual(['w-3']);
      });
    });

    describe('the timeline', () => {
      it('lists the entries of the subjects asked for, oldest first, whatever the commit order', async () => {
        const incident = incidentSubject(INCIDENT_ID);
        const watch = watchSubject(WATCH_ID);
        await commitOk({
          timeline: [
            anEntry({ atMs: at(9, 8), kind: 'notice', actor: 'carol', text: 'Notice sent.' }),
            anEntry({ subject: incidentSubject('other'), atMs: at(9, 1) }),
          ],
        });
        await commitOk({
          timeline: [
            anEntry(),
            anEntry({ subject: watch, atMs: at(8, 52), kind: 'early-warning', text: 'Early.' }),
            anEntry({
              atMs: at(9, 8),
              kind: 'lever',
              actor: 'bob',
              text: 'Feature flag off: failed.',
              data: { lever: 'feature-flag', outcome: 'failed', durationMs: 310 },
            }),
          ],
        });

        const ofIncident = await store.listTimeline([incident], 10);
        expect(ofIncident.map((e) => [e.atMs, e.kind])).toEqual([
          [DETECTED_AT_MS, 'detected'],
          [at(9, 8), 'notice'], // same time: in the order written
          [at(9, 8), 'lever'],
        ]);
        expect(ofIncident[0]).not.toHaveProperty('data');
        expect(ofIncident[2]).toMatchObject({
          subject: incident,
          actor: 'bob',
          text: 'Feature flag off: failed.',
          data: { lever: 'feature-flag', outcome: 'failed', durationMs: 310 },
        });
        const both = await store.listTimeline([watch, incident], 10);
        expect(both.map((e) => e.subject)).toEqual([watch, incident, incident, incident]);
        expect((await store.listTimeline([watch, incident], 2)).map((e) => e.kind)).toEqual([
          'early-warning',
          'detected',
        ]);
        expect(await store.listTimeline([], 10)).toEqual([]);
      });
    });

    describe('client reports', () => {
      it('lists client reports newest first, by client', async () => {
        const { incidentId: _none, ...unmatched } = aReport({
          id: 'r-2',
          clientId: 'acme',
          atMs: at(9, 30),
          source: 'api',
          text: 'Slow uploads',
        });
        await commitOk({ clientReports: [aReport(), unmatched] });

        expect(await store.listClientReports({ limit: 10 })).toEqual([unmatched, aReport()]);
        expect(await store.listClientReports({ clientId: 'globex', limit: 10 })).toEqual([
          aReport(),
        ]);
        expect(await store.listClientReports({ limit: 1 })).toEqual([unmatched]);
      });
    });

    describe('the credit ledger', () => {
      it('writes a credit once: a second commit with its key writes nothing and reports no key', async () => {
        const first = await commitOk({ credits: [aCredit()] });
        expect(first).toEqual({ ok: true, creditsWritten: [aCredit().key] });

        const again = await commitOk({
          credits: [aCredit({ amountMinor: 1, issuedAtMs: Date.UTC(2026, 11, 1, 1, 5) })],
        });
        expect(again).toEqual({ ok: true, creditsWritten: [] });
        expect(await store.listCredits({ limit: 10 })).toEqual([aCredit()]);
      });

      it('reports only the new keys of a commit that mixes new and known credits', async () => {
        await commitOk({ credits: [aCredit()] });
        const october = aCredit({ key: 'acme-submissions|2026-10', period: '2026-10' });
        const globex = aCredit({
          key: 'globex-submissions|2026-11',
          slaId: 'globex-submissions',
          clientId: 'globex',
          amountMinor: 0,
          currency: null,
        });

        const outcome = await commitOk({ credits: [october, aCredit(), globex, globex] });

        expect(outcome).toEqual({ ok: true, creditsWritten: [october.key, globex.key] });
        expect(await store.listCredits({ limit: 10 })).toEqual([aCredit(), globex, october]);
        expect(await store.listCredits({ slaId: 'acme-submissions', limit: 10 })).toEqual([
          aCredit(),
          october,
        ]);
        expect(await store.listCredits({ clientId: 'globex', limit: 10 })).toEqual([globex]);
      });
    });

    describe('the transition cursor', () => {
      it('starts at 0, moves with the commits that carry it and stays with those that do not', async () => {
        expect(await store.protocolCursor()).toBe(0);
        await commitOk({ transitionCursor: 3 });
        expect(await store.protocolCursor()).toBe(3);
        await commitOk({ timeline: [anEntry()] });
        expect(await store.protocolCursor()).toBe(3);
        await commitOk({ transitionCursor: 12 });
        expect(await store.protocolCursor()).toBe(12);
      });

      it('reads the transitions after an id oldest first, with the episode start recorded', async () => {
        const early = aTransition({
          atMs: at(8, 52),
          from: 'ok',
          to: 'early-warning',
          episodeStartMs: at(8, 52),
        });
        const breach = aTransition({ episodeStartMs: at(8, 52) });
        const { episodeStartMs: _none, ...withoutEpisode } = aTransition({
          objectiveKey: 'globex-submissions/availability',
          atMs: at(9, 3),
          from: 'ok',
        });
        await store.recordTransitions([early, breach], []);
        await store.recordTransitions([withoutEpisode], []);

        const all = await store.readTransitionsAfter(0, 10);
        expect(all.map(({ id: _id, ...t }) => t)).toEqual([early, breach, withoutEpisode]);
        expect(all[2]).not.toHaveProperty('episodeStartMs');
        const ids = all.map((t) => t.id);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(await store.readTransitionsAfter(ids[0]!, 1)).toEqual([all[1]]);
        expect(await store.readTransitionsAfter(ids[2]!, 10)).toEqual([]);
      });
    });
  });
}
