import { describe, expect, it } from 'vitest';
import { parseRfc3339Ms } from './parse-rfc3339.ts';

describe('parseRfc3339Ms', () => {
  it.each([
    ['2026-03-04T15:02:11Z', Date.UTC(2026, 2, 4, 15, 2, 11)],
    ['2026-03-04T15:02:11.5Z', Date.UTC(2026, 2, 4, 15, 2, 11, 500)],
    ['2026-03-04T15:02:11.123456789Z', Date.UTC(2026, 2, 4, 15, 2, 11, 123)],
    ['2026-03-04T16:02:11+01:00', Date.UTC(2026, 2, 4, 15, 2, 11)],
    ['2026-03-04T10:02:11-05:00', Date.UTC(2026, 2, 4, 15, 2, 11)],
    ['2026-03-04 15:02:11z', Date.UTC(2026, 2, 4, 15, 2, 11)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s', (text, expected) => {
    expect(parseRfc3339Ms(text)).toBe(expected);
  });

  it.each(['2026-03-04T15:02:11', '2026-03-04', 'yesterday', '2026-02-30T00:00:00Z', '2026-03-04T25:00:00Z', '1772636531', ''])(
    'rejects %j',
    (text) => {
      expect(parseRfc3339Ms(text)).toBeUndefined();
    },
  );

  it('parses the Alertmanager zero time to a negative number', () => {
    expect(parseRfc3339Ms('0001-01-01T00:00:00Z')).toBeLessThan(0);
  });
});
