// The Prometheus HTTP API's query_range answer
// (https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries): a matrix of series,
// each `values: [[unixSeconds, "value"], …]`. A series belongs to the SLI named by its `sli` label,
// or by the --sli option. A distribution SLI takes each point as one value; a ratio SLI takes two
// series told apart by a `series` label, "good" and "total", paired by timestamp.

import type { SliDef } from '../domain/definitions.js';
import type { RecordedSamples } from './recorded-samples.js';

interface MatrixSeries {
  metric?: Record<string, string>;
  values?: unknown[];
}

export function readPrometheus(
  text: string,
  into: RecordedSamples,
  source: string,
  slis: readonly SliDef[],
  sliOption?: string,
): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    into.problem({ source, line: 1 }, 'E_LINE_MALFORMED', `not JSON: ${(err as Error).message}`);
    return;
  }
  const data = (body as { data?: { resultType?: unknown; result?: unknown } } | null)?.data;
  if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
    into.problem(
      { source, line: 1 },
      'E_LINE_MALFORMED',
      'expected {"data": {"resultType": "matrix", "result": [...]}}',
    );
    return;
  }
  const kinds = new Map(slis.map((s) => [s.id, s.kind]));
  const ratioParts = new Map<
    string,
    { good?: MatrixSeries; total?: MatrixSeries; index: number; totalIndex: number }
  >();
  data.result.forEach((raw: unknown, s) => {
    const series = raw as MatrixSeries;
    const position = { source, line: 1, position: `result[${s}]` };
    const sliId = series.metric?.sli ?? sliOption;
    if (sliId === undefined) {
      into.problem(
        position,
        'E_SLI_UNKNOWN',
        `series ${s + 1} has no "sli" label and no --sli was given`,
      );
      return;
    }
    if (!Array.isArray(series.values)) {
      into.problem(position, 'E_LINE_MALFORMED', `series ${s + 1} has no "values" array`);
      return;
    }
    if (kinds.get(sliId) === 'ratio') {
      const part = series.metric?.series;
      if (part !== 'good' && part !== 'total') {
        into.problem(
          position,
          'E_LINE_MALFORMED',
          `series ${s + 1} of ratio SLI "${sliId}" needs a "series" label, "good" or "total"`,
        );
        return;
      }
      const entry = ratioParts.get(sliId) ?? { index: s, totalIndex: s };
      entry[part] = series;
      if (part === 'total') entry.totalIndex = s;
      ratioParts.set(sliId, entry);
      return;
    }
    series.values.forEach((point, p) => {
      const parsed = pointOf(point);
      const at = { source, line: 1, position: `result[${s}].values[${p}]` };
      if (parsed === undefined) {
        into.problem(
          at,
          'E_LINE_MALFORMED',
          `point ${p + 1} of series ${s + 1}: expected [unixSeconds, "value"]`,
        );
        return;
      }
      if (Number.isNaN(parsed.value)) return; // Prometheus writes "NaN" where a rate had no data.
      into.addItem({ sli: sliId, ts: parsed.tsMs, value: parsed.value }, at);
    });
  });
  for (const [sliId, { good, total, index, totalIndex }] of ratioParts) {
    const position = { source, line: 1, position: `result[${index}]` };
    if (good === undefined || total === undefined) {
      into.problem(
        position,
        'E_LINE_MALFORMED',
        `ratio SLI "${sliId}" needs both a "good" and a "total" series`,
      );
      continue;
    }
    const goodAt = new Map<number, number>();
    for (const point of good.values ?? []) {
      const parsed = pointOf(point);
      if (parsed !== undefined) goodAt.set(parsed.tsMs, parsed.value);
    }
    (total.values ?? []).forEach((point, p) => {
      const parsed = pointOf(point);
      const at = { source, line: 1, position: `result[${totalIndex}].values[${p}]` };
      const goodValue = parsed === undefined ? undefined : goodAt.get(parsed.tsMs);
      if (parsed === undefined || goodValue === undefined) {
        into.problem(
          at,
          'E_LINE_MALFORMED',
          `point ${p + 1} of the "total" series of "${sliId}" has no "good" point at the same time`,
        );
        return;
      }
      // increase() over a range gives fractional counts; the push format takes whole events.
      into.addItem(
        {
          sli: sliId,
          ts: parsed.tsMs,
          good: Math.round(goodValue),
          total: Math.round(parsed.value),
        },
        at,
      );
    });
  }
}

function pointOf(point: unknown): { tsMs: number; value: number } | undefined {
  if (!Array.isArray(point) || point.length !== 2) return undefined;
  const [ts, value] = point as [unknown, unknown];
  if (typeof ts !== 'number' || !Number.isFinite(ts) || typeof value !== 'string') return undefined;
  const v = Number(value);
  if (value !== 'NaN' && !Number.isFinite(v)) return undefined;
  return { tsMs: Math.round(ts * 1000), value: v };
}
