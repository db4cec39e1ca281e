import { describe, expect, it } from 'vitest';
import { inTimeRange, resolveTimeRange } from './resolve-time-range.ts';

describe('resolveTimeRange', () => {
  it.each([
    [{}, {}],
    [{ start: '2026-03-04T15:00:00Z' }, { startMs: Date.parse('2026-03-04T15:00:00Z') }],
    [{ start: '2026-03-04T16:00:00+01:00', end: '2026-03-04T15:00:00Z' }, { startMs: Date.parse('2026-03-04T15:00:00Z'), endMs: Date.parse('2026-03-04T15:00:00Z') }],
  ])('%j → %j', (args, expected) => {
    expect(resolveTimeRange(args)).toEqual({ startMs: undefined, endMs: undefined, ...expected });
  });

  it.each([
    [{ start: '2026-03-04' }, /Invalid argument start: must be an RFC 3339 timestamp/],
    [{ end: '2026-02-30T00:00:00Z' }, /Invalid argument end/],
    [{ start: '2026-03-04T16:00:00Z', end: '2026-03-04T15:00:00Z' }, /Invalid argument start: must be at or before end/],
  ])('rejects %j', (args, message) => {
    expect(() => resolveTimeRange(args)).toThrow(message);
  });

  it('includes both bounds', () => {
    expect(inTimeRange(10, { startMs: 10, endMs: 20 })).toBe(true);
    expect(inTimeRange(20, { startMs: 10, endMs: 20 })).toBe(true);
    expect(inTimeRange(21, { startMs: 10, endMs: 20 })).toBe(false);
    expect(inTimeRange(9, { startMs: 10 })).toBe(false);
    expect(inTimeRange(-5, {})).toBe(true);
  });
});
