// The breach protocol at a terminal: incidents, watches, client reports, figures and credits,
// each a thin call to a running server's API. The server validates and decides; this file
// reads flags, sends them as they are and prints the answer.

import { parseArgs } from 'node:util';
import type { IncidentView } from '../app/incident-views.js';
import type { ClientReport } from '../app/ports.js';
import { DURATION_EXPECTED, parseDuration } from '../config/duration.js';
import type { Incident, Watch } from '../domain/protocol/case-files.js';
import type { NoticeDraft } from '../domain/protocol/draft-notice.js';
import type { ClientFirstSummary } from '../domain/protocol/incident-figures.js';
import { noticeSentences } from '../domain/protocol/postmortem-markdown.js';
import { apiClient, type ApiClient } from './api-client.js';
import { CliError } from './cli-error.js';
import {
  currentStage,
  incidentSummary,
  incidentTable,
  nextClientDeadline,
  postmortemLines,
} from './incident-text.js';
import {
  creditText,
  draftSentences,
  figuresText,
  watchSummary,
  watchTable,
  type CreditAnswer,
  type WatchView,
} from './protocol-text.js';
import { formatInstant } from './terminal-text.js';

type Env = Record<string, string | undefined>;
type Values = Record<string, string | boolean | undefined>;

export interface ProtocolOptions {
  /** The CLI's clock, for `--next-update-in 30m` and "3m ago"; tests pass the server's. */
  nowMs?: () => number;
}

interface Step {
  api: ApiClient;
  values: Values;
  /** The positional arguments: the id first, then (for levers) lever and outcome. */
  ids: string[];
  nowMs: number;
}

interface Spec {
  usage: string;
  strings?: string[];
  booleans?: string[];
  positionals: number;
  run(step: Step): Promise<string>;
}

const str = (v: Values, name: string): string | undefined =>
  typeof v[name] === 'string' ? v[name] : undefined;

/** The fields that were given, for a JSON body; the server says which ones are missing. */
const given = (fields: Record<string, string | boolean | undefined>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

const enc = encodeURIComponent;
const incidentPath = (id: string, rest = '') => `/api/v1/incidents/${enc(id)}${rest}`;
const json = (value: unknown) => JSON.stringify(value, null, 2);

/** An instant flag: a duration from now ("7d") becomes a time; anything else goes as it is. */
function when(value: string | undefined, nowMs: number): string | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  return ms === undefined ? value : new Date(nowMs + ms).toISOString();
}

/** W from --next-update-at ISO or --next-update-in DURATION. */
function nextUpdateAt(v: Values, nowMs: number, usage: string): string | undefined {
  const at = str(v, 'next-update-at');
  const inText = str(v, 'next-update-in');
  if (at !== undefined && inText !== undefined) {
    throw usageError('give --next-update-at or --next-update-in, not both', usage);
  }
  if (inText === undefined) return at;
  const ms = parseDuration(inText);
  if (ms === undefined) {
    throw usageError(`--next-update-in: got "${inText}", expected ${DURATION_EXPECTED}`, usage);
  }
  return new Date(nowMs + ms).toISOString();
}

const usageError = (problem: string, usage: string) =>
  new CliError(`${problem}\n\nUsage: ${usage}`, 2);

/**
 * A draft to send as it is shown: its texts, and W as drafted unless one was given (sent as
 * typed, so the server judges it).
 */
function sendingDraft(
  draft: NoticeDraft,
  w: string | undefined,
): { shown: string; fields: Record<string, string | undefined> } {
  const drafted = draft.nextUpdateAtMs;
  const givenMs = w === undefined ? undefined : Date.parse(w);
  const promisedMs = givenMs !== undefined && Number.isFinite(givenMs) ? givenMs : drafted;
  return {
    shown: draftSentences({ ...draft, nextUpdateAtMs: promisedMs }),
    fields: {
      seeing: draft.seeing,
      doing: draft.doing,
      next: draft.next,
      nextUpdateAt: w ?? (drafted !== undefined ? new Date(drafted).toISOString() : undefined),
    },
  };
}

/** One line after a step: where the incident stands now. */
function standing(incident: Incident, nowMs: number): string {
  const deadline = nextClientDeadline(incident, nowMs);
  return `Incident ${incident.id}: ${incident.status}, stage ${currentStage(incident)}${deadline === '—' ? '' : `; next client deadline: ${deadline}`}.`;
}

const NOTICE_TEXTS = ['client', 'seeing', 'doing', 'next', 'next-update-at', 'next-update-in'];

// Incidents ------------------------------------------------------------------------------------

const INCIDENT: Record<string, Spec> = {
  show: {
    usage: 'forewarn incident show ID [--json]',
    booleans: ['json'],
    positionals: 1,
    async run({ api, values, ids: [id = ''], nowMs }) {
      const view = await api.get<IncidentView>(incidentPath(id));
      return values.json === true ? json(view) : incidentSummary(view, nowMs);
    },
  },
  notice: {
    usage:
      'forewarn incident notice ID --by NAME [--client ID] [--seeing X] [--doing Y] [--next Z] [--next-update-at ISO | --next-update-in 30m]',
    strings: ['by', ...NOTICE_TEXTS],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const w = nextUpdateAt(v, nowMs, INCIDENT.notice?.usage ?? '');
      const texts = { seeing: str(v, 'seeing'), doing: str(v, 'doing'), next: str(v, 'next') };
      const lines: string[] = [];
      let body = given({ by: str(v, 'by'), clientId: str(v, 'client'), ...texts, nextUpdateAt: w });
      if (Object.values(texts).every((t) => t === undefined)) {
        const { draft } = await api.get<{ draft: NoticeDraft & { clientId: string } }>(
          incidentPath(id, '/notice-draft'),
          { client: str(v, 'client') },
        );
        const { shown, fields } = sendingDraft(draft, w);
        lines.push(`Drafted ${draft.kind} notice for ${draft.clientId}:`, `  ${shown}`);
        body = given({ by: str(v, 'by'), clientId: draft.clientId, ...fields });
      }
      const { incident } = await api.post<{ incident: Incident }>(
        incidentPath(id, '/notices'),
        body,
      );
      const notice = incident.notices.at(-1);
      if (notice !== undefined) {
        lines.push(
          `Sent ${notice.kind} notice ${notice.id} to ${notice.clientId} by ${notice.sentBy} at ${formatInstant(notice.sentAtMs)}:`,
          `  ${noticeSentences(notice)}`,
        );
      }
      return [...lines, standing(incident, nowMs)].join('\n');
    },
  },
  ack: {
    usage: 'forewarn incident ack ID --by NAME',
    strings: ['by'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const { incident } = await api.post<{ incident: Incident }>(
        incidentPath(id, '/ack'),
        given({ by: str(v, 'by') }),
      );
      const ack = incident.acknowledged;
      return [
        ack !== undefined
          ? `Acknowledged by ${ack.by} at ${formatInstant(ack.atMs)}; escalation stops.`
          : 'Not acknowledged.',
        standing(incident, nowMs),
      ].join('\n');
    },
  },
  lever: {
    usage:
      'forewarn incident lever ID LEVER OUTCOME --by NAME [--note TEXT] [--run-action]\n' +
      '    LEVER: feature-flag, deploy-rollback, migration-rollback, data-correction; OUTCOME: tried, skipped, worked, failed',
    strings: ['by', 'note'],
    booleans: ['run-action'],
    positionals: 3,
    async run({ api, values: v, ids: [id = '', lever, outcome], nowMs }) {
      const { incident } = await api.post<{ incident: Incident }>(
        incidentPath(id, '/levers'),
        given({
          lever,
          outcome,
          by: str(v, 'by'),
          note: str(v, 'note'),
          runAction: v['run-action'] === true ? true : undefined,
        }),
      );
      const r = incident.levers.at(-1);
      const action =
        r?.action === undefined
          ? []
          : [
              r.action.ok
                ? `  its action ran: HTTP ${r.action.status ?? '?'} in ${r.action.durationMs} ms`
                : `  its action failed: ${r.action.reason ?? 'unknown'} (not retried by itself)`,
            ];
      return [
        r !== undefined
          ? `Recorded ${r.lever}: ${r.outcome} by ${r.by} at ${formatInstant(r.atMs)}.`
          : 'Recorded.',
        ...action,
        standing(incident, nowMs),
      ].join('\n');
    },
  },
  resolve: {
    usage:
      'forewarn incident resolve ID --by NAME --root-cause TEXT --fix TEXT [--override-reason TEXT]',
    strings: ['by', 'root-cause', 'fix', 'override-reason'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const { incident } = await api.post<{ incident: Incident }>(
        incidentPath(id, '/resolve'),
        given({
          by: str(v, 'by'),
          rootCause: str(v, 'root-cause'),
          fix: str(v, 'fix'),
          overrideReason: str(v, 'override-reason'),
        }),
      );
      const r = incident.resolution;
      const pm = incident.postmortem;
      return [
        `Resolved by ${r?.by ?? '?'}${r?.overrideReason !== undefined ? ' (override)' : ''}; the clients were sent the resolution notice.`,
        ...(pm !== undefined ? [`Postmortem opened, due ${formatInstant(pm.dueAtMs)}.`] : []),
        standing(incident, nowMs),
      ].join('\n');
    },
  },
  postmortem: {
    usage:
      'forewarn incident postmortem ID [--markdown]\n' +
      '  forewarn incident postmortem ID --edit --by NAME [--summary T] [--root-cause T] [--what-happened T] [--lessons T]\n' +
      '  forewarn incident postmortem ID --complete --by NAME',
    strings: ['by', 'summary', 'root-cause', 'what-happened', 'lessons'],
    booleans: ['markdown', 'edit', 'complete'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const modes = ['markdown', 'edit', 'complete'].filter((m) => v[m] === true);
      if (modes.length > 1) {
        throw usageError(
          `choose one of ${modes.map((m) => `--${m}`).join(', ')}`,
          INCIDENT.postmortem?.usage ?? '',
        );
      }
      if (v.markdown === true) return api.getText(incidentPath(id, '/postmortem.md'));
      let incident: Incident;
      if (v.edit === true) {
        ({ incident } = await api.patch<{ incident: Incident }>(
          incidentPath(id, '/postmortem'),
          given({
            by: str(v, 'by'),
            summary: str(v, 'summary'),
            rootCause: str(v, 'root-cause'),
            whatHappened: str(v, 'what-happened'),
            lessons: str(v, 'lessons'),
          }),
        ));
      } else if (v.complete === true) {
        ({ incident } = await api.post<{ incident: Incident }>(
          incidentPath(id, '/postmortem/complete'),
          given({ by: str(v, 'by') }),
        ));
      } else {
        ({ incident } = await api.get<IncidentView>(incidentPath(id)));
      }
      if (incident.postmortem === undefined) {
        return `Incident ${incident.id} has no postmortem yet: it opens on resolution.`;
      }
      return [
        `Postmortem of incident ${incident.id}`,
        ...postmortemLines(incident.postmortem, nowMs),
      ].join('\n');
    },
  },
  commit: {
    usage:
      'forewarn incident commit ID --by NAME --title TEXT --owner NAME --due ISO|DURATION\n' +
      '  forewarn incident commit ID --done COMMITMENT_ID --by NAME',
    strings: ['by', 'title', 'owner', 'due', 'done'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const done = str(v, 'done');
      const { incident } =
        done !== undefined
          ? await api.post<{ incident: Incident }>(
              incidentPath(id, `/commitments/${enc(done)}/done`),
              given({ by: str(v, 'by') }),
            )
          : await api.post<{ incident: Incident }>(
              incidentPath(id, '/commitments'),
              given({
                by: str(v, 'by'),
                title: str(v, 'title'),
                owner: str(v, 'owner'),
                dueAt: when(str(v, 'due'), nowMs),
              }),
            );
      const commitments = incident.postmortem?.commitments ?? [];
      const c = done !== undefined ? commitments.find((x) => x.id === done) : commitments.at(-1);
      if (c === undefined) return standing(incident, nowMs);
      return done !== undefined
        ? `Commitment ${c.id} (${c.title}) is ${c.status}.`
        : `Commitment ${c.id}: ${c.title} (owner ${c.owner}, due ${formatInstant(c.dueAtMs)}).`;
    },
  },
  review: {
    usage: 'forewarn incident review ID --by NAME --at ISO|DURATION --with WHOM',
    strings: ['by', 'at', 'with'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const { incident } = await api.post<{ incident: Incident }>(
        incidentPath(id, '/review'),
        given({ by: str(v, 'by'), at: when(str(v, 'at'), nowMs), with: str(v, 'with') }),
      );
      const r = incident.makeRight.review;
      return [
        r !== undefined
          ? `SLA review with ${r.with} at ${formatInstant(r.atMs)}, scheduled by ${r.scheduledBy}.`
          : 'No review scheduled.',
        standing(incident, nowMs),
      ].join('\n');
    },
  },
  'make-right': {
    usage:
      'forewarn incident make-right ID --by NAME\n' +
      '  forewarn incident make-right ID --by NAME --commitment TEXT --owner NAME --due ISO|DURATION',
    strings: ['by', 'commitment', 'owner', 'due'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const text = str(v, 'commitment');
      if (text !== undefined) {
        const { incident } = await api.post<{ incident: Incident }>(
          incidentPath(id, '/client-commitments'),
          given({
            by: str(v, 'by'),
            text,
            owner: str(v, 'owner'),
            dueAt: when(str(v, 'due'), nowMs),
          }),
        );
        const c = incident.makeRight.recoveryCommitments.at(-1);
        return c !== undefined
          ? `Commitment to the client ${c.id}: ${c.text} (owner ${c.owner}, due ${formatInstant(c.dueAtMs)}).`
          : standing(incident, nowMs);
      }
      const { incident } = await api.post<{ incident: Incident }>(
        incidentPath(id, '/make-right/complete'),
        given({ by: str(v, 'by') }),
      );
      const keys = incident.makeRight.creditKeys;
      return [
        `Make right complete${keys.length > 0 ? `; credits recorded: ${keys.join(', ')}` : ''}.`,
        standing(incident, nowMs),
      ].join('\n');
    },
  },
};

// Watches --------------------------------------------------------------------------------------

const WATCH: Record<string, Spec> = {
  show: {
    usage: 'forewarn watch show ID [--json]',
    booleans: ['json'],
    positionals: 1,
    async run({ api, values, ids: [id = ''], nowMs }) {
      const view = await api.get<WatchView>(`/api/v1/watches/${enc(id)}`);
      return values.json === true ? json(view) : watchSummary(view, nowMs);
    },
  },
  'heads-up': {
    usage:
      'forewarn watch heads-up ID --by NAME --send [--seeing X] [--doing Y] [--next Z] [--next-update-at ISO | --next-update-in 30m]\n' +
      '  forewarn watch heads-up ID --by NAME --decline --reason TEXT',
    strings: ['by', 'reason', ...NOTICE_TEXTS.filter((t) => t !== 'client')],
    booleans: ['send', 'decline'],
    positionals: 1,
    async run({ api, values: v, ids: [id = ''], nowMs }) {
      const usage = WATCH['heads-up']?.usage ?? '';
      if ((v.send === true) === (v.decline === true)) {
        throw usageError('give --send or --decline', usage);
      }
      const path = `/api/v1/watches/${enc(id)}`;
      if (v.decline === true) {
        const { watch } = await api.post<{ watch: Watch }>(
          `${path}/heads-up`,
          given({ by: str(v, 'by'), send: false, reason: str(v, 'reason') }),
        );
        return `No heads-up to client ${watch.clientId}: declined by ${watch.headsUp?.by ?? '?'} (${watch.headsUp?.reason ?? ''}).`;
      }
      const w = nextUpdateAt(v, nowMs, usage);
      const texts = { seeing: str(v, 'seeing'), doing: str(v, 'doing'), next: str(v, 'next') };
      const lines: string[] = [];
      let body = given({ by: str(v, 'by'), send: true, ...texts, nextUpdateAt: w });
      if (Object.values(texts).every((t) => t === undefined)) {
        const { headsUpDraft: draft } = await api.get<WatchView>(path);
        const { shown, fields } = sendingDraft(draft, w);
        lines.push('Drafted heads-up:', `  ${shown}`);
        body = given({ by: str(v, 'by'), send: true, ...fields });
      }
      const { watch } = await api.post<{ watch: Watch }>(`${path}/heads-up`, body);
      const notice = watch.notices.at(-1);
      if (notice !== undefined) {
        lines.push(
          `Sent heads-up ${notice.id} to ${notice.clientId} by ${notice.sentBy} at ${formatInstant(notice.sentAtMs)}:`,
          `  ${noticeSentences(notice)}`,
        );
      }
      return lines.join('\n');
    },
  },
};

// Top-level commands ---------------------------------------------------------------------------

const TOP: Record<string, Spec> = {
  incidents: {
    usage: 'forewarn incidents [--status open|resolved|closed] [--client ID] [--json]',
    strings: ['status', 'client'],
    booleans: ['json'],
    positionals: 0,
    async run({ api, values: v, nowMs }) {
      const { incidents } = await api.get<{ incidents: Incident[] }>('/api/v1/incidents', {
        status: str(v, 'status'),
        client: str(v, 'client'),
      });
      return v.json === true ? json(incidents) : incidentTable(incidents, nowMs);
    },
  },
  watches: {
    usage: 'forewarn watches [--status open|breach-avoided|became-incident] [--client ID] [--json]',
    strings: ['status', 'client'],
    booleans: ['json'],
    positionals: 0,
    async run({ api, values: v }) {
      const { watches } = await api.get<{ watches: Watch[] }>('/api/v1/watches', {
        status: str(v, 'status'),
        client: str(v, 'client'),
      });
      return v.json === true ? json(watches) : watchTable(watches);
    },
  },
  'client-report': {
    usage: 'forewarn client-report CLIENT --text TEXT [--at ISO]',
    strings: ['text', 'at'],
    positionals: 1,
    async run({ api, values: v, ids: [clientId = ''] }) {
      const { report } = await api.post<{ report: ClientReport }>(
        `/api/v1/clients/${enc(clientId)}/reports`,
        given({ text: str(v, 'text'), at: str(v, 'at') }),
      );
      return report.incidentId !== undefined
        ? `Recorded report ${report.id} from ${report.clientId} on incident ${report.incidentId}.`
        : `Recorded report ${report.id} from ${report.clientId}; no incident of theirs is open, so it is kept as a problem we have not detected.`;
    },
  },
  figures: {
    usage: 'forewarn figures [--client ID] [--json]',
    strings: ['client'],
    booleans: ['json'],
    positionals: 0,
    async run({ api, values: v }) {
      const summary = await api.get<ClientFirstSummary>('/api/v1/figures/client-first', {
        client: str(v, 'client'),
      });
      return v.json === true ? json(summary) : figuresText(summary);
    },
  },
  credits: {
    usage: 'forewarn credits SLA [--period YYYY-MM] [--issue] [--json]',
    strings: ['period'],
    booleans: ['issue', 'json'],
    positionals: 1,
    async run({ api, values: v, ids: [slaId = ''] }) {
      const path = `/api/v1/slas/${enc(slaId)}/credits`;
      const issued: string[] = [];
      if (v.issue === true) {
        const period =
          str(v, 'period') ?? (await api.get<CreditAnswer>(path)).statement.period.label;
        const { written } = await api.post<{ written: boolean }>(`${path}/${enc(period)}`);
        issued.push(
          written
            ? `Issued ${period} to the ledger.`
            : `${period} was already in the ledger; nothing written.`,
        );
      }
      const answer = await api.get<CreditAnswer>(path, { period: str(v, 'period') });
      return v.json === true ? json(answer) : [...issued, creditText(answer)].join('\n');
    },
  },
};

// Running a command ----------------------------------------------------------------------------

type Command = (args: string[], env: Env, options?: ProtocolOptions) => Promise<string>;

async function runSpec(
  name: string,
  spec: Spec,
  args: string[],
  env: Env,
  options: ProtocolOptions,
): Promise<string> {
  const parsed = parseFlags(args, spec);
  if (parsed.positionals.length !== spec.positionals) {
    const what = spec.positionals === 0 ? 'no arguments' : `${spec.positionals} argument(s)`;
    throw usageError(
      `${name}: expected ${what}, got "${parsed.positionals.join(' ')}"`,
      spec.usage,
    );
  }
  return spec.run({
    api: apiClient(name, str(parsed.values, 'url'), env),
    values: parsed.values,
    ids: parsed.positionals,
    nowMs: (options.nowMs ?? Date.now)(),
  });
}

function parseFlags(args: string[], spec: Spec): { values: Values; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean' }> = { url: { type: 'string' } };
  for (const name of spec.strings ?? []) options[name] = { type: 'string' };
  for (const name of spec.booleans ?? []) options[name] = { type: 'boolean' };
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true });
    return { values: values as Values, positionals };
  } catch (err) {
    throw usageError((err as Error).message, spec.usage);
  }
}

/** `forewarn incident SUB …` and `forewarn watch SUB …`. */
function group(noun: string, subs: Record<string, Spec>): Command {
  return async (args, env, options = {}) => {
    const [sub = '', ...rest] = args;
    const spec = Object.hasOwn(subs, sub) ? subs[sub] : undefined;
    if (spec === undefined) {
      const usage = Object.values(subs)
        .map((s) => `  ${s.usage}`)
        .join('\n');
      throw new CliError(`forewarn ${noun}: got "${args.join(' ')}"; one of:\n${usage}`, 2);
    }
    return runSpec(`forewarn ${noun} ${sub}`, spec, rest, env, options);
  };
}

const single =
  (name: string): Command =>
  (args, env, options = {}) =>
    runSpec(`forewarn ${name}`, TOP[name] as Spec, args, env, options);

export const incidents = single('incidents');
export const incident = group('incident', INCIDENT);
export const watches = single('watches');
export const watch = group('watch', WATCH);
export const clientReport = single('client-report');
export const figures = single('figures');
export const credits = single('credits');

/** The protocol commands by name, for the dispatcher. */
export const PROTOCOL_COMMANDS: ReadonlyMap<string, Command> = new Map([
  ['incidents', incidents],
  ['incident', incident],
  ['watches', watches],
  ['watch', watch],
  ['client-report', clientReport],
  ['figures', figures],
  ['credits', credits],
]);

const usages = (specs: Record<string, Spec>, names: string[]) =>
  names.map((n) => specs[n]?.usage ?? '').join('\n');

export const PROTOCOL_HELP = `${usages(TOP, ['incidents'])}
${usages(INCIDENT, Object.keys(INCIDENT))}
${usages(TOP, ['watches'])}
${usages(WATCH, Object.keys(WATCH))}
${usages(TOP, ['client-report', 'figures', 'credits'])}

  The breach protocol over a running server's API (--url URL, else FOREWARN_URL, else
  http://127.0.0.1:8080; needs FOREWARN_ADMIN_TOKEN). The server checks every field; its
  message and each bad field (value, expected) are printed, exit 2. ISO|DURATION takes a time
  such as 2026-11-27T10:30:00Z or a duration from now such as 30m or 7d. A notice or heads-up
  without texts sends the server's draft, shown first. See docs/cli.md.`;
