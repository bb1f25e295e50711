import { describe, expect, it } from 'vitest';
import { bucketValue, Sketch } from './sketch.js';
import { statisticOf } from './statistic.js';

const latencies = new Sketch();
for (let v = 1; v <= 1000; v++) latencies.add(v);

describe('statisticOf', () => {
  it.each([
    ['p50', bucketValue(500)],
    ['p90', bucketValue(900)],
    ['p95', bucketValue(950)],
    ['p99', bucketValue(990)],
    ['p999', bucketValue(999)],
    ['max', bucketValue(1000)],
  ] as const)('reads %s from the sketch', (statistic, expected) => {
    expect(statisticOf(statistic, { good: 0, total: 0, sketch: latencies })).toBe(expected);
  });

  it('reads the mean from the sketch within 1 %', () => {
    const mean = statisticOf('mean', { good: 0, total: 0, sketch: latencies }) as number;
    expect(Math.abs(mean - 500.5) / 500.5).toBeLessThan(0.01);
  });

  it('computes good-ratio from counts', () => {
    expect(statisticOf('good-ratio', { good: 999, total: 1000, sketch: null })).toBe(0.999);
  });

  it('has no value without events, or for a distribution statistic of a ratio SLI', () => {
    expect(statisticOf('good-ratio', { good: 0, total: 0, sketch: null })).toBeUndefined();
    expect(statisticOf('p95', { good: 5, total: 10, sketch: null })).toBeUndefined();
    expect(statisticOf('mean', { good: 0, total: 0, sketch: new Sketch() })).toBeUndefined();
  });
});
