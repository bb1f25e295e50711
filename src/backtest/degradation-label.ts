// The team's judgement of when the service was truly degraded: what warnings are scored against.

export interface DegradationLabel {
  /** The objective it concerns; absent: every objective. */
  objectiveKey?: string;
  fromMs: number;
  toMs: number;
}

export type ParsedLabels =
  { ok: true; labels: DegradationLabel[] } | { ok: false; problems: string[] };

/**
 * JSON (an array of {objective?, from, to}, or {labels: [...]}) or CSV with the header
 * `objective,from,to` (objective may be empty). Times: ISO-8601 or epoch milliseconds.
 */
export function parseLabels(text: string, source: string): ParsedLabels {
  const trimmed = text.trim();
  const rows: Array<{ at: string; row: Record<string, unknown> }> = [];
  const problems: string[] = [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      return { ok: false, problems: [`${source}: not JSON: ${(err as Error).message}`] };
    }
    const list = Array.isArray(data) ? data : (data as { labels?: unknown } | null)?.labels;
    if (!Array.isArray(list)) {
      return { ok: false, problems: [`${source}: expected an array of {objective?, from, to}`] };
    }
    list.forEach((row: unknown, i) =>
      rows.push({ at: `${source}: [${i}]`, row: row as Record<string, unknown> }),
    );
  } else {
    const lines = trimmed.split(/\r?\n/);
    const header = (lines[0] ?? '').split(',').map((c) => c.trim().toLowerCase());
    if (!header.includes('from') || !header.includes('to')) {
      return { ok: false, problems: [`${source}:1: expected a header "objective,from,to"`] };
    }
    lines.slice(1).forEach((line, i) => {
      if (line.trim() === '') return;
      const cells = line.split(',');
      const row: Record<string, unknown> = {};
      header.forEach((name, c) => {
        const cell = (cells[c] ?? '').trim();
        if (cell !== '') row[name] = /^\d+$/.test(cell) ? Number(cell) : cell;
      });
      rows.push({ at: `${source}:${i + 2}`, row });
    });
  }
  const labels: DegradationLabel[] = [];
  for (const { at, row } of rows) {
    if (typeof row !== 'object' || row === null) {
      problems.push(`${at}: expected {objective?, from, to}`);
      continue;
    }
    const fromMs = timeOf(row.from);
    const toMs = timeOf(row.to);
    const objective = row.objective;
    if (fromMs === undefined)
      problems.push(
        `${at}: "from": got ${JSON.stringify(row.from)}, expected an ISO-8601 time or epoch milliseconds`,
      );
    if (toMs === undefined)
      problems.push(
        `${at}: "to": got ${JSON.stringify(row.to)}, expected an ISO-8601 time or epoch milliseconds`,
      );
    if (objective !== undefined && typeof objective !== 'string') {
      problems.push(
        `${at}: "objective": got ${JSON.stringify(objective)}, expected an objective key such as "acme-api/latency"`,
      );
      continue;
    }
    if (fromMs === undefined || toMs === undefined) continue;
    if (toMs <= fromMs) {
      problems.push(`${at}: "to" must be after "from"`);
      continue;
    }
    labels.push({ ...(objective !== undefined ? { objectiveKey: objective } : {}), fromMs, toMs });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, labels };
}

function timeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
