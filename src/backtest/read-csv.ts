// CSV with a header naming its columns: `sli,ts,value[,count]` for distribution SLIs or
// `sli,ts,good,total` for ratio SLIs, in any order. Timestamps as in the push format (epoch
// milliseconds or ISO-8601). No quoting: SLI ids and numbers never need it.

import type { RecordedSamples } from './recorded-samples.js';

const KNOWN_COLUMNS = new Set(['sli', 'ts', 'value', 'count', 'good', 'total']);
const HEADER_EXPECTED = 'a header naming sli, ts and either value (and count) or good and total';

/** Fed one line at a time, so a file of any size streams through. */
export class CsvSampleReader {
  private columns: string[] | undefined;
  private broken = false;

  constructor(
    private readonly into: RecordedSamples,
    private readonly source: string,
  ) {}

  addLine(line: string, lineNumber: number): void {
    if (this.broken || line.trim() === '') return;
    const at = { source: this.source, line: lineNumber };
    if (this.columns === undefined) {
      const columns = line.split(',').map((c) => c.trim().toLowerCase());
      const unknown = columns.filter((c) => !KNOWN_COLUMNS.has(c));
      const shapeOk =
        columns.includes('sli') &&
        columns.includes('ts') &&
        (columns.includes('value') || (columns.includes('good') && columns.includes('total')));
      if (unknown.length > 0 || !shapeOk) {
        this.into.problem(at, 'E_LINE_MALFORMED', `got "${line}", expected ${HEADER_EXPECTED}`);
        this.broken = true;
        return;
      }
      this.columns = columns;
      return;
    }
    const cells = line.split(',');
    if (cells.length !== this.columns.length) {
      this.into.problem(
        at,
        'E_LINE_MALFORMED',
        `${cells.length} cells, expected ${this.columns.length} (${this.columns.join(',')})`,
      );
      return;
    }
    const item: Record<string, unknown> = {};
    this.columns.forEach((name, i) => {
      const cell = (cells[i] ?? '').trim();
      if (cell === '') return;
      item[name] = name === 'sli' ? cell : toNumberOrText(cell);
    });
    this.into.addItem(item, at);
  }
}

export async function readCsv(
  lines: AsyncIterable<string>,
  into: RecordedSamples,
  source: string,
): Promise<void> {
  const reader = new CsvSampleReader(into, source);
  let lineNumber = 0;
  for await (const line of lines) reader.addLine(line, ++lineNumber);
}

/** Numbers become numbers; anything else (an ISO time, a typo) stays text for parseSample to judge. */
function toNumberOrText(cell: string): number | string {
  const n = Number(cell);
  return Number.isFinite(n) && /^[-+0-9.eE]+$/.test(cell) ? n : cell;
}
