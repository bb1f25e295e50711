import { afterEach, describe, expect, it } from 'vitest';
import {
  aClient,
  aContract,
  aLatencySli,
  aThresholdObjective,
  anSla,
  MINUTE_MS,
  someDefinitions,
} from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import type { Definitions } from '../domain/definitions.js';
import type { Incident, Watch } from '../domain/protocol/case-files.js';
import { advanceProtocol } from './advance-protocol.js';

const START = Date.UTC(2026, 10, 2, 9, 0, 0);
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function harness(defs: Definitions): Promise<Harness> {
  const h = await startHarness(defs, { startMs: START });
  harnesses.push(h);
  return h;
}

/** One latency SLI per objective, all of one service, each `max <= 800 ms over 10m`. */
function manyObjectives(n: number): Definitions {
  const ids = Array.from({ length: n }, (_, i) => `lat-${i}`);
  return someDefinitions({
    slis: ids.map((id) => aLatencySli({ id })),
    slas: [
      anSla(
        ids.map((id) =>
          aThresholdObjective({
            localId: id,
            sliId: id,
            statistic: 'max',
            measurementWindowMs: 10 * MINUTE_MS,
            earlyWarning: {},
          }),
        ),
        { contract: aContract() },
      ),
    ],
  });
}

/** Two services, each an SLA with p95 objectives at several thresholds on its own latency. */
function twoServices(): Definitions {
  const objectives = (slaId: string, sliId: string) =>
    [600, 700, 800, 900].map((threshold) =>
      aThresholdObjective({ slaId, localId: `p95-${threshold}`, sliId, threshold }),
    );
  return someDefinitions({
    clients: [aClient()],
    services: [
      { id: 'submissions', name: 'Submissions API', roles: {} },
      { id: 'search', name: 'Search API', roles: {} },
    ],
    slis: [aLatencySli({ id: 'lat-a' }), aLatencySli({ id: 'lat-b', serviceId: 'search' })],
    slas: [
      anSla(objectives('acme-submissions', 'lat-a')),
      anSla(objectives('acme-search', 'lat-b'), { id: 'acme-search', serviceId: 'search' }),
    ],
  });
}

/** p95 of the pushed values ≈ p95Ms. */
const around = (sli: string, p95Ms: number) =>
  Array.from({ length: 20 }, (_, i) => ({ sli, value: (p95Ms * (10 + i)) / 29 }));

/** a: up to 1,000 ms and back (warnings, breaches, recovery); b: up to 750 ms and back. */
async function drive(h: Harness, eachStep: () => Promise<unknown>) {
  for (let m = 0; m < 70; m += 1 / 6) {
    h.clock.set(START + Math.round(m * MINUTE_MS));
    const a = m < 5 ? 400 : m < 25 ? 400 + 30 * (m - 5) : m < 35 ? 1000 : 400;
    const b = m < 10 ? 400 : m < 20 ? 400 + 35 * (m - 10) : m < 30 ? 750 : 400;
    await h.push([...around('lat-a', a), ...around('lat-b', b)]);
    await h.tick();
    await eachStep();
  }
}

const withoutVersion = <T extends Incident | Watch>({ version: _v, ...rest }: T) => rest;

async function protocolRecords(h: Harness) {
  const incidents = await h.store.listIncidents({ limit: 100 });
  const watches = await h.store.listWatches({ limit: 100 });
  const timeline = await h.store.listTimeline(
    [...incidents.map((i) => `incident:${i.id}`), ...watches.map((w) => `watch:${w.id}`)],
    10_000,
  );
  return {
    incidents: incidents.map(withoutVersion),
    watches: watches.map(withoutVersion),
    timeline: timeline.map(({ id: _id, ...e }) => e),
  };
}

describe('advanceProtocol', () => {
  it('joins a mass breach of 450 objectives of one service into one incident, written once per batch of 200 transitions', async () => {
    const h = await harness(manyObjectives(450));
    const commits: number[] = [];
    const commit = h.store.commitProtocol.bind(h.store);
    h.store.commitProtocol = async (c) => {
      commits.push(c.incidents?.length ?? 0);
      return commit(c);
    };
    await h.push(Array.from({ length: 450 }, (_, i) => ({ sli: `lat-${i}`, value: 1500 })));
    const transitions = await h.tick();
    expect(transitions.filter((t) => t.to === 'breach')).toHaveLength(450);

    expect(await advanceProtocol(h.ctx)).toBe(450);

    expect(commits).toEqual([1, 1, 1]);
    const [incident, ...others] = await h.store.listIncidents({ limit: 10 });
    expect(others).toEqual([]);
    expect(incident?.objectives).toHaveLength(450);
    expect(incident?.version).toBe(3);
    for (const o of incident?.objectives ?? []) {
      expect(await h.store.incidentIdForKey(o.incidentKey)).toBe(incident?.id);
    }
    expect(await advanceProtocol(h.ctx)).toBe(0);
  });

  it('leaves the same watches, incidents and timeline when it handles transitions in batches as when it follows each tick', async () => {
    const stepwise = await harness(twoServices());
    await drive(stepwise, () => advanceProtocol(stepwise.ctx));
    const batched = await harness(twoServices());
    await drive(batched, () => Promise.resolve());
    expect(batched.transitions).toEqual(stepwise.transitions);
    expect(batched.transitions.length).toBeGreaterThan(20);
    expect(new Set(batched.transitions.map((t) => t.to))).toEqual(
      new Set(['early-warning', 'breach', 'recovered', 'ok']),
    );

    await advanceProtocol(batched.ctx);

    const expected = await protocolRecords(stepwise);
    expect(expected.incidents.length).toBeGreaterThan(0);
    expect(expected.watches.length).toBeGreaterThan(1);
    expect(await protocolRecords(batched)).toEqual(expected);
  });
});
