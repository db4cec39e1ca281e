import { describe, expect, it } from 'vitest';
import { parseStepSeconds, resolveStep } from './resolve-step.ts';

describe('parseStepSeconds', () => {
  it.each([
    [30, 30], ['30', 30], ['0.5', 0.5], ['1m', 60], ['1h30m', 5400], ['500ms', 0.5], ['2d', 172_800],
    [0, undefined], [-5, undefined], ['0s', undefined], ['fast', undefined], ['1.5m', undefined], ['', undefined],
  ])('%j → %j', (step, seconds) => {
    expect(parseStepSeconds(step)).toBe(seconds);
  });
});

describe('resolveStep', () => {
  it.each([
    // range, maxPoints, asked → step, downsampled
    [3_600_000, 300, 15, 15, false], // 241 points fit
    [3_600_000, 100, 15, 37, true], // 3600 / 99 = 36.4 → 37 s
    [6 * 3_600_000, 11_000, 15, 15, false],
    [0, 2, 15, 15, false],
  ])('range %i ms, maxPoints %i, step %i → %i (downsampled %s)', (rangeMs, maxPoints, asked, step, downsampled) => {
    const out = resolveStep(rangeMs, maxPoints, asked);
    expect(out).toEqual({ stepSeconds: step, downsampled });
    expect(Math.floor(rangeMs / 1000 / out.stepSeconds) + 1).toBeLessThanOrEqual(Math.max(maxPoints, 1));
  });
});
