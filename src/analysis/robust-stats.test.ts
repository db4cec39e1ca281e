import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random/mulberry32.ts';
import { kthSmallest, median, robustSigma } from './robust-stats.ts';

const sortedMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

describe('median', () => {
  it('equals the sort-based median on odd, even, constant and heavily tied inputs', () => {
    const rng = mulberry32(42);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rng() * 60);
      const ties = trial % 3 === 0;
      const xs = Array.from({ length: n }, () => (ties ? Math.floor(rng() * 4) : rng() * 100 - 50));
      expect(median(xs)).toBe(sortedMedian(xs));
    }
    expect(median([7, 7, 7, 7])).toBe(7);
  });

  it('reads only the given range and leaves the input untouched', () => {
    const xs = [9, 1, 5, 3, 7, 100];
    expect(median(xs, 1, 5)).toBe(4);
    expect(xs).toEqual([9, 1, 5, 3, 7, 100]);
    expect(median(xs, 2, 2)).toBeNaN();
  });
});

describe('kthSmallest', () => {
  it('equals the sorted array at k, and leaves the input untouched', () => {
    const rng = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rng() * 50);
      const xs = Float64Array.from({ length: n }, () => (trial % 2 ? Math.floor(rng() * 3) : rng()));
      const before = [...xs];
      const k = Math.floor(rng() * n);
      expect(kthSmallest(xs, k)).toBe([...xs].sort((a, b) => a - b)[k]);
      expect([...xs]).toEqual(before);
    }
  });
});

describe('robustSigma', () => {
  it('is 1.4826 times the median absolute deviation', () => {
    expect(robustSigma([1, 2, 3, 4, 100], 3)).toBeCloseTo(1.4826 * 1);
  });
});
