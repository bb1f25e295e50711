// The breach protocol as the seed document tells it, through the real use cases on a real SQLite
// store and a fake clock. Deliveries are read from the durable outbox: what is queued there is
// what the dispatcher sends (tested with real channels elsewhere).

import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.js';
import {
  acknowledgeIncident,
  recordClientReport,
  sendIncidentNotice,
} from '../../src/app/incident-notices.js';
import { recordLever } from '../../src/app/incident-containment.js';
import {
  addCommitment,
  completePostmortem,
  editPostmortem,
  resolveIncident,
} from '../../src/app/incident-resolution.js';
import { issueCredit } from '../../src/app/issue-credits.js';
import { decideHeadsUp } from '../../src/app/watch-heads-up.js';
import type { OutboxRecord } from '../../src/app/ports.js';
import { aContract, aThresholdObjective, DAY_MS, MINUTE_MS } from '../support/builders.js';
import { protocolDefinitions } from '../support/protocol-builders.js';
import { startHarness, type Harness } from '../support/harness.js';

const STEP_MS = 10_000;
const START = Date.UTC(2026, 10, 2, 9, 0, 0);

function latencies(p95Ms: number): number[] {
  return Array.from({ length: 20 }, (_, i) => Math.round((p95Ms * (10 + i)) / 29));
}

/** Runs the clock minute by minute (samples every 10 s), the evaluator and the protocol. */
async function run(
  h: Harness,
  p95At: (minute: number) => number,
  fromMinute: number,
  toMinute: number,
) {
  for (let t = fromMinute * MINUTE_MS; t <= toMinute * MINUTE_MS; t += STEP_MS) {
    h.clock.set(START + t);
    await h.push(latencies(p95At(t / MINUTE_MS)).map((value) => ({ sli: 'latency', value })));
    await h.tick();
    await h.protocol();
  }
}

/** Traffic keeps flowing: each call carries on from where the last one stopped. */
function traffic(h: Harness, p95At: (minute: number) => number) {
  let nextMs = START;
  return async (untilMs: number) => {
    for (; nextMs <= untilMs; nextMs += STEP_MS) {
      h.clock.set(nextMs);
      const minute = (nextMs - START) / MINUTE_MS;
      await h.push(latencies(p95At(minute)).map((value) => ({ sli: 'latency', value })));
      await h.tick();
      await h.protocol();
    }
    h.clock.set(untilMs);
    await h.protocol();
  };
}

async function outbox(h: Harness): Promise<OutboxRecord[]> {
  return (await h.store.listNotifications({ limit: 1000 })).sort((a, b) => a.seq - b.seq);
}

const line = (n: OutboxRecord) => `${n.audience}:${n.message.event}:${n.address ?? n.endpointId}`;

let h: Harness | undefined;
afterEach(async () => h?.close());

describe('the early-warning layer', () => {
  it('opens a watch, lets the product owner send a heads-up, and records "breach avoided" when the threshold is never crossed', async () => {
    h = await startHarness(protocolDefinitions(), { startMs: START });
    // Latency creeps to 700 ms by minute 18, then the slow query is rolled back.
    const p95 = (m: number) => (m < 10 ? 500 : m < 18 ? 500 + 25 * (m - 10) : 480);
    await run(h, p95, 0, 17);

    const [watch] = await h.store.listWatches({ status: 'open', limit: 10 });
    expect(watch).toBeDefined();
    const warned = (await outbox(h)).map(line);
    expect(warned).toEqual([
      'team:early-warning:alice@team.example',
      'team:early-warning:dana@team.example',
    ]);

    await decideHeadsUp(h.ctx, watch!.id, { by: 'dana', send: true });
    const headsUp = (await outbox(h)).filter((n) => n.audience === 'client');
    expect(headsUp.map(line)).toEqual(['client:early-warning:ops@acme.example']);
    expect(headsUp[0]!.message.seeing).toMatch(/^early signs of a problem with Submissions API/);

    await run(h, p95, 17, 40);
    const closed = await h.store.getWatch(watch!.id);
    expect(closed?.status).toBe('breach-avoided');
    expect(closed?.headsUp).toMatchObject({ decision: 'sent', by: 'dana' });
    expect(await h.store.listIncidents({ limit: 10 })).toEqual([]);
    const timeline = await h.store.listTimeline([`watch:${watch!.id}`], 100);
    expect(timeline.map((e) => e.kind)).toEqual([
      'early-warning',
      'heads-up-sent',
      'breach-avoided',
    ]);
  });

  it('refuses to decline a heads-up without a reason', async () => {
    h = await startHarness(protocolDefinitions(), { startMs: START });
    await run(h, (m) => (m < 10 ? 500 : 500 + 25 * (m - 10)), 0, 17);
    const [watch] = await h.store.listWatches({ status: 'open', limit: 10 });
    await expect(decideHeadsUp(h.ctx, watch!.id, { by: 'dana', send: false })).rejects.toThrow(
      /needs a reason/,
    );
  });
});

describe('the breach layer', () => {
  it('runs detect → notice before any page is acknowledged → W reminders and escalation → levers → recovery gate → postmortem → credit', async () => {
    // The communicator writes the first notice; the contract gives 15 min and updates every 30.
    h = await startHarness(protocolDefinitions(aContract({ autoNotice: false })), {
      startMs: START,
    });
    // Creeps from minute 10, crosses 800 ms near minute 22; fixed by a rollback at minute 70.
    const p95 = (m: number) => (m < 10 ? 500 : m < 70 ? Math.min(1200, 500 + 25 * (m - 10)) : 450);
    const until = traffic(h, p95);
    await until(START + 26 * MINUTE_MS);

    const [incident] = await h.store.listIncidents({ status: 'open', limit: 10 });
    expect(incident).toBeDefined();
    const detectedAt = incident!.detectedAtMs;
    expect(incident!.roles).toEqual({
      'tech-lead': 'erin',
      'product-owner': 'dana',
      communicator: 'frank',
      'on-call': 'alice',
    });
    expect(incident!.watchId).toBeDefined();
    expect(incident!.clients[0]!.noticeDueAtMs).toBe(detectedAt + 15 * MINUTE_MS);

    // Ten minutes in, with no notice yet, the communicator and PO are reminded.
    await until(detectedAt + 10 * MINUTE_MS + 1000);
    const reminders = (await outbox(h)).filter((n) => n.message.event === 'reminder');
    expect(reminders.map(line)).toEqual([
      'team:reminder:frank@team.example',
      'team:reminder:dana@team.example',
    ]);
    expect(reminders[0]!.message.seeing).toMatch(/first notice to Acme Corp is due by/);

    // The communicator sends it at 12 minutes, W = 30 minutes later; then on-call acknowledges.
    await until(detectedAt + 12 * MINUTE_MS);
    const w = detectedAt + 42 * MINUTE_MS;
    await sendIncidentNotice(h.ctx, incident!.id, {
      by: 'frank',
      doing: 'a rollback of the 09:30 release',
      nextUpdateAtMs: w,
    });
    await until(detectedAt + 13 * MINUTE_MS);
    const acked = await acknowledgeIncident(h.ctx, incident!.id, 'alice');
    const notice = acked.notices[0]!;
    expect(notice.sentAtMs - detectedAt).toBe(12 * MINUTE_MS);
    expect(notice.sentAtMs).toBeLessThan(acked.acknowledged!.atMs);
    const clientNotice = (await outbox(h)).find((n) => n.audience === 'client')!;
    expect(clientNotice.message.seeing).toMatch(/95th percentile|p95|response/i);
    expect(clientNotice.message.nextUpdateAtMs).toBe(w);

    // The client writes in after our notice: recorded, and they did not hear it from us last.
    await recordClientReport(h.ctx, { clientId: 'acme', text: 'Uploads are slow', source: 'api' });

    // W minus 5 minutes: a reminder; W passes with no update: the whole team is paged.
    await until(w - 5 * MINUTE_MS);
    await until(w + 1000);
    await h.protocol(); // once only
    const updates = (await outbox(h)).filter((n) => n.message.event === 'reminder').slice(2);
    expect(updates.map((n) => `${n.message.seeing.replace(/ by .*/, '')} → ${n.address}`)).toEqual([
      'the update promised to Acme Corp → frank@team.example',
      'the update promised to Acme Corp → dana@team.example',
      'the update promised to Acme Corp → erin@team.example',
      'the update promised to Acme Corp → dana@team.example',
      'the update promised to Acme Corp → frank@team.example',
      'the update promised to Acme Corp → alice@team.example',
    ]);

    // Containment: the flag does not apply (skipped with a reason), the rollback works.
    await expect(
      recordLever(h.ctx, incident!.id, { lever: 'deploy-rollback', outcome: 'tried', by: 'erin' }),
    ).rejects.toThrow(/record "feature-flag" first/);
    await recordLever(h.ctx, incident!.id, {
      lever: 'feature-flag',
      outcome: 'skipped',
      by: 'erin',
      note: 'no flag guards the upload path',
    });
    await recordLever(h.ctx, incident!.id, {
      lever: 'deploy-rollback',
      outcome: 'tried',
      by: 'erin',
    });
    await until(START + 70 * MINUTE_MS);
    await recordLever(h.ctx, incident!.id, {
      lever: 'deploy-rollback',
      outcome: 'worked',
      by: 'erin',
    });

    // Recovering: resolving before the recovery period is over says what is missing.
    await until(START + 80 * MINUTE_MS);
    const early = resolveIncident(h.ctx, incident!.id, {
      by: 'erin',
      rootCause: 'N+1 query',
      fix: 'rollback',
    });
    await expect(early).rejects.toBeInstanceOf(AppError);
    await expect(early).rejects.toThrow(/cannot be resolved yet: .*recovery period/);

    await until(START + 90 * MINUTE_MS);
    const gateOpen = (await outbox(h)).filter((n) => n.message.seeing.includes('stayed within'));
    expect(gateOpen.map((n) => n.address)).toEqual(['erin@team.example', 'frank@team.example']);
    const resolved = await resolveIncident(h.ctx, incident!.id, {
      by: 'erin',
      rootCause: 'an N+1 query in the 09:30 release',
      fix: 'rolled back; query batched in the next release',
    });
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolution?.overrideReason).toBeUndefined();
    const resolution = (await outbox(h)).filter((n) => n.message.event === 'resolved');
    expect(resolution.map(line)).toEqual(['client:resolved:ops@acme.example']);
    expect(resolved.postmortem!.dueAtMs - resolved.resolution!.atMs).toBe(5 * DAY_MS);

    // The postmortem is due within the week; overdue, the tech lead and PO are reminded.
    h.clock.set(resolved.postmortem!.dueAtMs + MINUTE_MS);
    await h.protocol();
    expect((await outbox(h)).some((n) => n.message.seeing.includes('postmortem of incident'))).toBe(
      true,
    );
    await editPostmortem(h.ctx, incident!.id, {
      by: 'erin',
      summary: 'Slow uploads for 38 minutes.',
    });
    await expect(completePostmortem(h.ctx, incident!.id, 'erin')).rejects.toThrow(
      /at least one structural-fix commitment/,
    );
    await addCommitment(h.ctx, incident!.id, {
      by: 'erin',
      title: 'Query-count budget in CI',
      owner: 'erin',
      dueAtMs: h.clock.nowMs() + 14 * DAY_MS,
    });
    const done = await completePostmortem(h.ctx, incident!.id, 'erin');
    expect(done.stages.postmortem.doneAtMs).toBeDefined();

    // Make right: November closes in the client's zone; the credit is computed once.
    h.clock.set(Date.UTC(2026, 11, 1, 1, 0));
    const first = await issueCredit(h.ctx, 'acme-submissions', '2026-11');
    const again = await issueCredit(h.ctx, 'acme-submissions', '2026-11');
    expect(first.written).toBe(true);
    expect(again.written).toBe(false);
    expect(first.entry.amountMinor).toBe(20_000); // 10 % of EUR 2,000
    expect(await h.store.listCredits({ slaId: 'acme-submissions', limit: 10 })).toHaveLength(1);

    const timeline = await h.store.listTimeline([`incident:${incident!.id}`], 200);
    const kinds = timeline.map((e) => e.kind);
    for (const kind of [
      'detected',
      'reminder',
      'notice',
      'acknowledged',
      'client-reported',
      'escalation',
      'lever',
      'recovering',
      'recovery-complete',
      'recovery-gate-open',
      'resolved',
      'postmortem-opened',
      'commitment',
      'postmortem-done',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('sends the drafted notice automatically when the notice time runs out and the contract says so', async () => {
    h = await startHarness(
      protocolDefinitions(aContract({ autoNotice: false, noticeFallback: 'auto-send' })),
      {
        startMs: START,
      },
    );
    await run(h, (m) => (m < 10 ? 500 : 1000), 0, 16);
    const [incident] = await h.store.listIncidents({ status: 'open', limit: 1 });
    h.clock.set(incident!.clients[0]!.noticeDueAtMs);
    await h.protocol();
    const after = await h.store.getIncident(incident!.id);
    expect(after!.notices).toHaveLength(1);
    expect(after!.notices[0]).toMatchObject({
      automatic: true,
      sentBy: 'forewarn',
      kind: 'breach',
    });
    expect(after!.clients[0]!.firstNoticeAtMs).toBe(incident!.clients[0]!.noticeDueAtMs);
    expect((await outbox(h)).filter((n) => n.audience === 'client').map(line)).toEqual([
      'client:breach:ops@acme.example',
    ]);
  });

  it('records the automatic notice at detection as the first notice, so the client heard first', async () => {
    h = await startHarness(protocolDefinitions(aContract({ autoNotice: true })), {
      startMs: START,
    });
    await run(h, (m) => (m < 10 ? 500 : 1000), 0, 16);
    const [incident] = await h.store.listIncidents({ status: 'open', limit: 1 });
    expect(incident!.notices[0]).toMatchObject({ automatic: true, kind: 'breach' });
    expect(incident!.clients[0]!.firstNoticeAtMs).toBe(incident!.detectedAtMs);
    expect(incident!.stages.communicate.doneAtMs).toBe(incident!.detectedAtMs);
  });

  it('joins a second objective of the same service that breaches while the incident is open', async () => {
    const defs = protocolDefinitions();
    defs.slas[0]!.objectives.push(
      aThresholdObjective({
        localId: 'latency-p99',
        key: 'acme-submissions/latency-p99',
        statistic: 'p99',
        threshold: 900,
      }),
    );
    h = await startHarness(defs, { startMs: START });
    await run(h, (m) => (m < 5 ? 500 : 1200), 0, 12);
    const incidents = await h.store.listIncidents({ limit: 10 });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.objectives.map((o) => o.objectiveKey).sort()).toEqual([
      'acme-submissions/latency',
      'acme-submissions/latency-p99',
    ]);
  });
});
