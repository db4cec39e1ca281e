import { describe, expect, it } from 'vitest';
import { slackTsToMs } from './slack-ts-to-ms.ts';

describe('slackTsToMs', () => {
  it.each([
    ['1772636531.000200', 1772636531000.2],
    ['1772636531.5', 1772636531500],
    ['1772636531', 1772636531000],
    ['1772636531.999999', 1772636531999.999],
  ])('%s → %d', (ts, ms) => {
    expect(slackTsToMs(ts)).toBeCloseTo(ms, 3);
  });

  it('orders messages within one millisecond by ts', () => {
    expect(slackTsToMs('1772636531.000200')!).toBeGreaterThan(slackTsToMs('1772636531.000100')!);
  });

  it.each(['', 'abc', '1772636531.', '.5', '1.2.3'])('rejects %j', (ts) => {
    expect(slackTsToMs(ts)).toBeUndefined();
  });
});
