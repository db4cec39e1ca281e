import { describe, expect, it } from 'vitest';
import { scoresToProbabilities } from './calibrate.ts';

describe('scoresToProbabilities', () => {
  it.each([[[9, 1, 0]], [[1, 1, 1, 1]], [[-3]], [[20, 19.5]]])('gives probabilities in [0,1] summing to at most 1 for %j', (scores) => {
    const p = scoresToProbabilities(scores);
    expect(p.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(p.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('keeps the order of the scores and leaves room for "none of these" when all are weak', () => {
    const p = scoresToProbabilities([0.5, 0.2]);
    expect(p[0]).toBeGreaterThan(p[1]!);
    expect(p[0]! + p[1]!).toBeLessThan(0.5);
  });
});
