import { describe, expect, it } from 'vitest';
import { findOnsetIndex } from './find-onset.ts';

describe('findOnsetIndex', () => {
  it('dates a step at its first out-of-band sample, not the last normal one', () => {
    const values = Float64Array.from([1, 1.1, 0.9, 1, 1, 5, 5, 5]);
    expect(findOnsetIndex(values, 0, 5, 5, 1)).toBe(5);
  });

  it('dates a ramp where the growth started, before the threshold was crossed', () => {
    const values = Float64Array.from([1, 1, 1, 1, 2, 3, 4, 5, 6, 7]);
    // The run (out of band) starts at index 6; the ramp began at index 4 (from index 3's level).
    expect(findOnsetIndex(values, 0, 6, 9, 1)).toBeLessThanOrEqual(4);
  });
});
