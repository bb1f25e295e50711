// NDJSON in the push format: one sample object per line, or one batch `{"samples": [...]}` per
// line (the body of POST /api/v1/samples). Empty lines are skipped.

import type { RecordedSamples } from './recorded-samples.js';

export function addNdjsonLine(
  line: string,
  lineNumber: number,
  into: RecordedSamples,
  source: string,
): void {
  if (line.trim() === '') return;
  const at = { source, line: lineNumber };
  let item: unknown;
  try {
    item = JSON.parse(line);
  } catch {
    into.problem(at, 'E_LINE_MALFORMED', `not JSON: ${preview(line)}`);
    return;
  }
  const samples = (item as { samples?: unknown } | null)?.samples;
  if (Array.isArray(samples)) {
    for (const s of samples) into.addItem(s, at);
  } else {
    into.addItem(item, at);
  }
}

function preview(line: string): string {
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line);
}
