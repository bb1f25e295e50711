import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SliDef } from '../domain/definitions.js';
import { readSamplesFile } from './read-samples-file.js';
import { RecordedSamples } from './recorded-samples.js';

const SLIS: SliDef[] = [
  { id: 'latency', serviceId: 's', name: 'Latency', kind: 'distribution', unit: 'ms' },
  { id: 'requests', serviceId: 's', name: 'Requests', kind: 'ratio' },
];
const T0 = Date.UTC(2026, 2, 1);

function file(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'backtest-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function read(path: string, sliId?: string) {
  const recorded = new RecordedSamples(SLIS);
  const format = await readSamplesFile(path, recorded, { slis: SLIS, ...(sliId ? { sliId } : {}) });
  return { recorded, format };
}

describe('reading NDJSON in the push format', () => {
  it('takes one sample per line and batch objects, and names each bad line by number', async () => {
    const path = file(
      'r.ndjson',
      [
        `{"sli":"latency","ts":${T0},"value":120}`,
        `{"samples":[{"sli":"requests","ts":${T0},"good":9,"total":10},{"sli":"requests","ts":${T0 + 1000},"good":10,"total":10}]}`,
        'not json at all',
        `{"sli":"nope","ts":${T0},"value":1}`,
        `{"sli":"latency","ts":${T0 - 60_000},"value":130}`,
        `{"sli":"latency","ts":${T0},"value":140}`,
        `{"sli":"latency","value":150}`,
        '',
        `{"sli":"requests","ts":${T0 + 2000},"value":3}`,
        `{"sli":"latency","ts":${T0 + 60_000},"value":160,"count":4}`,
      ].join('\n'),
    );
    const { recorded, format } = await read(path);
    expect(format).toBe('ndjson');
    expect(recorded.accepted).toBe(4);
    expect(recorded.problems.map((p) => [p.line, p.code])).toEqual([
      [3, 'E_LINE_MALFORMED'],
      [4, 'E_SLI_UNKNOWN'],
      [5, 'E_TS_UNSORTED'],
      [6, 'E_TS_DUPLICATE'],
      [7, 'E_SAMPLE_INVALID'],
      [9, 'E_SAMPLE_INVALID'],
    ]);
    expect(recorded.problems[1]?.message).toContain('"nope"');
    const latency = recorded.bySli.get('latency');
    expect([latency?.tsAt(1), latency?.firstAt(1), latency?.secondAt(1)]).toEqual([
      T0 + 60_000,
      160,
      4,
    ]);
  });

  it('reads a gzipped file by its magic bytes, whatever its name', async () => {
    const lines = Array.from(
      { length: 500 },
      (_, i) => `{"sli":"requests","ts":${T0 + i * 60_000},"good":99,"total":100}`,
    );
    const { recorded } = await read(file('recording.txt', gzipSync(lines.join('\n'))));
    expect(recorded.accepted).toBe(500);
    expect(recorded.problems).toEqual([]);
  });
});

describe('reading CSV', () => {
  it('maps columns by the header, accepts ISO times and reports short rows by line', async () => {
    const path = file(
      'l.csv',
      [
        'sli,ts,value,count',
        `latency,${T0},100,3`,
        'latency,2026-03-01T00:01:00Z,200,',
        'latency,1',
        `latency,${T0 + 120_000},abc,1`,
      ].join('\n'),
    );
    const { recorded, format } = await read(path);
    expect(format).toBe('csv');
    expect(recorded.accepted).toBe(2);
    expect(recorded.problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'E_LINE_MALFORMED'],
      [5, 'E_SAMPLE_INVALID'],
    ]);
  });

  it('refuses a header it cannot read, at line 1', async () => {
    const { recorded } = await read(file('x.csv', 'name,when,amount\nx,1,2\n'));
    expect(recorded.problems).toEqual([
      expect.objectContaining({ line: 1, code: 'E_LINE_MALFORMED' }),
    ]);
  });
});

describe('reading a Prometheus query_range answer', () => {
  const answer = (result: unknown[]) =>
    JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });

  it('takes the SLI from the sli label or --sli, in seconds, skipping NaN points', async () => {
    const path = file(
      'p.json',
      answer([
        {
          metric: { __name__: 'p95' },
          values: [
            [T0 / 1000, '120.5'],
            [T0 / 1000 + 60, 'NaN'],
            [T0 / 1000 + 120, '130'],
          ],
        },
      ]),
    );
    const { recorded, format } = await read(path, 'latency');
    expect(format).toBe('prometheus');
    expect(recorded.accepted).toBe(2);
    expect(recorded.bySli.get('latency')?.tsAt(1)).toBe(T0 + 120_000);
  });

  it('pairs good and total series for a ratio SLI and locates bad points', async () => {
    const path = file(
      'p.json',
      answer([
        {
          metric: { sli: 'requests', series: 'good' },
          values: [
            [T0 / 1000, '99'],
            [T0 / 1000 + 60, '97'],
          ],
        },
        {
          metric: { sli: 'requests', series: 'total' },
          values: [
            [T0 / 1000, '100'],
            [T0 / 1000 + 60, '100'],
            [T0 / 1000 + 120, '100'],
          ],
        },
        { metric: {}, values: [] },
      ]),
    );
    const { recorded } = await read(path);
    expect(recorded.accepted).toBe(2);
    expect(recorded.problems.map((p) => [p.position, p.code])).toEqual([
      ['result[2]', 'E_SLI_UNKNOWN'],
      ['result[1].values[2]', 'E_LINE_MALFORMED'],
    ]);
  });
});
