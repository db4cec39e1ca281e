import { describe, expect, it } from 'vitest';
import { sampleAt, sampleAtSteps } from './sample-series.ts';

// Samples at 0, 60, 120 s, then a gap, then 900 s.
const series = { timesMs: Float64Array.from([0, 60_000, 120_000, 900_000]), values: Float64Array.from([1, 2, 3, 4]) };

describe('sampleAtSteps (Prometheus range semantics)', () => {
  it('takes the latest sample at or before each step, within 5 minutes', () => {
    // 480 s and 720 s are more than 5 minutes after the sample at 120 s: no value there.
    expect(sampleAtSteps(series, 0, 960_000, 240_000)).toEqual([[0, '1'], [240, '3'], [960, '4']]);
    expect(sampleAtSteps(series, 0, 420_000, 60_000).map(([t]) => t)).toEqual([0, 60, 120, 180, 240, 300, 360, 420]);
  });
  it('is empty before the first sample', () => {
    expect(sampleAtSteps(series, -600_000, -1, 60_000)).toEqual([]);
  });
});

describe('sampleAt (instant semantics)', () => {
  it.each([[60_000, 2], [119_999, 2], [420_000, 3], [420_001, undefined], [-1, undefined]])('at %i ms → %j', (t, value) => {
    expect(sampleAt(series, t)).toBe(value);
  });
});
