import { describe, expect, it } from 'vitest';
import { detectAnomaly } from './detect-anomaly.ts';
import { failureCoMovement, type Failure } from './service-failure.ts';
import { MIN, T0, buildSeries, stepAt } from './testing/build-bundle.ts';

// Five-minute samples, as in X-Ray exports: 100 quiet samples, then a short window.
const STEP = 5 * MIN;
const WINDOW = T0 + 100 * STEP;
const options = { baselineEndMs: WINDOW - STEP, activeAfterMs: WINDOW - 2 * STEP, windowEndMs: WINDOW + 5 * STEP };
const failure = (service: string, valueAt: (i: number, t: number) => number): Failure => {
  const anomaly = detectAnomaly(buildSeries('http_request_error_ratio', service, valueAt, { stepMs: STEP, count: 105 }), options)!;
  return { onsetMs: anomaly.onsetMs, strength: anomaly.zScore, strongest: anomaly };
};

describe('failureCoMovement', () => {
  // 1 % errors, then from the second window sample on 3 % (the first of them partly affected), to the end of the data.
  const symptom = failure('site', (i, t) => stepAt(0.01, 0.03, WINDOW + STEP, Infinity, 0.05, 1)(i, t) - (t === WINDOW + STEP ? 0.01 : 0));

  it('is high for a cause that rose and fell with the symptom', () => {
    const cause = failure('search', (i, t) => stepAt(0.01, 0.03, WINDOW + STEP, Infinity, 0.05, 2)(i, t) - (t === WINDOW + STEP ? 0.01 : 0));
    expect(failureCoMovement(symptom, cause, STEP, options.windowEndMs)).toBeGreaterThan(0.8);
  });

  it('is low for a level that was already off a sample before the symptom and stayed flat', () => {
    const shifted = failure('lambda', stepAt(0.01, 0.03, WINDOW, Infinity, 0.01, 3));
    expect(failureCoMovement(symptom, shifted, STEP, options.windowEndMs)).toBeLessThan(0.5);
  });
});
