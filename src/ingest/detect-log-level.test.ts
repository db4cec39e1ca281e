import { describe, expect, it } from 'vitest';
import { detectLogLevel } from './detect-log-level.ts';

describe('detectLogLevel', () => {
  it.each([
    ['2026-03-04T15:00:00Z ERROR payment failed', 'error'],
    ['[WARN] pool at 90%', 'warn'],
    ['WARNING: disk almost full', 'warn'],
    ['FATAL could not bind', 'fatal'],
    ['PANIC in handler', 'fatal'],
    ['level=error msg="boom"', 'error'],
    ['ts=1 level=warn msg=slow', 'warn'],
    ['{"level":"error","msg":"payment failed"}', 'error'],
    ['{"severity": "WARNING", "message": "x"}', 'warn'],
    ['lvl: info started', 'info'],
    ['level=debug cache miss', 'debug'],
    ['panic: runtime error: invalid memory address', 'fatal'],
    ['INFO started in 3s', 'info'],
    ['GET /health 200', 'unknown'],
    ['an error occurred but lower-case words are left to analysis', 'unknown'],
  ])('%j → %s', (line, expected) => {
    expect(detectLogLevel(line)).toBe(expected);
  });

  it('prefers a keyed level over a shouted word', () => {
    expect(detectLogLevel('level=info msg="recovered from ERROR"')).toBe('info');
  });
});
