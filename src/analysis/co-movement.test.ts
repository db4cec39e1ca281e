import { describe, expect, it } from 'vitest';
import { coMovement } from './co-movement.ts';
import { detectAnomaly } from './detect-anomaly.ts';
import { MIN, T0, buildSeries, stepAt } from './testing/build-bundle.ts';

const options = { baselineEndMs: T0 + 150 * MIN, activeAfterMs: T0 + 170 * MIN, windowEndMs: T0 + 240 * MIN };
const episode = (service: string, from: number, to: number, salt: number) =>
  detectAnomaly(buildSeries('http_request_error_ratio', service, stepAt(0.002, 0.2, T0 + from * MIN, T0 + to * MIN, 0.2, salt)), options)!;

describe('coMovement', () => {
  it('is high for a symptom that rises and falls with its cause, low for an episode on its own schedule', () => {
    const cause = episode('payments', 180, 210, 1);
    const symptom = episode('checkout', 181, 211, 2);
    const elsewhere = episode('search', 172, 186, 3);
    const from = T0 + 170 * MIN;
    const to = T0 + 230 * MIN;
    expect(coMovement(symptom, cause, from, to)).toBeGreaterThan(0.9);
    expect(coMovement(symptom, elsewhere, from, to)).toBeLessThan(0.3);
  });

  it('is 0 when one of the series did not move over the span', () => {
    const cause = episode('payments', 180, 210, 1);
    // 4σ above its baseline the whole time, wobbling by a tenth of a σ
    const steady = { series: buildSeries('http_request_error_ratio', 'search', stepAt(0.05, 0.05, T0, Infinity, 0.02, 4)), baseline: 0.01, baselineSigma: 0.01, direction: 'up' as const };
    expect(coMovement(cause, steady, T0 + 175 * MIN, T0 + 215 * MIN)).toBe(0);
  });
});
