import { describe, expect, it } from 'vitest';
import { growthRatios, median, summarizeRuns } from './summarize-runs.ts';

describe('median', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
  it('rejects an empty list', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('summarizeRuns', () => {
  it('keeps median, min, max and count', () => {
    expect(summarizeRuns([1.2, 0.9, 1.5])).toEqual({ median: 1.2, min: 0.9, max: 1.5, runs: 3 });
  });
});

describe('growthRatios', () => {
  it('gives cost ratios and exponents between consecutive scales, in scale order', () => {
    const g = growthRatios([{ scale: 4, cost: 8 }, { scale: 0.25, cost: 0.5 }, { scale: 1, cost: 2 }]);
    expect(g.map((x) => [x.from, x.to, x.scaleRatio, x.costRatio])).toEqual([[0.25, 1, 4, 4], [1, 4, 4, 4]]);
    expect(g[0]!.exponent).toBeCloseTo(1);
  });
  it('shows sub-linear growth as an exponent below 1', () => {
    const [g] = growthRatios([{ scale: 1, cost: 1 }, { scale: 4, cost: 2 }]);
    expect(g!.exponent).toBeCloseTo(0.5);
  });
});
