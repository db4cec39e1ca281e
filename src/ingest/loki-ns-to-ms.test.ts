import { describe, expect, it } from 'vitest';
import { lokiNsToMs } from './loki-ns-to-ms.ts';

describe('lokiNsToMs', () => {
  it('keeps whole milliseconds exact where a float of the nanoseconds would not', () => {
    const ns = '1772636530999999999';
    expect(Math.round(Number(ns) / 1e6)).toBe(1772636531000); // the naive way lands in the next ms
    expect(Math.floor(lokiNsToMs(ns) as number)).toBe(1772636530999);
  });

  it.each([
    ['1772636520123456789', 1772636520123.456],
    ['1772636531000000000', 1772636531000],
    ['1772636531000000001', 1772636531000],
    ['1772636531001000000', 1772636531001],
    ['1000000', 1],
    ['999999', 0.999],
    ['0', 0],
  ])('%s → %d ms', (ns, ms) => {
    expect(lokiNsToMs(ns)).toBeCloseTo(ms, 3);
  });

  it.each(['', '17726365.1', '-1', '1e18', '123456789012345678901', ' 1'])('rejects %j', (ns) => {
    expect(lokiNsToMs(ns)).toBeUndefined();
  });
});
