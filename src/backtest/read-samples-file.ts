// Reads one recording file into RecordedSamples, choosing the reader by content: a Prometheus
// query_range answer (one JSON document with "status" and "data"), CSV (a header starting with a
// column name), or NDJSON in the push format. Gzip is recognised by its magic bytes.

import type { SliDef } from '../domain/definitions.js';
import { CsvSampleReader } from './read-csv.js';
import { readLines, readText } from './read-lines.js';
import { addNdjsonLine } from './read-ndjson.js';
import { readPrometheus } from './read-prometheus.js';
import type { RecordedSamples } from './recorded-samples.js';

export type SamplesFormat = 'ndjson' | 'csv' | 'prometheus';

export interface ReadSamplesOptions {
  slis: readonly SliDef[];
  /** The SLI of Prometheus series without an `sli` label. */
  sliId?: string;
}

/** Streams the file once; the first non-empty line decides the reader for the rest. */
export async function readSamplesFile(
  path: string,
  into: RecordedSamples,
  options: ReadSamplesOptions,
): Promise<SamplesFormat> {
  let format: SamplesFormat | undefined;
  let csv: CsvSampleReader | undefined;
  let lineNumber = 0;
  for await (const line of readLines(path)) {
    lineNumber++;
    if (format === undefined) {
      if (line.trim() === '') continue;
      format = formatOf(line);
      if (format === 'prometheus') break;
      if (format === 'csv') csv = new CsvSampleReader(into, path);
    }
    if (csv !== undefined) csv.addLine(line, lineNumber);
    else addNdjsonLine(line, lineNumber, into, path);
  }
  if (format === 'prometheus') {
    // query_range answers are one JSON document; Prometheus bounds them to 11,000 points a series.
    readPrometheus(await readText(path), into, path, options.slis, options.sliId);
  }
  return format ?? 'ndjson';
}

export function formatOf(firstLine: string): SamplesFormat {
  const t = firstLine.trim();
  if (!t.startsWith('{')) return 'csv';
  if (t === '{' || /^\{\s*"(status|data)"/.test(t)) return 'prometheus';
  return 'ndjson';
}
