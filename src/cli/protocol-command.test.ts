import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../test/support/builders.js';
import { startHarness, type Harness } from '../../test/support/harness.js';
import { driveLatency, protocolDefinitions } from '../../test/support/protocol-builders.js';
import { Secret } from '../config/secret.js';
import { buildServer } from '../http/build-server.js';
import { CliError } from './cli-error.js';
import {
  clientReport,
  credits,
  figures,
  incident,
  incidents,
  watch,
  watches,
  type ProtocolOptions,
} from './protocol-command.js';

const ADMIN = 'test-admin-token-0123456789';
const START = Date.UTC(2026, 10, 2, 9, 0, 0);
let h: Harness;
let app: FastifyInstance;
let url: string;

type Command = (
  args: string[],
  env: Record<string, string | undefined>,
  options?: ProtocolOptions,
) => Promise<string>;

/** Runs a command against the server as a person would: its output, or its error and exit code. */
async function run(command: Command, args: string[]): Promise<{ out: string; code: number }> {
  try {
    const out = await command(
      [...args, '--url', url],
      { FOREWARN_ADMIN_TOKEN: ADMIN },
      {
        nowMs: () => h.clock.nowMs(),
      },
    );
    return { out, code: 0 };
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    return { out: err.message, code: err.exitCode };
  }
}

/** p95 latency of 700 ms from minute 2: past the warning line, short of the 800 ms threshold. */
async function earlyWarning(minutes = 6): Promise<string> {
  await driveLatency(h, START, 700, minutes);
  const [open] = await h.store.listWatches({ status: 'open', limit: 1 });
  return open!.id;
}

/** p95 latency of 1 s from minute 2: a breach a few minutes later (as the API tests drive it). */
async function breach(minutes = 10): Promise<string> {
  await driveLatency(h, START, 1000, minutes);
  const [open] = await h.store.listIncidents({ status: 'open', limit: 1 });
  return open!.id;
}

beforeEach(async () => {
  h = await startHarness(protocolDefinitions(), { startMs: START });
  app = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await app.close();
  await h.close();
});

describe('forewarn incidents', () => {
  it('lists open incidents with their stage and the next client deadline', async () => {
    const id = await breach();
    const { out, code } = await run(incidents, ['--status', 'open']);
    expect(code).toBe(0);
    const [head, row, ...rest] = out.split('\n');
    expect(head).toMatch(
      /^ID\s+STATUS\s+SERVICE\s+CLIENTS\s+DETECTED\s+STAGE\s+NEXT CLIENT DEADLINE$/,
    );
    expect(rest).toEqual([]);
    expect(row).toContain(id);
    expect(row).toMatch(/open\s+submissions\s+acme\s+2026-11-02 \d\d:\d\d:\d\dZ\s+contain\s+W /);
  });

  it('says so when nothing matches', async () => {
    expect(await run(incidents, ['--status', 'closed'])).toEqual({ out: 'No incidents.', code: 0 });
  });
});

describe('forewarn incident show', () => {
  it('summarises the incident: objectives, a shut recovery gate, clients, notices, ladder and timeline', async () => {
    const id = await breach();
    const { out, code } = await run(incident, ['show', id]);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Incident ${id}: `));
    expect(out).toMatch(/Objectives\n {2}\S+ \(SLA acme-submissions\): breach since /);
    expect(out).toMatch(/Recovery gate\n {2}shut; missing:\n {2}- \S+ is still in breach/);
    expect(out).toMatch(
      /Clients\n {2}acme \(SLA acme-submissions\): notice within — first notice /,
    );
    expect(out).toMatch(
      /Notices sent \(1\)\n {2}\S+ \S+ {2}breach to acme, by forewarn \(automatic\)\n {4}We are seeing /,
    );
    expect(out).toMatch(/Lever ladder\n {2}1\. feature-flag {8}—\n {2}2\. deploy-rollback/);
    expect(out).toMatch(/Timeline\n {2}2026-11-02 /);
  });

  it('prints the raw JSON with --json', async () => {
    const id = await breach();
    const { out } = await run(incident, ['show', id, '--json']);
    const view = JSON.parse(out) as { incident: { id: string }; recoveryGate: { open: boolean } };
    expect(view.incident.id).toBe(id);
    expect(view.recoveryGate.open).toBe(false);
  });
});

describe('forewarn incident notice', () => {
  it('shows the server’s draft and sends it when no texts are given, with W from --next-update-in', async () => {
    const id = await breach();
    const draft = (
      await app.inject({
        url: `/api/v1/incidents/${id}/notice-draft`,
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).json<{ draft: { seeing: string; doing: string; next: string } }>().draft;

    const { out, code } = await run(incident, [
      'notice',
      id,
      '--by',
      'frank',
      '--next-update-in',
      '30m',
    ]);
    expect(code).toBe(0);
    const w = h.clock.nowMs() + 30 * MINUTE_MS;
    expect(out).toContain(`Drafted update notice for acme:\n  We are seeing ${draft.seeing}.`);
    expect(out).toMatch(/\nSent update notice \S+ to acme by frank at /);

    const [stored] = await h.store.listIncidents({ status: 'open', limit: 1 });
    const sent = stored!.notices.at(-1)!;
    expect(sent).toMatchObject({
      sentBy: 'frank',
      seeing: draft.seeing,
      doing: draft.doing,
      next: draft.next,
      nextUpdateAtMs: w,
    });
    expect(stored!.clients[0]!.nextUpdateDueAtMs).toBe(w);
  });

  it('sends the texts it is given and lets the server draft the rest', async () => {
    const id = await breach();
    const { out, code } = await run(incident, [
      'notice',
      id,
      '--by',
      'frank',
      '--doing',
      'a rollback of this morning’s release',
    ]);
    expect(code).toBe(0);
    expect(out).not.toContain('Drafted');
    expect(out).toContain('We are doing a rollback of this morning’s release.');
  });

  it('prints each bad field with its value and what was expected, and exits 2', async () => {
    const id = await breach();
    const { out, code } = await run(incident, [
      'notice',
      id,
      '--seeing',
      'slow uploads',
      '--next-update-at',
      'tomorrow',
    ]);
    expect(code).toBe(2);
    expect(out.split('\n')).toEqual([
      'The notice has bad fields.',
      '  by: got nothing, expected text of 1 to 200 characters',
      '  nextUpdateAt: got "tomorrow", expected an ISO-8601 time such as "2026-11-27T10:30:00Z"',
    ]);
  });

  it('sends a W it cannot read as typed, so the server names it', async () => {
    const id = await breach();
    const { out, code } = await run(incident, [
      'notice',
      id,
      '--by',
      'frank',
      '--next-update-at',
      'after lunch',
    ]);
    expect(code).toBe(2);
    expect(out).toContain('  nextUpdateAt: got "after lunch", expected an ISO-8601 time');
  });

  it('refuses a duration it cannot read before asking the server', async () => {
    const { out, code } = await run(incident, [
      'notice',
      'any',
      '--by',
      'frank',
      '--next-update-in',
      'soon',
    ]);
    expect(code).toBe(2);
    expect(out).toMatch(/^--next-update-in: got "soon", expected a duration such as "30s"/);
  });
});

describe('forewarn incident steps', () => {
  it('prints the server’s refusal to resolve before recovery, with what is missing, and exits 2', async () => {
    const id = await breach();
    const { out, code } = await run(incident, [
      'resolve',
      id,
      '--by',
      'erin',
      '--root-cause',
      'bad deploy',
      '--fix',
      'rollback',
    ]);
    expect(code).toBe(2);
    const [message, ...missing] = out.split('\n');
    expect(message).toMatch(
      new RegExp(`^Incident ${id} cannot be resolved yet: .* still in breach`),
    );
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(
      /^ {2}missing: \S+ is still in breach; it must stay within its threshold for /,
    );
  });

  it('resolves with an override, then edits and shows the postmortem', async () => {
    const id = await breach();
    const resolved = await run(incident, [
      'resolve',
      id,
      '--by',
      'erin',
      '--root-cause',
      'bad deploy',
      '--fix',
      'rollback',
      '--override-reason',
      'the client confirmed normal service',
    ]);
    expect(resolved.code).toBe(0);
    expect(resolved.out).toMatch(
      /^Resolved by erin \(override\).*\nPostmortem opened, due 2026-11-0\d /,
    );
    const edited = await run(incident, [
      'postmortem',
      id,
      '--edit',
      '--by',
      'erin',
      '--summary',
      'Uploads were slow for 8 minutes.',
    ]);
    expect(edited.out).toContain('  summary: Uploads were slow for 8 minutes.');
    const committed = await run(incident, [
      'commit',
      id,
      '--by',
      'erin',
      '--title',
      'Canary deploys',
      '--owner',
      'erin',
      '--due',
      '7d',
    ]);
    expect(committed.out).toMatch(/^Commitment \S+: Canary deploys \(owner erin, due 2026-11-09 /);
    const markdown = await run(incident, ['postmortem', id, '--markdown']);
    expect(markdown.out).toMatch(/^# /);
    expect(markdown.out).toContain('Canary deploys');
  });

  it('records the levers in ladder order and acknowledges', async () => {
    const id = await breach();
    const ack = await run(incident, ['ack', id, '--by', 'alice']);
    expect(ack.out).toMatch(/^Acknowledged by alice at .*; escalation stops\./);
    const outOfOrder = await run(incident, [
      'lever',
      id,
      'deploy-rollback',
      'tried',
      '--by',
      'erin',
    ]);
    expect(outOfOrder.code).toBe(2);
    expect(outOfOrder.out).toMatch(/record "feature-flag" first/);
    const worked = await run(incident, ['lever', id, 'feature-flag', 'worked', '--by', 'erin']);
    expect(worked.out).toMatch(
      /^Recorded feature-flag: worked by erin at .*\nIncident \S+: open, stage resolve; /,
    );
  });

  it('shows the usage for an unknown step or a missing id', async () => {
    const unknown = await run(incident, ['reopen', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('forewarn incident show ID [--json]');
    const noId = await run(incident, ['ack', '--by', 'alice']);
    expect(noId.code).toBe(2);
    expect(noId.out).toContain('Usage: forewarn incident ack ID --by NAME');
  });
});

describe('forewarn watch', () => {
  it('shows the drafted heads-up of an open watch and sends it with --send', async () => {
    const id = await earlyWarning();
    const shown = await run(watch, ['show', id]);
    expect(shown.out).toMatch(
      /heads-up: undecided\n\nDrafted heads-up\n {2}We are seeing early signs/,
    );
    const sent = await run(watch, ['heads-up', id, '--by', 'dana', '--send']);
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(
      /^Drafted heads-up:\n {2}We are seeing early signs.*\nSent heads-up \S+ to acme by dana at /,
    );
    const [stored] = await h.store.listWatches({ status: 'open', limit: 1 });
    expect(stored!.headsUp).toMatchObject({ decision: 'sent', by: 'dana' });
  });

  it('needs --send or --decline, and the server needs a reason to decline', async () => {
    const id = await earlyWarning();
    expect((await run(watch, ['heads-up', id, '--by', 'dana'])).code).toBe(2);
    const declined = await run(watch, ['heads-up', id, '--by', 'dana', '--decline']);
    expect(declined).toEqual({
      out: 'Not sending a heads-up needs a reason.\n  missing: reason',
      code: 2,
    });
  });
});

describe('the rest of the protocol', () => {
  it('records a client report on the open incident and counts it in the figures', async () => {
    const id = await breach();
    const report = await run(clientReport, ['acme', '--text', 'Uploads time out since 09:05.']);
    expect(report.out).toMatch(new RegExp(`^Recorded report \\S+ from acme on incident ${id}\\.$`));
    const { out } = await run(figures, []);
    expect(out).toMatch(/^Overall: 1 incident, 1 affected client, 1 notice sent\n/);
    expect(out).toContain('\n\nacme: 1 incident');
  });

  it('lists watches and previews a credit statement', async () => {
    await breach();
    const list = await run(watches, []);
    expect(list.out).toMatch(/^ID\s+STATUS\s+SERVICE\s+CLIENT/);
    const preview = await run(credits, ['acme-submissions']);
    expect(preview.out).toMatch(
      /^Credit statement for SLA acme-submissions, 2026-11 \(preview: the month is still running\)\n/,
    );
    expect(preview.out).toContain('Not issued to the ledger.');
    const early = await run(credits, ['acme-submissions', '--issue']);
    expect(early.code).toBe(2);
  });
});

describe('reaching the server', () => {
  it('exits 1 with a sentence when nothing listens at the URL', async () => {
    const closed = await buildServer(h.ctx, { adminToken: new Secret(ADMIN), env: {} });
    const gone = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    try {
      await incidents(['--url', gone], { FOREWARN_ADMIN_TOKEN: ADMIN });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(1);
      expect((err as CliError).message).toMatch(`cannot reach Forewarn at ${gone} (ECONNREFUSED)`);
    }
  });

  it('needs the admin token', async () => {
    await expect(incidents(['--url', url], {})).rejects.toThrow(
      'forewarn incidents: set FOREWARN_ADMIN_TOKEN',
    );
  });

  it('prints the server’s refusal of a wrong token and exits 2', async () => {
    const wrong = await incidents(['--url', url], { FOREWARN_ADMIN_TOKEN: 'wrong' }).catch(
      (err: CliError) => err,
    );
    expect(wrong).toBeInstanceOf(CliError);
    expect((wrong as CliError).exitCode).toBe(2);
  });
});
