import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from './case-files.js';
import { incidentSubject } from './case-files.js';
import {
  escapeMarkdownBlock,
  escapeMarkdownInline,
  postmortemMarkdown,
  spellDuration,
  TO_BE_WRITTEN,
} from './postmortem-markdown.js';
import {
  aClient,
  aCommitment,
  aLever,
  aNotice,
  anIncident,
  anObjective,
  aPostmortem,
  at,
  aTimeline,
  DAY_MS,
  INCIDENT_ID,
  MINUTE_MS,
  NAMES,
  NOW_MS,
} from './test-support/an-incident.js';

const render = (
  incident: Incident = anIncident(),
  timeline: TimelineEntry[] = aTimeline(),
  nowMs = NOW_MS,
  names = NAMES,
) => postmortemMarkdown({ incident, timeline, names, nowMs });

const headings = (doc: string) => doc.split('\n').filter((l) => /^#{1,6} /.test(l));
const section = (doc: string, title: string) => {
  const start = doc.indexOf(`\n## ${title}\n`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
};

/** The cells of a table row, splitting only at pipes that are not backslash-escaped. */
function cells(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') count++;
  }
  return count - 1;
}

describe('postmortemMarkdown of a resolved incident', () => {
  const doc = render();

  it('renders the whole document as the golden file shows it', async () => {
    await expect(doc).toMatchFileSnapshot('./golden/postmortem.md');
  });

  it('has its sections in the protocol’s order', () => {
    expect(headings(doc).filter((h) => h.startsWith('# ') || h.startsWith('## '))).toEqual([
      '# Postmortem: Submissions API: p95 latency breached',
      '## Summary',
      '## Root cause',
      '## What happened',
      '## Lessons',
      '## Affected clients',
      '## Figures',
      '## Detection evidence',
      '## Client notices',
      '## Containment',
      '## Timeline',
      '## Structural fixes',
      '## Resolution',
    ]);
  });

  it('states the dates, and the postmortem as overdue while it is a draft past its due time', () => {
    expect(doc).toContain('- **Detected:** 2026-11-27 09:00 UTC');
    expect(doc).toContain('- **Resolved:** 2026-11-27 10:05 UTC by Alice');
    expect(doc).toContain('- **Postmortem due:** 2026-12-02 10:05 UTC — **overdue** by 1 d 1 h');
    expect(doc).toContain('- **Postmortem done:** not yet (draft)');
  });

  it('gives each client’s time to notice against its notice time, and who reported first', () => {
    const figures = section(doc, 'Figures');
    expect(figures).toContain(
      '| Acme Corp | 2026-11-27 09:00 UTC | 2026-11-27 09:08 UTC | 8 min | within 15 min notice time | no |',
    );
    expect(figures).toContain(
      '| Globex | 2026-11-27 09:03 UTC | 2026-11-27 09:20 UTC | 17 min | late by 2 min (15 min notice time) | yes, at 2026-11-27 09:10 UTC |',
    );
    expect(figures).toContain(
      '- **Time to contain:** 25 min (deploy rollback worked at 2026-11-27 09:25 UTC)',
    );
    expect(figures).toContain('- **Time to recover:** 29 min');
    expect(figures).toContain('- **Time to resolve:** 1 h 5 min');
  });

  it('quotes each client notice as X, Y, Z by W', () => {
    expect(section(doc, 'Client notices')).toContain(
      '> We are seeing slower responses from Submissions API: 95th percentile latency at 1240 ms against the agreed 800 ms, since 09:00 UTC. We are doing an investigation of the cause, and work to restore normal service. We will tell you what we have found and the expected time to recovery by 2026-11-27 09:38 UTC.',
    );
  });

  it('lists the ladder with the failed lever before the one that worked, and their action results', () => {
    const ladder = section(doc, 'Containment');
    expect(ladder).toMatch(
      /\| 1 \| Feature flag off \| \*\*failed\*\* \| Bob \|.*\| done: HTTP 200 in 0\.31 s \|/,
    );
    expect(ladder).toMatch(
      /\| 2 \| Deploy rollback \| \*\*worked\*\* \| Bob \|.*\| done: HTTP 202 in 1\.4 s \|/,
    );
  });

  it('explains the detection with each objective’s reason in its unit', () => {
    expect(section(doc, 'Detection evidence')).toContain(
      'observed 1240 ms breaks &lt;= 800 ms over 5m',
    );
  });
});

describe('postmortemMarkdown placeholders and states', () => {
  it('writes "To be written" for every empty part of the postmortem', () => {
    const blank = aPostmortem({ summary: '', rootCause: '  ', whatHappened: '\n\n', lessons: '' });
    const doc = render(anIncident({ postmortem: blank }));
    for (const title of ['Summary', 'Root cause', 'What happened', 'Lessons']) {
      expect(section(doc, title).trim()).toBe(`## ${title}\n\n${TO_BE_WRITTEN}`);
    }
  });

  it('renders an incident that has just been detected without NaN, undefined or invalid dates', () => {
    const fresh = anIncident({
      status: 'open',
      objectives: [anObjective({ status: 'breach', withinSinceMs: undefined })],
      clients: [aClient({ firstNoticeAtMs: undefined })],
      notices: [],
      levers: [],
      acknowledged: undefined,
      resolution: undefined,
      postmortem: undefined,
    });
    const doc = render(fresh, [], at(9, 5));
    expect(doc).not.toMatch(/NaN|undefined|Invalid|null/);
    expect(doc).toContain('- **Postmortem due:** not opened yet');
    expect(doc).toContain('not sent yet: due 2026-11-27 09:15 UTC');
    expect(doc).toContain('- **Time to contain:** not contained: no lever has worked');
    expect(doc).toContain('- **Time to recover:** not yet: an objective is still in breach');
    expect(doc).toContain('_No notice was sent._');
    expect(doc).toContain('_No lever was recorded._');
    expect(doc).toContain('_No structural fix recorded yet._');
    expect(doc).toContain('## Resolution\n\n_Not resolved yet._');
  });

  it('marks a notice never sent by the time of rendering as missed', () => {
    const unsent = anIncident({ clients: [aClient({ firstNoticeAtMs: undefined })] });
    expect(render(unsent)).toContain('not sent: missed the 15 min notice time');
  });

  it('shows an early resolution as an override with its reason', () => {
    const resolution = {
      ...anIncident().resolution!,
      overrideReason: 'Client asked us to close it',
    };
    expect(section(render(anIncident({ resolution })), 'Resolution')).toContain(
      '> **Override:** resolved before every objective had stayed within its threshold for its recovery period. Reason given: Client asked us to close it',
    );
  });

  it('puts the completion date and person once the postmortem is done', () => {
    const done = aPostmortem({ status: 'done', completedAtMs: at(15, 0), completedBy: 'dana' });
    const doc = render(anIncident({ postmortem: done }));
    expect(doc).toContain('- **Postmortem done:** 2026-11-27 15:00 UTC by Dana');
    expect(doc).toContain('- **Postmortem due:** 2026-12-02 10:05 UTC\n');
  });

  it('keeps only the incident’s and its watch’s entries in the timeline, in time order', () => {
    const timeline = [
      ...aTimeline().reverse(),
      {
        subject: 'incident:someone-else',
        atMs: at(9, 1),
        kind: 'x',
        actor: 'bob',
        text: 'Not ours',
      },
    ];
    const rows = section(render(anIncident(), timeline), 'Timeline')
      .split('\n')
      .filter((l) => l.startsWith('| 2026'));
    expect(rows).toHaveLength(aTimeline().length);
    expect(rows.map((r) => r.slice(2, 18))).toEqual([...rows.map((r) => r.slice(2, 18))].sort());
    expect(rows.join('\n')).not.toContain('Not ours');
  });
});

describe('postmortemMarkdown structural-fix checklist', () => {
  const checklist = (nowMs: number) =>
    section(render(anIncident(), aTimeline(), nowMs), 'Structural fixes')
      .split('\n')
      .filter((l) => l.startsWith('- ['));

  it('ticks done commitments and marks open ones past their due date as overdue', () => {
    expect(checklist(NOW_MS)).toEqual([
      '- [ ] Add an index on submissions(created\\_at) and a migration check in CI — owner Alice, due 2026-12-10 00:00 UTC',
      '- [ ] Load-test every release against last month’s peak traffic — owner Dana, due 2026-11-30 00:00 UTC — **overdue** by 3 d 12 h',
      '- [x] Alert on query plans that scan submissions — owner Bob, due 2026-12-01 00:00 UTC — done 2026-11-30 15:00 UTC by Bob',
    ]);
  });

  it('marks nothing overdue before the due dates', () => {
    expect(checklist(at(12, 0)).some((l) => l.includes('overdue'))).toBe(false);
  });

  it('counts a commitment as overdue from the moment it is due', () => {
    const due = Date.UTC(2026, 10, 30);
    expect(checklist(due - 1)[1]).not.toContain('overdue');
    expect(checklist(due)[1]).toContain('— **overdue** by 0 s');
  });

  it('never marks a done commitment overdue, however late it is read', () => {
    expect(checklist(NOW_MS + 30 * DAY_MS)[2]).not.toContain('overdue');
  });
});

describe('escapeMarkdownInline', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['&lt;b&gt; stays as typed', '&amp;lt;b&amp;gt; stays as typed'],
    ['# Take over the document', '\\# Take over the document'],
    ['a | b | c', 'a \\| b \\| c'],
    ['`rm -rf /`', '\\`rm -rf /\\`'],
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['![pixel](https://tracker.example/p.png)', '!\\[pixel\\](https://tracker.example/p.png)'],
    ['**loud** _quiet_ ~~gone~~', '\\*\\*loud\\*\\* \\_quiet\\_ \\~\\~gone\\~\\~'],
    ['- not a list', '\\- not a list'],
    ['+ not a list', '\\+ not a list'],
    ['1. not a list', '1\\. not a list'],
    ['2) not a list', '2\\) not a list'],
    ['> not a quote', '&gt; not a quote'],
    ['    not code', 'not code'],
    ['back\\slash \\| pipe', 'back\\\\slash \\\\\\| pipe'],
    ['line one\nline two\r\n# three', 'line one line two \\# three'],
    ['bidi \u202Eevil\u202C text\u0007', 'bidi evil text'],
    ['old\rmac\u0085nel\u2028ls', 'old mac nel ls'],
    ['dates keep hyphens: 2026-11-27', 'dates keep hyphens: 2026-11-27'],
  ])('prints %j as plain text', (hostile, escaped) => {
    expect(escapeMarkdownInline(hostile)).toBe(escaped);
  });
});

describe('escapeMarkdownBlock', () => {
  it.each([
    ['one line', 'one line'],
    ['first\nsecond', 'first\\\nsecond'],
    ['para one\n\n\n\npara two', 'para one\n\npara two'],
    ['```js\nrm -rf /\n```', '\\`\\`\\`js\\\nrm -rf /\\\n\\`\\`\\`'],
    ['Title\n=====', 'Title\\\n\\====='],
    ['Title\n-----', 'Title\\\n\\-----'],
    ['---', '\\---'],
    ['ends with a backslash\\\nnext', 'ends with a backslash\\\\\\\nnext'],
    ['\n\n  \n', ''],
  ])('keeps the lines of %j as lines of plain text', (hostile, escaped) => {
    expect(escapeMarkdownBlock(hostile)).toBe(escaped);
  });
});

describe('postmortemMarkdown with hostile text everywhere people and clients write', () => {
  /** The same incident, with `text` wherever a person or a client writes. */
  function renderWith(text: string): string {
    const incident = anIncident({
      title: `Title ${text}`,
      postmortem: aPostmortem({
        summary: text,
        rootCause: text,
        whatHappened: text,
        lessons: `    indented\n${text}`,
        commitments: [aCommitment({ title: text, owner: text })],
      }),
      notices: [aNotice({ seeing: text, doing: text, next: text })],
      levers: [
        aLever({ note: text, action: { ok: false, status: 500, durationMs: 10, reason: text } }),
      ],
      resolution: { ...anIncident().resolution!, rootCause: text, fix: text, overrideReason: text },
    });
    const timeline: TimelineEntry[] = [
      { subject: incidentSubject(INCIDENT_ID), atMs: at(9, 1), kind: 'note', actor: text, text },
    ];
    const names = {
      ...NAMES,
      service: text,
      clients: { acme: text, globex: 'Globex' },
      people: { ...NAMES.people, carol: text },
    };
    return render(incident, timeline, NOW_MS, names);
  }
  const evil = '<script>x</script> | # `code` [l](http://e) \n# Injected heading\n| a | b |';
  const doc = renderWith(evil);

  it('lets no HTML through: every < and > is an entity, except the quote markers it writes', () => {
    expect(doc.replace(/^> /gm, '')).not.toMatch(/[<>]/);
  });

  it('adds no heading, code span or code block', () => {
    const levels = (d: string) => headings(d).map((h) => h.slice(0, h.indexOf(' ')));
    expect(levels(doc)).toEqual(levels(renderWith('benign text')));
    expect(doc).not.toMatch(/(^|[^\\])`/m);
    expect(doc).not.toMatch(/^( {4}|\t)/m);
  });

  it('keeps every table row to its header’s number of cells', () => {
    const tables = doc.split('\n\n').filter((block) => block.startsWith('| '));
    expect(tables.length).toBe(3);
    for (const table of tables) {
      const [head, ...rows] = table.split('\n');
      for (const row of rows) expect(cells(row)).toBe(cells(head ?? ''));
    }
  });

  it('leaves no link or image to follow', () => {
    expect(doc).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/m);
  });
});

describe('spellDuration', () => {
  it.each([
    [45_000, '45 s'],
    [59_400, '59 s'],
    [59_600, '1 min'],
    [8 * MINUTE_MS, '8 min'],
    [65 * MINUTE_MS, '1 h 5 min'],
    [120 * MINUTE_MS, '2 h'],
    [84 * 60 * MINUTE_MS, '3 d 12 h'],
    [2 * DAY_MS, '2 d'],
    [-5 * MINUTE_MS, '-5 min'],
  ])('spells %d ms as "%s"', (ms, words) => {
    expect(spellDuration(ms)).toBe(words);
  });
});
