import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './calibration-error.ts';
import { median, percentile } from './summarize.ts';

describe('expectedCalibrationError', () => {
  it('is undefined without points', () => {
    expect(expectedCalibrationError([])).toBeUndefined();
  });

  it('is zero when confidence matches accuracy in every bin', () => {
    expect(expectedCalibrationError([{ confidence: 1, correct: true }, { confidence: 0, correct: false }])).toBe(0);
  });

  it('weights each bin by its share of points', () => {
    // Bin 9: conf 0.9, 0.9 → mean 0.9, accuracy 0.5 → gap 0.4, weight 2/4.
    // Bin 2: conf 0.2, 0.2 → mean 0.2, accuracy 0   → gap 0.2, weight 2/4.
    const ece = expectedCalibrationError([
      { confidence: 0.9, correct: true }, { confidence: 0.9, correct: false },
      { confidence: 0.2, correct: false }, { confidence: 0.2, correct: false },
    ]);
    expect(ece).toBeCloseTo(0.3, 10);
  });

  it('puts a confidence of exactly 1 in the last bin with 0.95', () => {
    const ece = expectedCalibrationError([{ confidence: 1, correct: true }, { confidence: 0.9, correct: false }]);
    // One bin: mean conf 0.95, accuracy 0.5.
    expect(ece).toBeCloseTo(0.45, 10);
  });
});

describe('median and percentile', () => {
  it.each([
    { values: [], med: undefined, p90: undefined },
    { values: [5], med: 5, p90: 5 },
    { values: [4, 1, 3, 2], med: 2.5, p90: 4 },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], med: 5.5, p90: 9 },
  ])('$values', ({ values, med, p90 }) => {
    expect(median(values)).toBe(med);
    expect(percentile(values, 90)).toBe(p90);
  });
});
